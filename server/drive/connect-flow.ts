import { drive } from 'googleapis/build/src/apis/drive';
import { sessionUser } from '../auth/session';
import { appOrigin, cookiesSecure } from '../http/origin';
import { readDriveSetup, redirectUriFor } from './config';
import { saveGrant } from './connection-repository';
import { describeGoogleError } from './google-errors';
import { consentUrl, createOAuthClient, DRIVE_FILE_SCOPE } from './oauth-client';
import {
  clearStateCookie,
  newPendingConnect,
  readPendingConnect,
  safeReturnTo,
  stateCookie,
  stateMatches,
} from './oauth-state';

/**
 * The OAuth web-server flow behind GET /api/google/connect and
 * GET /api/google/callback, on plain Request/Response. Whatever happens the
 * browser lands back on the page it came from, with `?drive=connected` or
 * `?drive=error&reason=<reason>` for the page to explain; tokens never leave
 * the server.
 *
 * Both steps belong to the signed-in user: the connection made is theirs
 * (GoogleConnection row id = user id), the pending state records who started
 * it, and a callback arriving in another user's session is refused
 * (`other_account`) without exchanging the code.
 */

export type ConnectFailureReason =
  | 'not_configured'
  | 'consent_refused'
  | 'state_mismatch'
  /** The connect was started by another user than the one now signed in. */
  | 'other_account'
  | 'missing_code'
  | 'exchange_failed'
  | 'scope_missing'
  | 'no_refresh_token'
  | 'google_error';

/**
 * The app's own origin, for the OAuth redirect URI: CIRCLE_PUBLIC_URL, or in local use the
 * loopback host the request came in on (proxy.ts refused any other Host before this runs).
 * Never X-Forwarded-Host: a client could name any host there.
 */
export function publicOrigin(request: Request): string {
  return appOrigin(request);
}

export async function beginConnect(request: Request): Promise<Response> {
  const user = await sessionUser(request.headers);
  if (!user) return unauthenticated();
  const url = new URL(request.url);
  const origin = publicOrigin(request);
  const secure = cookiesSecure();
  const returnTo = safeReturnTo(url.searchParams.get('returnTo'));
  const setup = readDriveSetup();
  if (!setup.configured) return backTo(returnTo, { drive: 'error', reason: 'not_configured' });
  const pending = newPendingConnect(user.id, returnTo, redirectUriFor(setup.config, origin));
  const client = createOAuthClient(setup.config, pending.redirectUri);
  return redirect(consentUrl(client, pending.state), stateCookie(pending, secure));
}

export async function completeConnect(request: Request): Promise<Response> {
  const user = await sessionUser(request.headers);
  if (!user) return unauthenticated();
  const url = new URL(request.url);
  const secure = cookiesSecure();
  const params = url.searchParams;
  const pending = readPendingConnect(request.headers.get('cookie'));
  const fail = (reason: ConnectFailureReason) =>
    backTo(pending?.returnTo ?? safeReturnTo(null), { drive: 'error', reason }, clearStateCookie(secure));

  // Checked before anything else, error answers included: only the browser that started the flow may finish it.
  if (!pending || !stateMatches(pending, params.get('state'))) return fail('state_mismatch');
  // …and only as the user who started it: someone else signed in meanwhile must not get (or give) this grant.
  if (pending.userId !== user.id) return fail('other_account');
  const error = params.get('error');
  if (error) return fail(error === 'access_denied' ? 'consent_refused' : 'google_error');
  const code = params.get('code');
  if (!code) return fail('missing_code');
  const setup = readDriveSetup();
  if (!setup.configured) return fail('not_configured');

  const client = createOAuthClient(setup.config, pending.redirectUri);
  let tokens;
  try {
    ({ tokens } = await client.getToken(code));
  } catch (e) {
    console.warn('Google code exchange failed:', describeGoogleError(e).message);
    return fail('exchange_failed');
  }
  // Google lets the user untick the Drive permission on its consent page.
  if (tokens.scope && !tokens.scope.split(' ').includes(DRIVE_FILE_SCOPE)) return fail('scope_missing');
  if (!tokens.refresh_token || !tokens.access_token) return fail('no_refresh_token');

  client.setCredentials(tokens);
  let email: string | null | undefined;
  try {
    const api = drive({ version: 'v3', auth: client, rootUrl: setup.config.apiRootUrl });
    email = (await api.about.get({ fields: 'user(emailAddress)' })).data.user?.emailAddress;
  } catch (e) {
    console.warn('Reading the Google account failed:', describeGoogleError(e).message);
  }
  if (!email) return fail('google_error');

  await saveGrant(user.id, {
    email,
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    accessTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
  });
  return backTo(pending.returnTo, { drive: 'connected' }, clearStateCookie(secure));
}

/** No session: the proxy normally answers before this, in the same words. */
function unauthenticated(): Response {
  return Response.json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } }, { status: 401, headers: { 'cache-control': 'no-store' } });
}

/** A relative Location, so the browser stays on whatever origin it used (proxies included). */
function backTo(returnTo: string, flags: Record<string, string>, cookie?: string): Response {
  const target = new URL(returnTo, 'http://app.invalid');
  for (const [key, value] of Object.entries(flags)) target.searchParams.set(key, value);
  return redirect(`${target.pathname}${target.search}${target.hash}`, cookie);
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  if (cookie) headers.append('set-cookie', cookie);
  return new Response(null, { status: 302, headers });
}
