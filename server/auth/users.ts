import { getDb } from '../db/client';
import { DomainError, notFound } from '../errors';
import { getAuth } from './auth';
import { createAccount, type NewAccount } from './setup';
import type { Role } from './session';

/**
 * The administrator's user management. Passwords are hashed and sessions ended through
 * better-auth's own adapter, so there is one implementation of each; listing and quotas are
 * plain reads and writes of the User table.
 */

export interface UserView {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  runsPerMinute: number | null;
  dailyBudgetUsd: number | null;
}

export async function listUsers(): Promise<UserView[]> {
  const users = await getDb().user.findMany({ orderBy: { createdAt: 'asc' } });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role === 'admin' ? 'admin' : 'user',
    disabled: Boolean(u.banned),
    createdAt: u.createdAt.toISOString(),
    runsPerMinute: u.runsPerMinute,
    dailyBudgetUsd: u.dailyBudgetUsd,
  }));
}

/** An account made by the administrator (an invitation: they hand over the first password). */
export function inviteUser(account: NewAccount, role: Role): Promise<string> {
  return createAccount(account, role);
}

async function assertUser(userId: string): Promise<void> {
  if (!(await getDb().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound('That account');
}

/** A disabled account cannot sign in, and every session it had ends now. */
export async function setDisabled(actingAdminId: string, userId: string, disabled: boolean): Promise<void> {
  if (userId === actingAdminId) throw new DomainError('INVALID_INPUT', 'You cannot disable your own account.');
  await assertUser(userId);
  const ctx = await getAuth().$context;
  await ctx.internalAdapter.updateUser(userId, { banned: disabled, banReason: disabled ? 'Disabled by the administrator' : null });
  if (disabled) await ctx.internalAdapter.deleteUserSessions(userId);
}

/** Sets a new password and ends the account's sessions (whoever knew the old one is out). */
export async function resetPassword(userId: string, password: string): Promise<void> {
  await assertUser(userId);
  const ctx = await getAuth().$context;
  const hash = await ctx.password.hash(password);
  const credential = await getDb().account.findFirst({ where: { userId, providerId: 'credential' }, select: { id: true } });
  if (credential) await ctx.internalAdapter.updatePassword(userId, hash);
  else await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: userId, userId, password: hash });
  await ctx.internalAdapter.deleteUserSessions(userId);
}

export async function setQuota(userId: string, quota: { runsPerMinute: number | null; dailyBudgetUsd: number | null }): Promise<void> {
  await assertUser(userId);
  await getDb().user.update({ where: { id: userId }, data: quota });
}
