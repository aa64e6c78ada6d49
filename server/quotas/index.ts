import { DomainError } from '../errors';
import { type CostedExpert, nextUtcMidnight, spentTodayUsd, worstCaseRunCostUsd } from './budget';
import { effectiveLimits, type QuotaOverrides } from './limits';
import { take } from './rate-limit';

export { type CostedExpert, type WorstCase, nextUtcMidnight, spentTodayUsd, startOfUtcDay, worstCaseRunCostUsd } from './budget';
export { type EffectiveLimits, type QuotaEnv, type QuotaOverrides, effectiveLimits, quotaEnv } from './limits';
export { type TakeResult, SlidingWindowLimiter, reset as resetRateLimits, take } from './rate-limit';

/** Seconds a person is asked to wait when a concurrency limit is reached. */
const CONCURRENCY_RETRY_SECONDS = 5;

export interface StartRunRequest {
  userId: string;
  overrides?: QuotaOverrides;
  /** The panel and chair the run would ask. */
  experts: readonly CostedExpert[];
  question: string;
  /** Runs of this user still going. */
  runningForUser: number;
  /** Runs of everyone still going. */
  runningTotal: number;
  now?: number;
}

/**
 * "$5.00", "$0.42", "$0.045", "$0.0105": at least cents, up to 4 decimals, so the numbers of a
 * refusal visibly add up to more than the budget.
 */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.0001) return 'under $0.0001';
  let text = usd.toFixed(4);
  while (text.endsWith('0') && text.length - text.indexOf('.') > 3) text = text.slice(0, -1);
  return `$${text}`;
}

const runs = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/**
 * Refuses a run the user may not start now, with a DomainError that says why and when to try
 * again: the server's concurrency, the user's, the daily budget, then the rate limit. The rate
 * limit is last and counts only runs that pass every check, so a refused run uses no slot.
 */
export async function assertCanStartRun(request: StartRunRequest): Promise<void> {
  const now = request.now ?? Date.now();
  const limits = effectiveLimits(request.overrides);

  if (request.runningTotal >= limits.maxConcurrentRuns) {
    throw new DomainError(
      'RATE_LIMITED',
      `The server is running ${runs(request.runningTotal)}, its limit is ${limits.maxConcurrentRuns} (CIRCLE_MAX_CONCURRENT_RUNS); try again in a few seconds.`,
      { retryAfterSeconds: CONCURRENCY_RETRY_SECONDS },
    );
  }

  if (request.runningForUser >= limits.maxConcurrentRunsPerUser) {
    throw new DomainError(
      'RATE_LIMITED',
      `You have ${runs(request.runningForUser)} going, your limit is ${limits.maxConcurrentRunsPerUser}: wait for one to finish or cancel it.`,
      { retryAfterSeconds: CONCURRENCY_RETRY_SECONDS },
    );
  }

  if (limits.dailyBudgetUsd > 0) {
    const worst = worstCaseRunCostUsd(request.experts, request.question);
    const spent = await spentTodayUsd(request.userId, now);
    if (spent + worst.usd > limits.dailyBudgetUsd) {
      const unpriced = worst.unpriced.length
        ? ` (not counting ${worst.unpriced.length} expert${worst.unpriced.length === 1 ? '' : 's'} whose model has no known price)`
        : '';
      throw new DomainError(
        'FORBIDDEN',
        `This run could cost up to ${formatUsd(worst.usd)}${unpriced} and you have used ${formatUsd(spent)} of your ${formatUsd(limits.dailyBudgetUsd)} daily budget (resets at 00:00 UTC).`,
      );
    }
  }

  const slot = take(request.userId, limits.runsPerMinute, now);
  if (!slot.ok) {
    throw new DomainError(
      'RATE_LIMITED',
      `You started ${runs(slot.recent)} in the last minute, the limit is ${limits.runsPerMinute}: try again in ${slot.retryAfterSeconds} s.`,
      { retryAfterSeconds: slot.retryAfterSeconds },
    );
  }
}

export interface QuotaStatus {
  runsPerMinute: number;
  /** Runs the user may have going at once. */
  maxConcurrentRuns: number;
  /** 0: no budget. */
  dailyBudgetUsd: number;
  spentTodayUsd: number;
  /** Next 00:00 UTC, ISO 8601. */
  resetsAt: string;
}

/** The user's limits and today's spending, for the settings page. */
export async function quotaStatus(userId: string, overrides?: QuotaOverrides, now: number = Date.now()): Promise<QuotaStatus> {
  const limits = effectiveLimits(overrides);
  return {
    runsPerMinute: limits.runsPerMinute,
    maxConcurrentRuns: limits.maxConcurrentRunsPerUser,
    dailyBudgetUsd: limits.dailyBudgetUsd,
    spentTodayUsd: await spentTodayUsd(userId, now),
    resetsAt: nextUtcMidnight(now).toISOString(),
  };
}
