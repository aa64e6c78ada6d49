import { readDriveSetup } from './config';
import { deleteConnection, readConnection, readConnectionStatus } from './connection-repository';
import { findDriveExport } from './export-repository';
import { describeGoogleError } from './google-errors';
import { createOAuthClient } from './oauth-client';

/** What the UI may know about a user's Google connection: never a token. */
export interface DriveStatus {
  configured: boolean;
  /** Environment variables still to set when not configured. */
  missing: string[];
  connected: boolean;
  email: string | null;
}

export async function driveStatus(userId: string): Promise<DriveStatus> {
  const setup = readDriveSetup();
  return { configured: setup.configured, missing: setup.configured ? [] : setup.missing, ...(await readConnectionStatus(userId)) };
}

export async function lastDriveExport(runId: string): Promise<{ exportedAt: Date; webViewLink: string } | null> {
  const record = await findDriveExport(runId);
  return record ? { exportedAt: record.exportedAt, webViewLink: record.webViewLink } : null;
}

/**
 * Revokes the user's grant at Google (revoking the refresh token ends its access
 * tokens too), then forgets that user's connection (no one else's). The local copy goes even when
 * Google cannot be reached, and `revokedAtGoogle` says so, so the UI can point
 * the user to their Google account's third-party access page.
 */
export async function disconnectDrive(userId: string): Promise<{ revokedAtGoogle: boolean }> {
  const connection = await readConnection(userId);
  const setup = readDriveSetup();
  let revokedAtGoogle = false;
  if (connection?.tokens && setup.configured) {
    try {
      await createOAuthClient(setup.config).revokeToken(connection.tokens.refreshToken);
      revokedAtGoogle = true;
    } catch (error) {
      const failure = describeGoogleError(error);
      // invalid_token: Google no longer knows the token, which is the outcome wanted.
      revokedAtGoogle = failure.reason === 'invalid_token';
      if (!revokedAtGoogle) console.warn('Revoking the Google token failed:', failure.message);
    }
  }
  await deleteConnection(userId);
  return { revokedAtGoogle };
}
