import { setTimeout as sleep } from 'node:timers/promises';
import { cancelledError, formatSeconds, ProviderError, providerLabel, unexpectedError } from './errors';
import { streamAnswer } from './stream-answer';
import type { Delta, StreamRequest } from './types';

/**
 * THE retry layer. Decision, written down once:
 *
 * - Retries are ours, not the SDKs'. Every adapter builds its client with `maxRetries: 0`
 *   (Gemini: no `retryOptions`, `automaticContinuation: false`). Two layers would multiply
 *   attempts and hide them from the request counts the tests and the UI rely on.
 * - Retry only before the first text. Once text has reached the caller it may be on screen
 *   and in the database; a second attempt would produce a different answer, and splicing it
 *   onto the first would be a lie. After the first text every failure is final, and the text
 *   already yielded stays the caller's (it should be kept, marked failed).
 * - Retried, with exponential backoff and jitter: 5xx, 408/409, network failures, a stream
 *   that closed early or was unreadable, and the time-to-first-token deadline.
 * - 429: wait exactly what Retry-After (or Google's RetryInfo) asks when that is within
 *   `retryAfterCapMs`; when the provider asks for longer we fail at once, because retrying
 *   sooner than asked only earns another 429. Without a hint, ordinary backoff.
 * - Never retried: 401/403 (the key is wrong), 400/404/422 (the request is wrong), cancellation.
 *
 * Deadlines are ours too: the SDKs' 10-minute timeout does not notice a stream that goes
 * silent after its headers. Each attempt gets its own AbortController, linked to the caller's
 * signal. Until the first text arrives the time-to-first-token deadline runs; after it, the
 * stall deadline is re-armed every time we wait for the next chunk (time the caller spends on
 * a delta does not count). When a deadline fires the attempt's controller aborts, which
 * closes the socket, and the wait is raced against it so a stuck SDK cannot hold us.
 */

export interface StreamPolicy {
  /** Total attempts including the first (3 means at most 2 retries). */
  maxAttempts: number;
  /** From the start of an attempt to its first text. */
  ttftTimeoutMs: number;
  /** Longest silence between chunks once text is flowing. */
  stallTimeoutMs: number;
  /** Longest Retry-After we are willing to wait for. */
  retryAfterCapMs: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  backoffBaseMs: number;
}

export interface PolicyHooks {
  /** Called before each attempt, from 1. */
  onAttempt?(attempt: number): void;
  /** Called when a failed attempt will be retried, with the wait before the next one. */
  onRetry?(error: ProviderError, delayMs: number): void;
}

type AbortCause = 'cancelled' | 'ttft' | 'stall';

/** One upstream request: its controller, its deadline timer and the adapter's iterator. */
class Attempt {
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<Delta>;
  private readonly aborted: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private cause: AbortCause | undefined;
  private readonly onCallerAbort = () => this.abort('cancelled');

  constructor(private readonly req: StreamRequest) {
    this.aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(new Error('attempt aborted')), { once: true });
    });
    // Raced in next(); an abort while nobody is waiting must not become an unhandled rejection.
    this.aborted.catch(() => undefined);
    req.signal.addEventListener('abort', this.onCallerAbort, { once: true });
    this.iterator = streamAnswer({ ...req, signal: this.controller.signal })[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<Delta>> {
    return Promise.race([this.iterator.next(), this.aborted]);
  }

  arm(ms: number, cause: 'ttft' | 'stall'): void {
    this.disarm();
    this.timer = setTimeout(() => this.abort(cause), ms);
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private abort(cause: AbortCause): void {
    if (this.controller.signal.aborted) return;
    this.cause = cause;
    this.controller.abort();
  }

  /** Turns whatever ended the attempt into the error the caller sees. */
  explain(error: unknown, policy: StreamPolicy): ProviderError {
    const label = providerLabel(this.req.provider, this.req.baseUrl);
    const provider = this.req.provider;
    switch (this.cause) {
      case 'cancelled':
        return cancelledError(provider, label);
      case 'ttft':
        return new ProviderError({ provider, kind: 'timeout', retryable: true, message: `${label} did not start answering within ${formatSeconds(policy.ttftTimeoutMs)}` });
      case 'stall':
        return new ProviderError({ provider, kind: 'timeout', retryable: false, message: `${label} stopped sending for ${formatSeconds(policy.stallTimeoutMs)} in the middle of the answer` });
    }
    return error instanceof ProviderError ? error : unexpectedError(provider, label, error);
  }

  /** Releases the attempt; an unfinished one is aborted so its socket closes. */
  close(finished: boolean): void {
    this.disarm();
    this.req.signal.removeEventListener('abort', this.onCallerAbort);
    if (finished) return;
    // The caller stopped reading (or the attempt failed): nobody wants the rest of this answer.
    this.abort('cancelled');
    // Lets the adapter run its cleanup once its pending read has settled; nobody awaits it.
    this.iterator.return?.().catch(() => undefined);
  }
}

/** The wait before the next attempt, or undefined when waiting is pointless. */
function retryDelayMs(error: ProviderError, attempt: number, policy: StreamPolicy): number | undefined {
  if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.retryAfterCapMs ? error.retryAfterMs : undefined;
  }
  // "Equal jitter": half fixed, half random, so simultaneous failures do not retry in lockstep.
  const ceiling = policy.backoffBaseMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Streams one answer with deadlines and retries. Yields text deltas, then at most one usage
 * delta. Throws one ProviderError: after the first text it is never retried, and what was
 * yielded before it is the partial answer.
 */
export async function* streamWithPolicy(req: StreamRequest, policy: StreamPolicy, hooks: PolicyHooks = {}): AsyncGenerator<Delta> {
  const label = providerLabel(req.provider, req.baseUrl);
  for (let attempt = 1; ; attempt++) {
    if (req.signal.aborted) throw cancelledError(req.provider, label);
    hooks.onAttempt?.(attempt);

    const run = new Attempt(req);
    let sawText = false;
    let finished = false;
    let failure: ProviderError;
    try {
      run.arm(policy.ttftTimeoutMs, 'ttft');
      while (true) {
        const result = await run.next();
        if (result.done) {
          finished = true;
          return;
        }
        if (result.value.type === 'text') {
          sawText = true;
          run.disarm();
        }
        yield result.value;
        if (sawText) run.arm(policy.stallTimeoutMs, 'stall');
      }
    } catch (error) {
      failure = run.explain(error, policy);
    } finally {
      run.close(finished);
    }

    if (sawText || !failure.retryable || attempt >= policy.maxAttempts) throw failure;
    const delay = retryDelayMs(failure, attempt, policy);
    if (delay === undefined) throw failure;
    hooks.onRetry?.(failure, delay);
    try {
      await sleep(delay, undefined, { signal: req.signal });
    } catch {
      throw cancelledError(req.provider, label);
    }
  }
}
