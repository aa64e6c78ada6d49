import type { ProviderCredential } from '../generated/sqlite/client';
import { getDb } from '../client';
import { cachedConfig, invalidateConfig } from '../config-cache';
import { decryptSecret, encryptSecret, lastFour } from '../../crypto/secrets';
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

/** The decrypted key for a provider (and endpoint, for OpenAI-compatible ones), if one is stored. */
export async function readStoredKey(provider: ProviderKind, baseUrl = ''): Promise<string | undefined> {
  const row = (await listStoredCredentials()).find((c) => c.provider === provider && c.baseUrl === baseUrl);
  return row ? decryptSecret(row.encryptedKey) : undefined;
}

export async function countStoredCredentials(): Promise<number> {
  return (await listStoredCredentials()).length;
}
