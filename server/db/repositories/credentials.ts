import type { ProviderCredential } from '../generated/sqlite/client';
import { getDb } from '../client';
import { cachedConfig, invalidateConfig } from '../config-cache';
import { decryptSecret, encryptSecret, lastFour } from '../../crypto/secrets';
import { normaliseEndpoint } from '../../http/endpoints';
import type { ProviderKind } from '../../runs/types';

/** API keys entered on the settings page. Only this module sees them decrypted. */

export function listStoredCredentials(): Promise<ProviderCredential[]> {
  return cachedConfig('credentials', () => getDb().providerCredential.findMany({ orderBy: { provider: 'asc' } }));
}

export function saveCredential(provider: ProviderKind, apiKey: string, baseUrl = ''): Promise<ProviderCredential> {
  const data = { encryptedKey: encryptSecret(apiKey), last4: lastFour(apiKey) };
  return getDb()
    .providerCredential.upsert({
      where: { provider_baseUrl: { provider, baseUrl } },
      create: { provider, baseUrl, ...data },
      update: data,
    })
    .finally(invalidateConfig);
}

export async function deleteCredential(id: string): Promise<boolean> {
  const { count } = await getDb().providerCredential.deleteMany({ where: { id } }).finally(invalidateConfig);
  return count > 0;
}

/**
 * The decrypted key stored for a provider and exactly this endpoint, if any. A key is bound to
 * both: built-in providers store theirs with no endpoint (`''`, their official or operator-set
 * one), an OpenAI-compatible key with its normalised base URL. Stored endpoints are compared
 * normalised, so a row saved before normalisation still matches its own endpoint, and only it.
 */
export async function readStoredKey(provider: ProviderKind, baseUrl = ''): Promise<string | undefined> {
  const wanted = baseUrl === '' ? '' : normaliseEndpoint(baseUrl);
  if (wanted === undefined) return undefined;
  const row = (await listStoredCredentials()).find((c) => c.provider === provider && (c.baseUrl === '' ? '' : normaliseEndpoint(c.baseUrl)) === wanted);
  return row ? decryptSecret(row.encryptedKey) : undefined;
}

export async function countStoredCredentials(): Promise<number> {
  return (await listStoredCredentials()).length;
}
