import type { Expert } from '../db/generated/sqlite/client';
import { countStoredCredentials, listStoredCredentials, readStoredKey } from '../db/repositories/credentials';
import { countRealExperts } from '../db/repositories/experts';
import { env } from '../env';
import { DomainError } from '../errors';
import type { CredentialView } from './types';
import type { ProviderKind } from '../runs/types';
import { lastFour } from '../crypto/secrets';
import { checkEndpoint, normaliseEndpoint } from '../http/endpoints';

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

/** What the OpenAI SDK is given for a keyless endpoint (Ollama and the like): it wants some string. */
export const NO_KEY = 'not-needed';

const BUILT_IN_ENDPOINT_HINT: Record<Exclude<ProviderKind, 'openai_compatible'>, string> = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  gemini: 'GEMINI_BASE_URL',
};

/** Why a built-in provider takes no base URL from the settings page: the sentence the expert router answers with. */
export function builtInBaseUrlRefusal(provider: Exclude<ProviderKind, 'openai_compatible'>): string {
  return `${providerLabel[provider]} is always called at its official endpoint (or the operator's ${BUILT_IN_ENDPOINT_HINT[provider]}), so its key cannot be sent elsewhere. For another server, add an OpenAI-compatible expert with its own key.`;
}

/**
 * Resolves an expert's key and endpoint, so that a stored key only ever goes where it was
 * bound (issue 10, SSRF):
 * - built-in providers (OpenAI, Anthropic, Gemini): the official endpoint, or the operator's
 *   *_BASE_URL variable. A base URL stored on the expert is ignored, whatever put it there.
 *   A key saved on the settings page wins over the environment's (the person chose it there).
 * - OpenAI-compatible: the expert's own endpoint (or OPENAI_COMPATIBLE_BASE_URL), normalised;
 *   its key is the one stored for exactly that endpoint, or OPENAI_COMPATIBLE_API_KEY only when
 *   the endpoint is exactly OPENAI_COMPATIBLE_BASE_URL, or none.
 */
export async function resolveConnection(expert: Pick<Expert, 'provider' | 'baseUrl' | 'simulated' | 'name'>): Promise<ProviderConnection> {
  const provider = expert.provider as ProviderKind;
  if (expert.simulated) return { apiKey: 'simulated', baseUrl: simulatorBaseUrl(provider) };

  if (provider === 'openai_compatible') {
    const raw = expert.baseUrl ?? envBaseUrl(provider);
    if (!raw) throw new DomainError('NOT_CONFIGURED', `${expert.name} has no base URL: set one on the settings page or OPENAI_COMPATIBLE_BASE_URL.`);
    const checked = checkEndpoint(raw);
    if (!checked.ok) throw new DomainError('INVALID_INPUT', `${expert.name}: ${checked.message}`);
    const baseUrl = checked.url;
    const envEndpoint = normaliseEndpoint(envBaseUrl(provider));
    const apiKey = (await readStoredKey(provider, baseUrl)) ?? (envEndpoint === baseUrl ? envKey(provider) : undefined) ?? NO_KEY;
    return { apiKey, baseUrl };
  }

  const apiKey = (await readStoredKey(provider)) ?? envKey(provider);
  if (!apiKey) {
    throw new DomainError('NOT_CONFIGURED', `No API key for ${providerLabel[provider]} (${expert.name}): set ${envKeyName[provider]} or add a key on the settings page.`);
  }
  const baseUrl = envBaseUrl(provider);
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
