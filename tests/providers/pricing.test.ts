import { describe, expect, test } from 'vitest';
import { estimateCostUsd } from '../../server/providers';

const MILLION = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

describe('estimateCostUsd', () => {
  test.each([
    ['openai', 'gpt-4o', 12.5],
    ['openai', 'gpt-4o-2024-08-06', 12.5],
    ['openai', 'gpt-4o-mini-2024-07-18', 0.75],
    ['openai', 'gpt-4.1-nano', 0.5],
    ['openai', 'o3', 10],
    ['openai', 'o4-mini', 5.5],
    ['anthropic', 'claude-sonnet-4-20250514', 18],
    ['anthropic', 'claude-opus-4-1-20250805', 90],
    ['anthropic', 'claude-3-5-haiku-latest', 4.8],
    ['anthropic', 'claude-3-7-sonnet-20250219', 18],
    ['gemini', 'gemini-2.5-pro', 11.25],
    ['gemini', 'models/gemini-2.5-flash', 2.8],
    ['gemini', 'gemini-2.5-flash-lite', 0.5],
    ['gemini', 'gemini-2.0-flash-001', 0.5],
  ] as const)('%s %s costs $%s for a million tokens each way', (provider, model, usd) => {
    expect(estimateCostUsd(provider, model, MILLION)).toBeCloseTo(usd, 6);
  });

  test('prices input and output separately', () => {
    // gpt-4o: $2.50 in, $10 out per million.
    expect(estimateCostUsd('openai', 'gpt-4o', { inputTokens: 2000, outputTokens: 500 })).toBeCloseTo(0.01, 9);
  });

  test('a tier the table does not know is not priced as its base model', () => {
    expect(estimateCostUsd('openai', 'gpt-5-pro', MILLION)).toBeNull();
    expect(estimateCostUsd('openai', 'gpt-4oo', MILLION)).toBeNull();
  });

  test('unknown models, unknown hosts and unknown usage give null', () => {
    expect(estimateCostUsd('openai', 'my-finetune', MILLION)).toBeNull();
    expect(estimateCostUsd('openai_compatible', 'gpt-4o', MILLION)).toBeNull();
    expect(estimateCostUsd('anthropic', 'claude-sonnet-4', {})).toBeNull();
  });

  test('simulated experts cost nothing, whatever their model id', () => {
    expect(estimateCostUsd('openai', 'gpt-4o', MILLION, { simulated: true })).toBe(0);
    expect(estimateCostUsd('gemini', 'sim-nova', MILLION, { simulated: true })).toBe(0);
  });
});
