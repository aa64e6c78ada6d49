import { getDb } from '../db/client';
import { estimateCostUsd } from '../providers/pricing';
import type { ProviderKind } from '../providers/types';

const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `now` falls in. */
export function startOfUtcDay(now: number = Date.now()): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** 00:00 UTC of the next day: when the daily budget starts again. */
export function nextUtcMidnight(now: number = Date.now()): Date {
  return new Date(startOfUtcDay(now).getTime() + DAY_MS);
}

/** What the user's runs started since 00:00 UTC today have cost so far, in USD (unpriced answers count 0). */
export async function spentTodayUsd(userId: string, now: number = Date.now()): Promise<number> {
  const result = await getDb().answer.aggregate({
    _sum: { costUsd: true },
    where: { run: { userId, createdAt: { gte: startOfUtcDay(now) } } },
  });
  return result._sum.costUsd ?? 0;
}

export interface CostedExpert {
  provider: ProviderKind;
  model: string;
  simulated: boolean;
  maxTokens: number;
  systemPrompt?: string | null;
}

export interface WorstCase {
  /** Upper estimate in USD: every priced expert writes its whole maxTokens. */
  usd: number;
  /** Non-simulated experts whose model has no known price: counted as 0 in `usd`. */
  unpriced: { provider: ProviderKind; model: string }[];
}

/**
 * The most a run may cost before it starts: each non-simulated expert reads the question and
 * its persona (about 4 characters a token, plus 50 for the framing) and writes its whole
 * maxTokens. Simulated experts cost nothing.
 */
export function worstCaseRunCostUsd(experts: readonly CostedExpert[], question: string): WorstCase {
  let usd = 0;
  const unpriced: WorstCase['unpriced'] = [];
  for (const expert of experts) {
    if (expert.simulated) continue;
    const inputTokens = Math.ceil((question.length + (expert.systemPrompt?.length ?? 0)) / 4) + 50;
    const cost = estimateCostUsd(expert.provider, expert.model, { inputTokens, outputTokens: expert.maxTokens });
    if (cost === null) unpriced.push({ provider: expert.provider, model: expert.model });
    else usd += cost;
  }
  return { usd, unpriced };
}
