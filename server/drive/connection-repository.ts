import { getDb } from '../db/client';
import { decryptSecret, encryptSecret } from '../crypto/secrets';

/**
 * The one Google connection (a single-user app: row id "default"). Tokens are
 * stored AES-256-GCM encrypted and only this module sees them decrypted; the
 * folder id survives a lost grant so a reconnect to the same account keeps
 * exporting into the same folder.
 */

const ID = 'default';

export interface DriveTokens {
  refreshToken: string;
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
}

export interface DriveConnection {
  email: string | null;
  /** Null when never connected, disconnected, or the grant was revoked at Google. */
  tokens: DriveTokens | null;
  folderId: string | null;
}

export async function readConnection(): Promise<DriveConnection | null> {
  const row = await getDb().googleConnection.findUnique({ where: { id: ID } });
  if (!row) return null;
  return {
    email: row.email,
    tokens: row.encryptedRefreshToken
      ? {
          refreshToken: decryptSecret(row.encryptedRefreshToken),
          accessToken: row.encryptedAccessToken ? decryptSecret(row.encryptedAccessToken) : null,
          accessTokenExpiresAt: row.accessTokenExpiresAt,
        }
      : null,
    folderId: row.folderId,
  };
}

/** Whether a grant is stored, and for which account: without decrypting anything. */
export async function readConnectionStatus(): Promise<{ connected: boolean; email: string | null }> {
  const row = await getDb().googleConnection.findUnique({ where: { id: ID }, select: { email: true, encryptedRefreshToken: true } });
  const connected = Boolean(row?.encryptedRefreshToken);
  return { connected, email: connected ? (row?.email ?? null) : null };
}

/** A fresh grant from the consent flow. Another account cannot see the old folder, so it is forgotten. */
export async function saveGrant(grant: { email: string; refreshToken: string; accessToken: string; accessTokenExpiresAt: Date | null }): Promise<void> {
  const db = getDb();
  const previous = await db.googleConnection.findUnique({ where: { id: ID }, select: { email: true } });
  const data = {
    email: grant.email,
    encryptedRefreshToken: encryptSecret(grant.refreshToken),
    encryptedAccessToken: encryptSecret(grant.accessToken),
    accessTokenExpiresAt: grant.accessTokenExpiresAt,
    ...(previous && previous.email !== grant.email ? { folderId: null } : {}),
  };
  await db.googleConnection.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
}

/**
 * A token refreshed by the OAuth client. Only applied while a grant is stored,
 * so a refresh that lands after a disconnect cannot bring the connection back.
 */
export async function saveRefreshedTokens(tokens: { accessToken: string; accessTokenExpiresAt: Date | null; refreshToken?: string }): Promise<void> {
  await getDb().googleConnection.updateMany({
    where: { id: ID, encryptedRefreshToken: { not: null } },
    data: {
      encryptedAccessToken: encryptSecret(tokens.accessToken),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      ...(tokens.refreshToken ? { encryptedRefreshToken: encryptSecret(tokens.refreshToken) } : {}),
    },
  });
}

export async function saveFolderId(folderId: string): Promise<void> {
  await getDb().googleConnection.updateMany({ where: { id: ID }, data: { folderId } });
}

/** The grant is gone at Google (revoked or expired): forget the tokens, keep the folder. */
export async function clearCredentials(): Promise<void> {
  await getDb().googleConnection.updateMany({
    where: { id: ID },
    data: { email: null, encryptedRefreshToken: null, encryptedAccessToken: null, accessTokenExpiresAt: null },
  });
}

/** The user disconnected: nothing of the connection remains. */
export async function deleteConnection(): Promise<void> {
  await getDb().googleConnection.deleteMany({ where: { id: ID } });
}
