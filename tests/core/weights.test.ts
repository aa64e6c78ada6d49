/**
 * Bayesian expert weights on both backends: the Beta update, the evidence
 * ceiling, typed errors, and bit-identical numbers native vs fallback.
 */
import { describe, expect, it } from 'vitest';
import { fallbackBackend, updateWeight } from '../../server/core/index';
import { backends, native, errorCode } from './support';


/** The evidence ceiling documented in weights.rs / weights.ts. */
const MAX_EVIDENCE = 100;


describe.each(backends)('updateWeight (%s)', (_name, core) => {
  it('adds the score as fractional evidence to a Beta posterior', () => {
    const u = core.updateWeight({ alpha: 1, beta: 1 }, 1);
    expect([u.alpha, u.beta]).toEqual([2, 1]);
    expect(u.mean).toBeCloseTo(2 / 3, 15);
    expect(u.uncertainty).toBeCloseTo(Math.sqrt(1 / 18), 15); // Var Beta(2,1) = 2 / (3^2 * 4)
    const half = core.updateWeight({ alpha: 1, beta: 1 }, 0.5);
    expect([half.alpha, half.beta, half.mean]).toEqual([1.5, 1.5, 0.5]);
  });

  it('grows more certain with evidence and follows the scores', () => {
    let prior = { alpha: 1, beta: 1 };
    let last = Infinity;
    for (let i = 0; i < 30; i++) {
      const u = core.updateWeight(prior, 0.9);
      expect(u.uncertainty).toBeLessThan(last);
      last = u.uncertainty;
      prior = { alpha: u.alpha, beta: u.beta };
    }
    expect(prior.alpha / (prior.alpha + prior.beta)).toBeGreaterThan(0.85);
  });

  it('caps the evidence so a degrading expert keeps losing weight', () => {
    const capped = core.updateWeight({ alpha: 90, beta: 10 }, 1);
    expect(capped.alpha + capped.beta).toBeCloseTo(MAX_EVIDENCE, 9);
    expect(capped.mean).toBeCloseTo(91 / 101, 12);
    let prior = { alpha: capped.alpha, beta: capped.beta };
    for (let i = 0; i < 100; i++) {
      const u = core.updateWeight(prior, 0);
      prior = { alpha: u.alpha, beta: u.beta };
    }
    expect(prior.alpha / (prior.alpha + prior.beta)).toBeLessThan(0.5);
  });

  it('rejects invalid priors and scores with INVALID_ARGUMENT', () => {
    const bad: [number, number, number][] = [
      [Number.NaN, 1, 0.5],
      [0, 1, 0.5],
      [1, -2, 0.5],
      [Infinity, 1, 0.5],
      [1, 1, 1.01],
      [1, 1, -0.01],
      [1, 1, Number.NaN],
      [1, 1, Infinity],
      [Number.MAX_VALUE, Number.MAX_VALUE, 0.5],
    ];
    for (const [alpha, beta, score] of bad) {
      expect(errorCode(() => core.updateWeight({ alpha, beta }, score)), `${alpha} ${beta} ${score}`).toBe('INVALID_ARGUMENT');
    }
    expect(() => core.updateWeight({ alpha: Number.NaN, beta: 1 }, 0.5)).toThrow(/prior\.alpha/);
    expect(() => core.updateWeight({ alpha: 1, beta: 1 }, 2)).toThrow(/performanceScore/);
  });
});

describe.runIf(native)('updateWeight parity (native vs fallback)', () => {
  it('returns bit-identical posteriors', () => {
    let s = 7;
    const next = (): number => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const prior = { alpha: 1e-3 + next() * 10 ** (next() * 4), beta: 1e-3 + next() * 10 ** (next() * 4) };
      const score = i % 10 === 0 ? Math.round(next()) : next();
      expect(native!.updateWeight(prior, score)).toEqual(fallbackBackend.updateWeight(prior, score));
    }
  });
});

describe('updateWeight Promise version (active backend)', () => {
  it('resolves with the posterior and rejects with INVALID_ARGUMENT', async () => {
    expect(await updateWeight({ alpha: 3, beta: 2 }, 0.25)).toEqual(fallbackBackend.updateWeight({ alpha: 3, beta: 2 }, 0.25));
    await expect(updateWeight({ alpha: 0, beta: 1 }, 0.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
