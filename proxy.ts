import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from './server/http/csp';
import { checkRequest, refusalResponse } from './server/http/guard';
import { checkSession, unauthenticatedResponse } from './server/http/session-gate';

/**
 * The one gate every request passes (Next 16's proxy, Node runtime), before any page, route
 * handler or tRPC procedure: the Host, body-size and CSRF rules of server/http/guard.ts, then
 * the page's CSP with a fresh nonce. Why here and not in each route handler: a route added
 * later is covered without anyone remembering to call the guard, and pages, /api/trpc,
 * /api/google/* and /api/runs/* get the same rules in the same order. Then the session:
 * everything but sign-in, setup, better-auth's endpoints and shared reports needs one
 * (server/http/session-gate.ts).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const refusal = await checkRequest(request);
  if (refusal) return refusalResponse(refusal);
  const gate = await checkSession(request);
  if (gate.action === 'unauthenticated') return unauthenticatedResponse(request, gate.setupNeeded);

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Static build output and the site icons (app/favicon.ico, app/icon.svg) need neither checks
  // nor a CSP of their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
