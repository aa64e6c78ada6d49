import { describe, expect, it } from 'vitest';
import { nextUtcMidnight, startOfUtcDay, worstCaseRunCostUsd } from '../../server/quotas/budget';

describe('worstCaseRunCostUsd', () => {
  const question = 'q'.repeat(400); // 100 tokens at 4 characters a token

  it('prices a real model at its whole maxTokens, question and persona included', () => {
    // gpt-4o: $2.50 in, $10 out per million. Input ceil((400 + 200) / 4) + 50 = 200 tokens.
    const worst = worstCaseRunCostUsd([{ provider: 'openai', model: 'gpt-4o', simulated: false, maxTokens: 1000, systemPrompt: 's'.repeat(200) }], question);
    expect(worst.usd).toBeCloseTo((200 * 2.5 + 1000 * 10) / 1_000_000, 12);
    expect(worst.unpriced).toEqual([]);
  });

  it('sums the experts, counts simulated ones as free, and reports unpriced models', () => {
    const worst = worstCaseRunCostUsd(
      [
        // claude-sonnet-4-5 (dated id): $3 in, $15 out. Input 100 + 50 = 150 tokens (no persona).
        { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', simulated: false, maxTokens: 2000, systemPrompt: null },
        // Same price table, but simulated: costs nothing.
        { provider: 'openai', model: 'o3-pro', simulated: true, maxTokens: 100_000 },
        { provider: 'openai_compatible', model: 'llama3', simulated: false, maxTokens: 4000 },
        { provider: 'openai', model: 'not-a-real-model', simulated: false, maxTokens: 4000 },
      ],
      question,
    );
    expect(worst.usd).toBeCloseTo((150 * 3 + 2000 * 15) / 1_000_000, 12);
    expect(worst.unpriced).toEqual([
      { provider: 'openai_compatible', model: 'llama3' },
      { provider: 'openai', model: 'not-a-real-model' },
    ]);
  });

  it('is 0 for an all-simulated panel', () => {
    expect(worstCaseRunCostUsd([{ provider: 'gemini', model: 'gemini-2.5-pro', simulated: true, maxTokens: 8000 }], question)).toEqual({ usd: 0, unpriced: [] });
  });
});

describe('UTC day', () => {
  it('starts at 00:00 UTC and resets at the next 00:00 UTC', () => {
    const now = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    expect(startOfUtcDay(now).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(nextUtcMidnight(now).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(startOfUtcDay(Date.UTC(2027, 0, 1)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
