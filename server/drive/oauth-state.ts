import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decryptSecret, encryptSecret } from '../crypto/secrets';

/**
 * The OAuth `state` round trip. The connect route keeps the state, the signed-in
 * user who started it, where to return and the redirect URI in a short-lived
 * httpOnly cookie, sealed with
 * the app's secret key (AES-GCM, so it can be neither read nor forged); the
 * callback accepts a code only when Google hands back the same state, and only
 * for that same user.
 */

export const STATE_COOKIE = 'circle_google_oauth';
const MAX_AGE_SECONDS = 10 * 60;

export interface PendingConnect {
  state: string;
  /** The signed-in user who started the connect: the grant is theirs and only their session may finish it. */
  userId: string;
  returnTo: string;
  redirectUri: string;
  issuedAt: number;
}

export function newPendingConnect(userId: string, returnTo: string, redirectUri: string): PendingConnect {
  return { state: randomBytes(32).toString('base64url'), userId, returnTo, redirectUri, issuedAt: Date.now() };
}

/** The Set-Cookie header carrying the pending connect. Path-scoped to the Google routes. */
export function stateCookie(pending: PendingConnect, secure: boolean): string {
  const value = encodeURIComponent(encryptSecret(JSON.stringify(pending)));
  return `${STATE_COOKIE}=${value}; Path=/api/google; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearStateCookie(secure: boolean): string {
  return `${STATE_COOKIE}=; Path=/api/google; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The pending connect from a Cookie header; null when absent, tampered with or expired. */
export function readPendingConnect(cookieHeader: string | null): PendingConnect | null {
  const raw = cookieHeader
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${STATE_COOKIE}=`))
    ?.slice(STATE_COOKIE.length + 1);
  if (!raw) return null;
  try {
    const pending = JSON.parse(decryptSecret(decodeURIComponent(raw))) as PendingConnect;
    if (typeof pending.state !== 'string' || typeof pending.userId !== 'string' || !pending.userId || typeof pending.returnTo !== 'string' || typeof pending.redirectUri !== 'string') return null;
    if (typeof pending.issuedAt !== 'number' || Date.now() - pending.issuedAt > MAX_AGE_SECONDS * 1000) return null;
    return { ...pending, returnTo: safeReturnTo(pending.returnTo) };
  } catch {
    return null;
  }
}

export function stateMatches(pending: PendingConnect, state: string | null): boolean {
  if (!state) return false;
  const a = Buffer.from(pending.state);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A path on this app to return to; anything else (another host, "//evil", junk) becomes /settings. */
export function safeReturnTo(value: string | null | undefined): string {
  const fallback = '/settings';
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  try {
    const base = 'http://app.invalid';
    const url = new URL(value, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
