import { getDb } from '../db/client';
import { decryptSecret, encryptSecret } from '../crypto/secrets';

/**
 * Each user's Google connection: one row per user, whose id is the user's id
 * (a legacy single-user row "default" is renamed to the first administrator's
 * id by server/auth/adopt.ts). Tokens are stored AES-256-GCM encrypted and
 * only this module sees them decrypted; the folder id survives a lost grant so
 * a reconnect to the same account keeps exporting into the same folder.
 *
 * Every function takes the owning user's id: there is no "current" connection.
 */

/**
 * The row id for a user. Refuses a missing id: Prisma reads `where: { id: undefined }` as
 * "no filter", which in updateMany/deleteMany would touch every user's connection.
 */
function owner(userId: string): string {
  if (typeof userId !== 'string' || userId.length === 0) throw new Error('A Google connection belongs to a user: no user id was given.');
  return userId;
}

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

export async function readConnection(userId: string): Promise<DriveConnection | null> {
  const row = await getDb().googleConnection.findUnique({ where: { id: owner(userId) } });
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
export async function readConnectionStatus(userId: string): Promise<{ connected: boolean; email: string | null }> {
  const row = await getDb().googleConnection.findUnique({ where: { id: owner(userId) }, select: { email: true, encryptedRefreshToken: true } });
  const connected = Boolean(row?.encryptedRefreshToken);
  return { connected, email: connected ? (row?.email ?? null) : null };
}

/** A fresh grant from the consent flow. Another account cannot see the old folder, so it is forgotten. */
export async function saveGrant(userId: string, grant: { email: string; refreshToken: string; accessToken: string; accessTokenExpiresAt: Date | null }): Promise<void> {
  const db = getDb();
  const previous = await db.googleConnection.findUnique({ where: { id: owner(userId) }, select: { email: true } });
  const data = {
    email: grant.email,
    encryptedRefreshToken: encryptSecret(grant.refreshToken),
    encryptedAccessToken: encryptSecret(grant.accessToken),
    accessTokenExpiresAt: grant.accessTokenExpiresAt,
    ...(previous && previous.email !== grant.email ? { folderId: null } : {}),
  };
  await db.googleConnection.upsert({ where: { id: owner(userId) }, create: { id: owner(userId), ...data }, update: data });
}

/**
 * A token refreshed by the OAuth client. Only applied while a grant is stored,
 * so a refresh that lands after a disconnect cannot bring the connection back.
 */
export async function saveRefreshedTokens(userId: string, tokens: { accessToken: string; accessTokenExpiresAt: Date | null; refreshToken?: string }): Promise<void> {
  await getDb().googleConnection.updateMany({
    where: { id: owner(userId), encryptedRefreshToken: { not: null } },
    data: {
      encryptedAccessToken: encryptSecret(tokens.accessToken),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      ...(tokens.refreshToken ? { encryptedRefreshToken: encryptSecret(tokens.refreshToken) } : {}),
    },
  });
}

export async function saveFolderId(userId: string, folderId: string): Promise<void> {
  await getDb().googleConnection.updateMany({ where: { id: owner(userId) }, data: { folderId } });
}

/** The grant is gone at Google (revoked or expired): forget the tokens, keep the folder. */
export async function clearCredentials(userId: string): Promise<void> {
  await getDb().googleConnection.updateMany({
    where: { id: owner(userId) },
    data: { email: null, encryptedRefreshToken: null, encryptedAccessToken: null, accessTokenExpiresAt: null },
  });
}

/** The user disconnected: nothing of their connection remains (other users' are untouched). */
export async function deleteConnection(userId: string): Promise<void> {
  await getDb().googleConnection.deleteMany({ where: { id: owner(userId) } });
}
