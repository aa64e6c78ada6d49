import type { Expert } from '../db/generated/sqlite/client';
import { countStoredCredentials, listStoredCredentials, readStoredKey } from '../db/repositories/credentials';
import { countRealExperts } from '../db/repositories/experts';
import { env } from '../env';
import { DomainError } from '../errors';
import type { CredentialView } from './types';
import type { ProviderKind } from '../runs/types';
import { lastFour } from '../crypto/secrets';

/** Where and with which key an expert's provider is called. Keys never leave the server. */
export interface ProviderConnection {
  apiKey: string;
  baseUrl?: string;
}

const providerLabel: Record<ProviderKind, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  openai_compatible: 'the OpenAI-compatible endpoint',
};

const envKeyName: Record<ProviderKind, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  openai_compatible: 'OPENAI_COMPATIBLE_API_KEY',
};

function envKey(provider: ProviderKind): string | undefined {
  const e = env();
  return { openai: e.OPENAI_API_KEY, anthropic: e.ANTHROPIC_API_KEY, gemini: e.GEMINI_API_KEY, openai_compatible: e.OPENAI_COMPATIBLE_API_KEY }[provider];
}

function envBaseUrl(provider: ProviderKind): string | undefined {
  const e = env();
  return { openai: e.OPENAI_BASE_URL, anthropic: e.ANTHROPIC_BASE_URL, gemini: e.GEMINI_BASE_URL, openai_compatible: e.OPENAI_COMPATIBLE_BASE_URL }[provider];
}

/** Providers with a key in the environment (OpenAI-compatible counts when its base URL is set). */
export function providersInEnv(): ProviderKind[] {
  const kinds: ProviderKind[] = ['openai', 'anthropic', 'gemini'];
  const found = kinds.filter((k) => envKey(k));
  if (env().OPENAI_COMPATIBLE_BASE_URL) found.push('openai_compatible');
  return found;
}

/**
 * The simulated panel is used when forced, or when nothing real is set up:
 * no key in the environment, none stored, and no expert created by hand
 * (an Ollama expert needs no key, and creating it says "use real experts").
 */
export async function isSimulatorMode(): Promise<boolean> {
  const { CIRCLE_SIMULATOR } = env();
  if (CIRCLE_SIMULATOR === '1') return true;
  if (providersInEnv().length > 0 || (await countStoredCredentials()) > 0) return false;
  return (await countRealExperts()) === 0;
}

/** The simulator's base URL as each SDK expects it (OpenAI's includes /v1). */
export function simulatorBaseUrl(provider: ProviderKind): string {
  const url = env().CIRCLE_SIMULATOR_URL;
  if (!url) throw new DomainError('NOT_CONFIGURED', 'The provider simulator is not running: start the app with `npm start`.');
  const root = url.replace(/\/$/, '');
  return provider === 'openai' || provider === 'openai_compatible' ? `${root}/v1` : root;
}

/**
 * Resolves an expert's key and endpoint: a key saved on the settings page
 * wins over the environment (the person chose it explicitly there).
 */
export async function resolveConnection(expert: Pick<Expert, 'provider' | 'baseUrl' | 'simulated' | 'name'>): Promise<ProviderConnection> {
  const provider = expert.provider as ProviderKind;
  if (expert.simulated) return { apiKey: 'simulated', baseUrl: simulatorBaseUrl(provider) };

  if (provider === 'openai_compatible') {
    const baseUrl = expert.baseUrl ?? envBaseUrl(provider);
    if (!baseUrl) throw new DomainError('NOT_CONFIGURED', `${expert.name} has no base URL: set one on the settings page or OPENAI_COMPATIBLE_BASE_URL.`);
    // Local servers such as Ollama need no key; the SDK still wants a string.
    const apiKey = (await readStoredKey(provider, baseUrl)) ?? envKey(provider) ?? 'not-needed';
    return { apiKey, baseUrl };
  }

  const apiKey = (await readStoredKey(provider)) ?? envKey(provider);
  if (!apiKey) {
    throw new DomainError('NOT_CONFIGURED', `No API key for ${providerLabel[provider]} (${expert.name}): set ${envKeyName[provider]} or add a key on the settings page.`);
  }
  const baseUrl = expert.baseUrl ?? envBaseUrl(provider);
  return baseUrl ? { apiKey, baseUrl } : { apiKey };
}

/** Every credential as the settings page may show it: provider, endpoint, last 4 characters. */
export async function listCredentialViews(): Promise<CredentialView[]> {
  const stored: CredentialView[] = (await listStoredCredentials()).map((c) => ({
    id: c.id,
    provider: c.provider as ProviderKind,
    baseUrl: c.baseUrl,
    last4: c.last4,
    source: 'stored',
  }));
  const fromEnv: CredentialView[] = [];
  for (const provider of ['openai', 'anthropic', 'gemini', 'openai_compatible'] as const) {
    const key = envKey(provider);
    if (key) fromEnv.push({ id: null, provider, baseUrl: envBaseUrl(provider) ?? '', last4: lastFour(key), source: 'env' });
  }
  return [...stored, ...fromEnv];
}
