/**
 * Learned expert weights, TypeScript twin of native/core/src/weights.rs: a Beta
 * posterior over an expert's reliability, updated with a performance score in
 * [0, 1] as fractional evidence (alpha += s, beta += 1 - s). The weight is the
 * posterior mean, the uncertainty its standard deviation.
 *
 * Evidence ceiling: when alpha + beta would exceed MAX_EVIDENCE both are scaled
 * down to sum to it (same mean), so an expert that degrades keeps losing weight
 * instead of being frozen by its long history. Same operations, same order as
 * the Rust code, so both backends return bit-identical numbers.
 */
import { CoreError } from '../errors';
import type { WeightPosterior, WeightUpdate } from '../types';

/** Largest alpha + beta a posterior keeps: roughly the last hundred scores count. */
export const MAX_EVIDENCE = 100;

export function updateWeight(prior: WeightPosterior, performanceScore: number): WeightUpdate {
  if (typeof prior !== 'object' || prior === null) {
    throw new CoreError('INVALID_ARGUMENT', 'prior must be an object { alpha, beta }');
  }
  checkParameter('prior.alpha', prior.alpha);
  checkParameter('prior.beta', prior.beta);
  if (!(typeof performanceScore === 'number' && performanceScore >= 0 && performanceScore <= 1)) {
    throw new CoreError('INVALID_ARGUMENT', `performanceScore must be a number from 0 to 1, got ${String(performanceScore)}`);
  }
  let alpha = prior.alpha + performanceScore;
  let beta = prior.beta + (1 - performanceScore);
  const total = alpha + beta;
  if (!Number.isFinite(total)) {
    throw new CoreError('INVALID_ARGUMENT', 'prior.alpha + prior.beta is too large to represent');
  }
  if (total > MAX_EVIDENCE) {
    const scale = MAX_EVIDENCE / total;
    alpha *= scale;
    beta *= scale;
  }
  const sum = alpha + beta;
  const variance = (alpha * beta) / (sum * sum * (sum + 1));
  return { alpha, beta, mean: alpha / sum, uncertainty: Math.sqrt(variance) };
}

function checkParameter(name: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} must be a finite number greater than 0, got ${String(value)}`);
  }
}
