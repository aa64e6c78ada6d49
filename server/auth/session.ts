import { getAuth } from './auth';

export type Role = 'admin' | 'user';

/** Who is asking: what the tRPC context, the route handlers and the proxy know of a session. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  runsPerMinute: number | null;
  dailyBudgetUsd: number | null;
}

/** The signed-in person of a request, or null (no cookie, expired, revoked or disabled). */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: string | null; banned?: boolean | null; runsPerMinute?: number | null; dailyBudgetUsd?: number | null };
  // Disabling an account revokes its sessions; this also covers a session read in between.
  if (user.banned) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role === 'admin' ? 'admin' : 'user',
    runsPerMinute: user.runsPerMinute ?? null,
    dailyBudgetUsd: user.dailyBudgetUsd ?? null,
  };
}
