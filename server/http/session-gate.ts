import { sessionUser } from '../auth/session';
import { needsSetup } from '../auth/setup';
import { appOrigin } from './origin';

/**
 * The session rule of the HTTP edge (proxy.ts, right after the Host/CSRF/size guard): every
 * request needs a signed-in person except the few that exist for people who are not signed
 * in yet or not at all. One list, here, instead of a check in each route or procedure.
 */

/**
 * Pages and routes anyone may open: sign-in, setup, better-auth's own endpoints, shared reports,
 * and the site icon (app/icon.svg, app/favicon.ico), which the sign-in page itself links.
 * proxy.ts's matcher skips the icons already; listed here too so a matcher change cannot hide them.
 */
const PUBLIC_PATH = [/^\/favicon\.ico$/, /^\/icon\.svg$/, /^\/sign-in\/?$/, /^\/sign-up\/?$/, /^\/setup\/?$/, /^\/api\/auth\//, /^\/r\/[^/]+(\/report)?\/?$/];

/** tRPC procedures that need no session (each is also a publicProcedure in its router). */
export const PUBLIC_PROCEDURES = new Set(['account.setupStatus', 'account.setup', 'drive.exportShared']);

const TRPC_PREFIX = '/api/trpc/';

/** True when the request may go on without a session. */
export function isPublicRequest(pathname: string): boolean {
  if (PUBLIC_PATH.some((pattern) => pattern.test(pathname))) return true;
  if (!pathname.startsWith(TRPC_PREFIX)) return false;
  // A batch is "a,b,c": public only if every procedure in it is.
  const procedures = decodeURIComponent(pathname.slice(TRPC_PREFIX.length)).split(',');
  return procedures.length > 0 && procedures.every((p) => PUBLIC_PROCEDURES.has(p));
}

export type GateDecision = { action: 'continue' } | { action: 'unauthenticated'; setupNeeded: boolean };

export async function checkSession(request: Request): Promise<GateDecision> {
  const { pathname } = new URL(request.url);
  if (isPublicRequest(pathname)) return { action: 'continue' };
  if (await sessionUser(request.headers)) return { action: 'continue' };
  return { action: 'unauthenticated', setupNeeded: await needsSetup() };
}

/** API callers get 401 JSON; a person opening a page is sent to sign in (or to set up the server). */
export function unauthenticatedResponse(request: Request, setupNeeded: boolean): Response {
  const url = new URL(request.url);
  if (url.pathname.startsWith('/api/')) {
    const message = setupNeeded ? 'This server has no administrator yet: open it in a browser to set it up.' : 'Sign in first.';
    return Response.json({ error: { code: 'UNAUTHENTICATED', message } }, { status: 401 });
  }
  const target = setupNeeded ? '/setup' : `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`;
  // Absolute, on the origin the guard accepted (Next refuses a relative Location here).
  return new Response(null, { status: 307, headers: { location: new URL(target, appOrigin(request)).href, 'cache-control': 'no-store' } });
}
