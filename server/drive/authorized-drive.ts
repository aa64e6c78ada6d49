import { drive, type drive_v3 } from 'googleapis/build/src/apis/drive';
import type { DriveConfig } from './config';
import { saveRefreshedTokens, type DriveTokens } from './connection-repository';
import { createOAuthClient, type OAuthClient } from './oauth-client';

/**
 * A Drive v3 client acting for one user's stored grant. When the OAuth client
 * refreshes the access token (expired, or forced after a 401) it emits
 * `tokens`; the new token is saved encrypted so the next export starts with
 * it. `settled()` waits for those writes before the export reports back.
 */
export interface AuthorizedDrive {
  drive: drive_v3.Drive;
  auth: OAuthClient;
  /** Per-call options for uploads: googleapis builds media URLs from these, not from the client's rootUrl. */
  uploadOptions: { rootUrl: string };
  settled(): Promise<void>;
}

export function authorizedDrive(config: DriveConfig, userId: string, tokens: DriveTokens): AuthorizedDrive {
  const auth = createOAuthClient(config);
  auth.setCredentials({
    refresh_token: tokens.refreshToken,
    access_token: tokens.accessToken,
    expiry_date: tokens.accessTokenExpiresAt?.getTime() ?? null,
  });

  let writes: Promise<void> = Promise.resolve();
  auth.on('tokens', (fresh) => {
    const accessToken = fresh.access_token;
    if (!accessToken) return;
    writes = writes.then(() =>
      saveRefreshedTokens(userId, {
        accessToken,
        accessTokenExpiresAt: fresh.expiry_date ? new Date(fresh.expiry_date) : null,
        refreshToken: fresh.refresh_token ?? undefined,
      }).catch((error: unknown) => {
        // The token still works in memory for this export; the next one refreshes again.
        console.warn('Could not save the refreshed Google access token:', error instanceof Error ? error.message : String(error));
      }),
    );
  });

  return {
    // retry: false — drive-call.ts owns retries, so attempts are counted once.
    drive: drive({ version: 'v3', auth, rootUrl: config.apiRootUrl, retry: false }),
    auth,
    uploadOptions: { rootUrl: config.apiRootUrl },
    settled: () => writes,
  };
}
