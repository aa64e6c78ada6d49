import { describeGoogleError, type GoogleFailure } from './google-errors';

/**
 * The retry policy of one export. A 401 gets one forced token refresh and one
 * more try (the stored access token can be revoked or expire early). Rate
 * limits, 5xx and network failures get exponential backoff with jitter, a few
 * times. Everything else fails at once. The googleapis client's own retries
 * are switched off (see authorized-drive.ts) so this is the only policy.
 */

export interface RetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

export class DriveCallError extends Error {
  constructor(
    readonly failure: GoogleFailure,
    readonly attempts: number,
  ) {
    super(`Google Drive call failed (${failure.status ?? 'no response'}: ${failure.message})`);
    this.name = 'DriveCallError';
  }
}

export type DriveCall = <T>(request: () => Promise<T>) => Promise<T>;

export function createDriveCall(policy: RetryPolicy, forceRefresh: () => Promise<unknown>): DriveCall {
  let refreshed = false;
  return async function call<T>(request: () => Promise<T>): Promise<T> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        return await request();
      } catch (error) {
        const failure = describeGoogleError(error);
        if (failure.kind === 'unauthorized' && !refreshed) {
          // Once per export: a second 401 right after a fresh token means the grant itself is bad.
          refreshed = true;
          await refresh(forceRefresh, attempt);
          attempt -= 1;
          continue;
        }
        if (failure.kind === 'retryable' && attempt < policy.attempts) {
          await sleep(backoff(policy, attempt, failure.retryAfterMs));
          continue;
        }
        throw new DriveCallError(failure, attempt);
      }
    }
  };
}

async function refresh(forceRefresh: () => Promise<unknown>, attempt: number): Promise<void> {
  try {
    await forceRefresh();
  } catch (error) {
    throw new DriveCallError(describeGoogleError(error), attempt);
  }
}

function backoff(policy: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const jittered = exponential * (0.5 + Math.random() / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
