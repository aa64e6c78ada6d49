import { env, type Env } from '../env';

/** The four quota variables, from the app's one validated environment (server/env.ts). */
export type QuotaEnv = Pick<Env, 'CIRCLE_RUNS_PER_MINUTE' | 'CIRCLE_MAX_CONCURRENT_RUNS_PER_USER' | 'CIRCLE_MAX_CONCURRENT_RUNS' | 'CIRCLE_DAILY_BUDGET_USD'>;

export function quotaEnv(): QuotaEnv {
  return env();
}

/** A user's own limits, set by an administrator; null or undefined: the server's default. */
export interface QuotaOverrides {
  runsPerMinute?: number | null;
  dailyBudgetUsd?: number | null;
}

export interface EffectiveLimits {
  /** Runs the user may start in any rolling minute. */
  runsPerMinute: number;
  /** Runs the user may have going at once. */
  maxConcurrentRunsPerUser: number;
  /** Runs the whole server may have going at once. */
  maxConcurrentRuns: number;
  /** USD per UTC day; 0 means no budget. */
  dailyBudgetUsd: number;
}

/**
 * The limits that apply to one user: the server's defaults, replaced by the user's overrides
 * where set. A runsPerMinute override must be a positive whole number (anything else, 0
 * included, falls back to the default: nobody is locked out by a typo); a dailyBudgetUsd
 * override of 0 means no budget, as the variable does, and a negative one falls back.
 */
export function effectiveLimits(overrides: QuotaOverrides = {}): EffectiveLimits {
  const defaults = quotaEnv();
  const rpm = overrides.runsPerMinute;
  const budget = overrides.dailyBudgetUsd;
  return {
    runsPerMinute: typeof rpm === 'number' && Number.isFinite(rpm) && rpm >= 1 ? Math.floor(rpm) : defaults.CIRCLE_RUNS_PER_MINUTE,
    maxConcurrentRunsPerUser: defaults.CIRCLE_MAX_CONCURRENT_RUNS_PER_USER,
    maxConcurrentRuns: defaults.CIRCLE_MAX_CONCURRENT_RUNS,
    dailyBudgetUsd: typeof budget === 'number' && Number.isFinite(budget) && budget >= 0 ? budget : defaults.CIRCLE_DAILY_BUDGET_USD,
  };
}
