import { auth } from 'googleapis/build/src/apis/drive';
import type { DriveConfig } from './config';

/**
 * The googleapis OAuth2 client, pointed at the configured endpoints. Imported
 * from googleapis' Drive entry point rather than the package root, which
 * loads every Google API (over a second of start-up) for the one we use.
 */
export type OAuthClient = InstanceType<typeof auth.OAuth2>;

/** Only files this app creates or opens: no access to the rest of the user's Drive. */
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

export function createOAuthClient(config: DriveConfig, redirectUri?: string): OAuthClient {
  return new auth.OAuth2({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: config.authUrl,
      oauth2TokenUrl: config.tokenUrl,
      oauth2RevokeUrl: config.revokeUrl,
    },
  });
}

/**
 * The consent page address. `access_type=offline` gets a refresh token so
 * exports keep working after the hour-long access token; `prompt=consent`
 * makes Google issue that refresh token again on a reconnect (it otherwise
 * only does so on the very first consent).
 */
export function consentUrl(client: OAuthClient, state: string): string {
  return client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [DRIVE_FILE_SCOPE], state });
}
