import type { Share } from '../generated/sqlite/client';
import { getDb } from '../client';

/** Revokes the run's live links and makes the new one, in one transaction. */
export function replaceShares(runId: string, tokenHash: string): Promise<Share> {
  return getDb().$transaction(async (tx) => {
    await tx.share.updateMany({ where: { runId, revokedAt: null }, data: { revokedAt: new Date() } });
    return tx.share.create({ data: { runId, tokenHash } });
  });
}

export function findShareByHash(tokenHash: string): Promise<Share | null> {
  return getDb().share.findUnique({ where: { tokenHash } });
}

export function findActiveShare(runId: string): Promise<Share | null> {
  return getDb().share.findFirst({ where: { runId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
}

/** Revokes every live link of a run; returns how many there were. */
export async function revokeShares(runId: string): Promise<number> {
  const { count } = await getDb().share.updateMany({ where: { runId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
