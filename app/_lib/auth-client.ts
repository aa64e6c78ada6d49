import { adminClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/**
 * The browser's side of better-auth, mounted at /api/auth on the same origin (so no baseURL).
 * Its calls answer `{ data, error }` instead of throwing; the forms show `error.message`.
 */
export const authClient = createAuthClient({ plugins: [adminClient()] });

/**
 * Starts the single sign-on round trip. better-auth 1.7 registers generic OAuth/OIDC providers
 * as social providers (there is no genericOAuthClient or signIn.oauth2 any more), so the
 * provider id goes through signIn.social; the client then follows the provider's URL itself.
 */
export function signInWithOidc(callbackURL: string) {
  return authClient.signIn.social({ provider: 'oidc', callbackURL, errorCallbackURL: '/sign-in' });
}

/**
 * Where to go after signing in: the `next` the server put in the sign-in link when it is a path
 * on this site. "//host" and "/\host" are other sites to a browser, so they fall back to "/".
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside "/\t/host") are dropped by URL parsers: refuse them.
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

/** A sentence from a better-auth `error`, which may come without one (a bare 500, a proxy page). */
export function authErrorMessage(error: { message?: string | undefined; statusText?: string | undefined } | null | undefined, fallback: string): string {
  return error?.message || error?.statusText || fallback;
}
