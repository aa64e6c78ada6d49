import { createHash, randomBytes } from 'node:crypto';
import { findActiveShare, findShareByHash, replaceShares, revokeShares } from '../db/repositories/shares';

/**
 * Read-only report links. The token is 256 bits from the OS's secure random
 * source; only its SHA-256 is stored, so a database leak reveals no links.
 * The consequence: a link is shown once, when it is made.
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One link per run at a time: a new link revokes the run's previous ones, so "Revoke" always
 * means "nobody with any link I ever sent can open this". Callers have checked ownership.
 */
export async function shareRun(runId: string): Promise<{ token: string; path: string; createdAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const share = await replaceShares(runId, hashToken(token));
  return { token, path: `/r/${token}`, createdAt: share.createdAt.toISOString() };
}

export async function revokeRunShares(runId: string): Promise<{ revoked: number }> {
  return { revoked: await revokeShares(runId) };
}

export async function shareStatus(runId: string): Promise<{ active: boolean; createdAt: string | null }> {
  const share = await findActiveShare(runId);
  return { active: Boolean(share), createdAt: share?.createdAt.toISOString() ?? null };
}

/** The run a live token opens, or null for a malformed, unknown or revoked one. */
export async function runIdForToken(token: string): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const share = await findShareByHash(hashToken(token));
  return share && !share.revokedAt ? share.runId : null;
}
