import { z } from 'zod';

/**
 * The four quota variables. Meant to be merged into the schema of server/env.ts (and listed in
 * README.md and .env.example); until then this module parses process.env with it itself,
 * memoised the way env() is.
 */
export const quotaEnvSchema = z.object({
  /** Runs one user may start in any rolling 60 seconds. */
  CIRCLE_RUNS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Runs one user may have going at once. */
  CIRCLE_MAX_CONCURRENT_RUNS_PER_USER: z.coerce.number().int().positive().default(3),
  /** Runs the whole server may have going at once. */
  CIRCLE_MAX_CONCURRENT_RUNS: z.coerce.number().int().positive().default(20),
  /** Worst-case USD one user may spend per UTC day; 0 means no budget. */
  CIRCLE_DAILY_BUDGET_USD: z.coerce.number().nonnegative().default(5),
});

export type QuotaEnv = z.infer<typeof quotaEnvSchema>;

const quotaEnvKeys = Object.keys(quotaEnvSchema.shape) as (keyof QuotaEnv)[];
let cached: { key: string; env: QuotaEnv } | undefined;

/** The quota variables of process.env, validated; throws a readable summary on bad values. */
export function quotaEnv(): QuotaEnv {
  const key = quotaEnvKeys.map((k) => process.env[k] ?? '').join('\u0000');
  if (cached?.key === key) return cached.env;
  // An empty value (`KEY=` in .env) means "not set", as in server/env.ts.
  const present = Object.fromEntries(
    quotaEnvKeys.flatMap((k) => {
      const v = process.env[k];
      return v === undefined || v.trim() === '' ? [] : [[k, v]];
    }),
  );
  const result = quotaEnvSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = { key, env: result.data };
  return result.data;
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
