import { env } from '../env';
import type { ProviderKind } from '../runs/types';

/**
 * Quotas that bound what one request can make the server (and the owner's provider
 * accounts) do. Enforced in one place each: the body size and batch size at the HTTP
 * edge (proxy.ts through server/http/guard.ts, app/api/trpc), the panel size in the run
 * router, the token cap in the expert router.
 */

/** Largest request body accepted, in bytes (1 MiB). Bigger bodies get 413 before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Most calls one tRPC batch may carry; the browser client batches a handful at most. */
export const MAX_BATCH_SIZE = 10;

/**
 * The most output tokens an expert may ask its provider for, per provider. Generous for
 * long answers, small enough that one run cannot ask for a 200k-token bill per expert.
 * CIRCLE_MAX_TOKENS lowers (or raises) every cap at once.
 */
export const PROVIDER_MAX_TOKENS: Record<ProviderKind, number> = {
  openai: 32_768,
  anthropic: 32_000,
  gemini: 32_768,
  openai_compatible: 32_768,
};

export function maxTokensFor(provider: ProviderKind): number {
  return env().CIRCLE_MAX_TOKENS ?? PROVIDER_MAX_TOKENS[provider];
}

/** The largest cap of any provider: the bound zod checks before the provider is known. */
export function maxTokensAnyProvider(): number {
  return env().CIRCLE_MAX_TOKENS ?? Math.max(...Object.values(PROVIDER_MAX_TOKENS));
}

/** Most experts one run may ask (CIRCLE_MAX_PANEL, default 12). */
export function maxPanelSize(): number {
  return env().CIRCLE_MAX_PANEL;
}
