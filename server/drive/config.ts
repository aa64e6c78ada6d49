import { env, type Env } from '../env';
import { DomainError } from '../errors';

/**
 * Google OAuth client settings from the environment. Client id and secret are
 * required; the redirect URI defaults to this app's own callback on whatever
 * origin serves the request; the Google endpoints default to Google's and are
 * overridable so tests and e2e can point them at a local fake.
 */
export interface DriveConfig {
  clientId: string;
  clientSecret: string;
  /** GOOGLE_REDIRECT_URI when set; otherwise derived per request (see redirectUriFor). */
  redirectUri: string | undefined;
  authUrl: string;
  tokenUrl: string;
  /** Google's revocation endpoint sits next to its token endpoint (oauth2.googleapis.com/revoke). */
  revokeUrl: string;
  /** googleapis `rootUrl`: Drive metadata calls and uploads both hang off it. */
  apiRootUrl: string;
}

export type DriveSetup = { configured: true; config: DriveConfig } | { configured: false; missing: string[] };

export const CALLBACK_PATH = '/api/google/callback';
export const CONNECT_PATH = '/api/google/connect';

export function readDriveSetup(e: Env = env()): DriveSetup {
  const missing = [
    ...(e.GOOGLE_CLIENT_ID ? [] : ['GOOGLE_CLIENT_ID']),
    ...(e.GOOGLE_CLIENT_SECRET ? [] : ['GOOGLE_CLIENT_SECRET']),
  ];
  if (!e.GOOGLE_CLIENT_ID || !e.GOOGLE_CLIENT_SECRET) return { configured: false, missing };
  return {
    configured: true,
    config: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      redirectUri: e.GOOGLE_REDIRECT_URI,
      authUrl: e.GOOGLE_OAUTH_AUTH_URL,
      tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
      revokeUrl: new URL('revoke', e.GOOGLE_OAUTH_TOKEN_URL).toString(),
      apiRootUrl: e.GOOGLE_API_ROOT_URL.endsWith('/') ? e.GOOGLE_API_ROOT_URL : `${e.GOOGLE_API_ROOT_URL}/`,
    },
  };
}

/** The config, or a NOT_CONFIGURED error naming the variables to set. */
export function requireDriveConfig(): DriveConfig {
  const setup = readDriveSetup();
  if (!setup.configured) {
    throw new DomainError('NOT_CONFIGURED', `Google Drive export is not configured: set ${setup.missing.join(' and ')} (see README, "Google Drive export").`);
  }
  return setup.config;
}

/** Must be identical in the consent request and the code exchange, so both derive it here. */
export function redirectUriFor(config: DriveConfig, origin: string): string {
  return config.redirectUri ?? new URL(CALLBACK_PATH, origin).toString();
}

/** Where the browser goes to (re)connect, coming back to `returnTo` afterwards. */
export function connectPath(returnTo: string): string {
  return `${CONNECT_PATH}?returnTo=${encodeURIComponent(returnTo)}`;
}
