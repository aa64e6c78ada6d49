import { afterEach, describe, expect, it } from 'vitest';
import { effectiveLimits, quotaEnv } from '../../server/quotas/limits';

const KEYS = ['CIRCLE_RUNS_PER_MINUTE', 'CIRCLE_MAX_CONCURRENT_RUNS_PER_USER', 'CIRCLE_MAX_CONCURRENT_RUNS', 'CIRCLE_DAILY_BUDGET_USD'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function clearQuotaEnv() {
  for (const k of KEYS) delete process.env[k];
}

describe('effectiveLimits', () => {
  it('uses the documented defaults when nothing is set', () => {
    clearQuotaEnv();
    expect(effectiveLimits({})).toEqual({ runsPerMinute: 10, maxConcurrentRunsPerUser: 3, maxConcurrentRuns: 20, dailyBudgetUsd: 5 });
  });

  it('reads the variables, and sees a change on the next call', () => {
    clearQuotaEnv();
    Object.assign(process.env, {
      CIRCLE_RUNS_PER_MINUTE: '4',
      CIRCLE_MAX_CONCURRENT_RUNS_PER_USER: '2',
      CIRCLE_MAX_CONCURRENT_RUNS: '7',
      CIRCLE_DAILY_BUDGET_USD: '1.5',
    });
    expect(effectiveLimits()).toEqual({ runsPerMinute: 4, maxConcurrentRunsPerUser: 2, maxConcurrentRuns: 7, dailyBudgetUsd: 1.5 });
    process.env.CIRCLE_RUNS_PER_MINUTE = '6';
    expect(effectiveLimits().runsPerMinute).toBe(6);
  });

  it('treats an empty value as unset and refuses a bad one with the variable named', () => {
    clearQuotaEnv();
    process.env.CIRCLE_RUNS_PER_MINUTE = ' ';
    expect(effectiveLimits().runsPerMinute).toBe(10);
    process.env.CIRCLE_MAX_CONCURRENT_RUNS = 'lots';
    expect(() => quotaEnv()).toThrow(/CIRCLE_MAX_CONCURRENT_RUNS/);
    process.env.CIRCLE_MAX_CONCURRENT_RUNS = '0';
    expect(() => quotaEnv()).toThrow(/CIRCLE_MAX_CONCURRENT_RUNS/);
    process.env.CIRCLE_MAX_CONCURRENT_RUNS = '20';
    process.env.CIRCLE_DAILY_BUDGET_USD = '-1';
    expect(() => quotaEnv()).toThrow(/CIRCLE_DAILY_BUDGET_USD/);
  });

  it("replaces the defaults with a user's overrides; null and undefined keep the default", () => {
    clearQuotaEnv();
    expect(effectiveLimits({ runsPerMinute: 2, dailyBudgetUsd: 0.5 })).toMatchObject({ runsPerMinute: 2, dailyBudgetUsd: 0.5 });
    expect(effectiveLimits({ runsPerMinute: null, dailyBudgetUsd: null })).toMatchObject({ runsPerMinute: 10, dailyBudgetUsd: 5 });
    expect(effectiveLimits({ runsPerMinute: undefined })).toMatchObject({ runsPerMinute: 10, dailyBudgetUsd: 5 });
    // Overrides never touch the concurrency limits.
    expect(effectiveLimits({ runsPerMinute: 50 })).toMatchObject({ maxConcurrentRunsPerUser: 3, maxConcurrentRuns: 20 });
  });

  it('0 means no budget, from the variable or an override', () => {
    clearQuotaEnv();
    expect(effectiveLimits({ dailyBudgetUsd: 0 }).dailyBudgetUsd).toBe(0);
    process.env.CIRCLE_DAILY_BUDGET_USD = '0';
    expect(effectiveLimits().dailyBudgetUsd).toBe(0);
    // A user given a budget on a server without one has that budget.
    expect(effectiveLimits({ dailyBudgetUsd: 2 }).dailyBudgetUsd).toBe(2);
  });

  it('falls back to the default on a runsPerMinute override that would lock the user out or is not a number', () => {
    clearQuotaEnv();
    expect(effectiveLimits({ runsPerMinute: 0 }).runsPerMinute).toBe(10);
    expect(effectiveLimits({ runsPerMinute: -3 }).runsPerMinute).toBe(10);
    expect(effectiveLimits({ runsPerMinute: Number.NaN }).runsPerMinute).toBe(10);
    expect(effectiveLimits({ runsPerMinute: 2.7 }).runsPerMinute).toBe(2);
    expect(effectiveLimits({ dailyBudgetUsd: -1 }).dailyBudgetUsd).toBe(5);
  });
});
