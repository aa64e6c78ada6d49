import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '../env';

/**
 * AES-256-GCM for secrets at rest (provider API keys, OAuth tokens).
 * Format: "v1:" + base64(iv[12] | tag[16] | ciphertext). The key comes from
 * CIRCLE_SECRET_KEY or, when unset, from CIRCLE_DATA_DIR/secret.key, which is
 * generated (mode 0600) on first use so a fresh install works without setup.
 */

const VERSION = 'v1';
let cachedKey: { source: string; key: Buffer } | undefined;

function loadKey(): Buffer {
  const { CIRCLE_SECRET_KEY, CIRCLE_DATA_DIR } = env();
  const source = CIRCLE_SECRET_KEY ? 'env' : path.resolve(CIRCLE_DATA_DIR, 'secret.key');
  if (cachedKey?.source === source) return cachedKey.key;

  let encoded: string;
  if (CIRCLE_SECRET_KEY) {
    encoded = CIRCLE_SECRET_KEY;
  } else if (existsSync(source)) {
    encoded = readFileSync(source, 'utf8').trim();
  } else {
    encoded = randomBytes(32).toString('base64');
    mkdirSync(path.dirname(source), { recursive: true });
    writeFileSync(source, encoded + '\n', { mode: 0o600 });
    chmodSync(source, 0o600);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) {
    throw new Error(`The secret key (${CIRCLE_SECRET_KEY ? 'CIRCLE_SECRET_KEY' : source}) must be 32 bytes, base64-encoded.`);
  }
  cachedKey = { source, key };
  return key;
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

export function decryptSecret(stored: string): string {
  const [version, payload] = stored.split(':', 2);
  if (version !== VERSION || !payload) throw new Error('Unrecognised encrypted secret format.');
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', loadKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('A stored secret could not be decrypted: was the secret key changed?');
  }
}

/** What the UI may show of a secret: its last 4 characters. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}

/**
 * A key of its own for another purpose (the session cookies' signing secret), derived from the
 * secret key with HKDF so a fresh install needs no second secret and the two never coincide.
 */
export function derivedSecret(purpose: string): string {
  return Buffer.from(hkdfSync('sha256', loadKey(), Buffer.alloc(0), `circle-of-experts:${purpose}`, 32)).toString('base64');
}
