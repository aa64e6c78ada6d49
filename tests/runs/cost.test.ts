import { describe, expect, it } from 'vitest';
import { runCost } from '../../server/runs/cost';
import type { AnswerView } from '../../server/runs/types';

const answer = (costUsd: number | null, extra: Partial<AnswerView> = {}) =>
  ({ costUsd, simulated: false, attempts: 1, status: 'done', ...extra }) as Pick<AnswerView, 'costUsd' | 'simulated' | 'attempts' | 'status'>;

describe('a run’s total cost', () => {
  it('sums the panel, the analyst and the chair', () => {
    const cost = runCost([answer(0.01), answer(0.02), answer(0.005), answer(0.0001)]);
    expect(cost.knownUsd).toBeCloseTo(0.0351, 10);
    expect(cost.unknownAnswers).toBe(0);
    expect(cost.label).toBe('$0.04');
  });

  it('says "at least" when some costs are unknown, instead of counting them as $0', () => {
    const cost = runCost([answer(0.003), answer(null), answer(0.002)]);
    expect(cost.knownUsd).toBeCloseTo(0.005, 10);
    expect(cost.unknownAnswers).toBe(1);
    expect(cost.label).toBe('at least $0.0050');
  });

  it('says "unknown" when no cost is known', () => {
    expect(runCost([answer(null), answer(null)]).label).toBe('unknown');
  });

  it('does not count an answer that was never asked (queued, or skipped) as unknown', () => {
    const cost = runCost([answer(0.02), answer(null, { attempts: 0, status: 'queued' }), answer(null, { attempts: 0, status: 'failed' })]);
    expect(cost.unknownAnswers).toBe(0);
    expect(cost.label).toBe('$0.02');
  });

  it('counts a streaming answer as unknown until it ends', () => {
    expect(runCost([answer(0.02), answer(null, { status: 'streaming', attempts: 1 })]).label).toBe('at least $0.02');
  });

  it('says "simulated, no cost" for a simulated run', () => {
    expect(runCost([answer(0, { simulated: true }), answer(null, { simulated: true, attempts: 0, status: 'queued' })]).label).toBe('simulated, no cost');
  });
});
