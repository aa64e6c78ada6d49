import type { ProviderKind, Usage } from './types';

/**
 * List prices in USD per million tokens (standard tier, prompts under any long-context
 * threshold), as published by each provider. Prices change: this table is a best effort for
 * showing an order of magnitude on a card, not for billing.
 */
interface Price {
  input: number;
  output: number;
}

const PRICES: Record<'openai' | 'anthropic' | 'gemini', Record<string, Price>> = {
  openai: {
    'gpt-4o': { input: 2.5, output: 10 },
    'gpt-4o-mini': { input: 0.15, output: 0.6 },
    'gpt-4.1': { input: 2, output: 8 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6 },
    'gpt-4.1-nano': { input: 0.1, output: 0.4 },
    'gpt-5': { input: 1.25, output: 10 },
    'gpt-5-mini': { input: 0.25, output: 2 },
    'gpt-5-nano': { input: 0.05, output: 0.4 },
    o1: { input: 15, output: 60 },
    'o1-mini': { input: 1.1, output: 4.4 },
    o3: { input: 2, output: 8 },
    'o3-mini': { input: 1.1, output: 4.4 },
    'o3-pro': { input: 20, output: 80 },
    'o4-mini': { input: 1.1, output: 4.4 },
  },
  anthropic: {
    'claude-opus-4': { input: 15, output: 75 },
    'claude-opus-4-1': { input: 15, output: 75 },
    'claude-opus-4-5': { input: 5, output: 25 },
    'claude-sonnet-4': { input: 3, output: 15 },
    'claude-sonnet-4-5': { input: 3, output: 15 },
    'claude-haiku-4-5': { input: 1, output: 5 },
    'claude-3-7-sonnet': { input: 3, output: 15 },
    'claude-3-5-sonnet': { input: 3, output: 15 },
    'claude-3-5-haiku': { input: 0.8, output: 4 },
    'claude-3-opus': { input: 15, output: 75 },
    'claude-3-haiku': { input: 0.25, output: 1.25 },
  },
  gemini: {
    'gemini-2.5-pro': { input: 1.25, output: 10 },
    'gemini-2.5-flash': { input: 0.3, output: 2.5 },
    'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
    'gemini-2.0-flash': { input: 0.1, output: 0.4 },
    'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  },
};

/**
 * Model ids carry dates and tags ("gpt-4o-2024-08-06", "claude-sonnet-4-20250514",
 * "models/gemini-2.5-flash-preview-05-20"): the longest table key that is the whole id or
 * a prefix followed by "-" or "@" wins, so "gpt-4o-mini-…" never prices as "gpt-4o".
 */
export function priceOf(provider: ProviderKind, model: string): Price | undefined {
  if (provider === 'openai_compatible') return undefined; // Unknown host: local, or resold at its own price.
  const table = PRICES[provider];
  const id = model.trim().toLowerCase().replace(/^models\//, '');
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    const fits = id === key || ((id.startsWith(`${key}-`) || id.startsWith(`${key}@`)) && !/^-(mini|nano|pro|lite)\b/.test(id.slice(key.length)));
    if (fits && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * Cost of one answer in USD; null when the model's price or the usage is unknown. Simulated
 * experts cost nothing, whatever model id their script gives them.
 */
export function estimateCostUsd(provider: ProviderKind, model: string, usage: Usage, options: { simulated?: boolean } = {}): number | null {
  if (options.simulated) return 0;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return null;
  const price = priceOf(provider, model);
  if (!price) return null;
  return ((usage.inputTokens ?? 0) * price.input + (usage.outputTokens ?? 0) * price.output) / 1_000_000;
}
