import { randomBytes } from 'node:crypto';

/**
 * A cuid-shaped id ("c" + 24 base-36 characters, about 124 random bits) made
 * before the row exists, so a run's upstream requests can start while its
 * rows are still being inserted.
 */
export function newId(): string {
  const bytes = randomBytes(16);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return 'c' + n.toString(36).padStart(25, '0').slice(-24);
}
