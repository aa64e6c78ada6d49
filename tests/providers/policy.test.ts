import { afterAll, beforeAll, describe, test } from 'vitest';
import { streamWithPolicy, type StreamPolicy } from '../../server/providers';
import { splitIntoPieces } from '../../server/simulator/answers';
import type { RunningSimulator, Wire } from '../../server/simulator';
import {
  collect,
  DEFAULT_ANSWER,
  eventually,
  failOnUnhandledRejections,
  requestFor,
  startTestSimulator,
  WIRES,
  type ScriptedExpert,
} from '../helpers/simulator';

/**
 * The retry policy and the deadlines, through the real SDKs, for every failure mode of every
 * wire. Request counts come from the simulator, so "exactly N upstream calls" is observed,
 * not assumed. Deadlines are small so the file stays fast.
 */

// Small enough for a fast file, large enough that a busy two-core machine does not trip them on healthy streams.
const POLICY: StreamPolicy = { maxAttempts: 3, ttftTimeoutMs: 1000, stallTimeoutMs: 400, retryAfterCapMs: 2000, backoffBaseMs: 40 };
const PIECES = splitIntoPieces(DEFAULT_ANSWER);
const FIRST_FOUR = PIECES.slice(0, 4).join('');
const LABEL: Record<Wire, string> = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Google Gemini' };

/** Each scenario has its own model per wire, so request counts never mix between tests. */
const SCENARIOS: Record<string, Omit<ScriptedExpert, 'wire' | 'model'>> = {
  ok: {},
  http500: { failure: 'http500' },
  http500once: { failure: 'http500', failTimes: 1 },
  http500cancel: { failure: 'http500' },
  http429once: { failure: 'http429', failTimes: 1, retryAfterMs: 300 },
  http429long: { failure: 'http429', retryAfterMs: 60_000 },
  http401: { failure: 'http401' },
  hang: { failure: 'hang' },
  stall: { failure: 'stall', failAfterChunks: 4 },
  cut: { failure: 'cut', failAfterChunks: 4 },
  malformed: { failure: 'malformed', failAfterChunks: 4 },
  malformedFirst: { failure: 'malformed', failAfterChunks: 0 },
  slow: { tokenDelayMs: 100 },
  slowBreak: { tokenDelayMs: 100 },
};
const model = (scenario: keyof typeof SCENARIOS, wire: Wire) => `${scenario}-${wire}`;

let sim: RunningSimulator;
failOnUnhandledRejections();
beforeAll(async () => {
  sim = await startTestSimulator(
    WIRES.flatMap((wire) => Object.entries(SCENARIOS).map(([scenario, extra]) => ({ ...extra, wire, model: `${scenario}-${wire}` }))),
  );
});
afterAll(() => sim.close());

describe.concurrent.each(WIRES)('%s through the retry policy', (wire) => {
  const run = (scenario: keyof typeof SCENARIOS, options: { signal?: AbortSignal; attempts?: number[]; retries?: number[] } = {}) =>
    collect(
      streamWithPolicy(requestFor(sim, wire, model(scenario, wire), options.signal), POLICY, {
        onAttempt: (n) => options.attempts?.push(n),
        onRetry: (_error, delayMs) => options.retries?.push(delayMs),
      }),
    );

  test('a healthy stream arrives in pieces, whole, with usage, in one request', async ({ expect }) => {
    const result = await run('ok');
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER);
    expect(result.pieces.length).toBe(PIECES.length);
    expect(result.usage).toEqual({ inputTokens: Math.ceil('Which database should I use?'.length / 4), outputTokens: PIECES.length });
    expect(sim.stats.requests(model('ok', wire))).toBe(1);
  });

  test('HTTP 500 is retried, then fails after exactly maxAttempts requests', async ({ expect }) => {
    const attempts: number[] = [];
    const result = await run('http500', { attempts });
    expect(result.error?.kind).toBe('upstream');
    expect(result.error?.status).toBe(500);
    expect(result.error?.message.startsWith(`${LABEL[wire]} had a server error (HTTP 500)`)).toBe(true);
    expect(result.error?.message).not.toMatch(/\n\s+at /);
    expect(attempts).toEqual([1, 2, 3]);
    expect(sim.stats.requests(model('http500', wire))).toBe(POLICY.maxAttempts);
    expect(result.text).toBe('');
  });

  test('one HTTP 500 then success: two requests and the full answer', async ({ expect }) => {
    const result = await run('http500once');
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER);
    expect(sim.stats.requests(model('http500once', wire))).toBe(2);
  });

  test('429 waits what Retry-After asks, then succeeds', async ({ expect }) => {
    const retries: number[] = [];
    const started = performance.now();
    const result = await run('http429once', { retries });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER);
    expect(retries).toEqual([300]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(sim.stats.requests(model('http429once', wire))).toBe(2);
  });

  test('429 asking to wait longer than the cap fails at once', async ({ expect }) => {
    const result = await run('http429long');
    expect(result.error?.kind).toBe('rate_limit');
    expect(result.error?.retryAfterMs).toBe(60_000);
    expect(result.error?.message).toBe(`${LABEL[wire]} is rate limiting requests (it asked to wait 60 s)`);
    expect(sim.stats.requests(model('http429long', wire))).toBe(1);
  });

  test('a rejected key fails at once with a message naming the provider', async ({ expect }) => {
    const result = await run('http401');
    expect(result.error?.kind).toBe('auth');
    expect(result.error?.retryable).toBe(false);
    expect(result.error?.message).toBe(`Invalid API key for ${LABEL[wire]}`);
    expect(sim.stats.requests(model('http401', wire))).toBe(1);
  });

  test('a provider that never answers hits the first-token deadline on every attempt', async ({ expect }) => {
    const started = performance.now();
    const result = await run('hang');
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toBe(`${LABEL[wire]} did not start answering within 1 s`);
    expect(sim.stats.requests(model('hang', wire))).toBe(POLICY.maxAttempts);
    expect(performance.now() - started).toBeGreaterThanOrEqual(POLICY.maxAttempts * POLICY.ttftTimeoutMs);
    // Each timed-out request was really aborted: the simulator sees its sockets close.
    await eventually(() => sim.stats.open(model('hang', wire)) === 0);
  });

  test('a stall after some text fails within the stall deadline, keeps the text, is not retried', async ({ expect }) => {
    const result = await run('stall');
    expect(result.text).toBe(FIRST_FOUR);
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toBe(`${LABEL[wire]} stopped sending for 0.4 s in the middle of the answer`);
    const silence = result.endedAt - (result.lastTextAt ?? Number.NaN);
    expect(silence).toBeGreaterThanOrEqual(POLICY.stallTimeoutMs - 5);
    expect(silence).toBeLessThan(POLICY.stallTimeoutMs + 1000);
    expect(sim.stats.requests(model('stall', wire))).toBe(1);
    await eventually(() => sim.stats.open(model('stall', wire)) === 0);
  });

  test('a connection cut mid-stream keeps the partial text and is not retried', async ({ expect }) => {
    const result = await run('cut');
    expect(result.text).toBe(FIRST_FOUR);
    expect(result.error?.kind).toBe('upstream');
    expect(result.error?.message).toBe(`The connection to ${LABEL[wire]} was interrupted`);
    expect(sim.stats.requests(model('cut', wire))).toBe(1);
  });

  test('a malformed chunk after text fails as malformed and is not retried', async ({ expect }) => {
    const result = await run('malformed');
    expect(result.text).toBe(FIRST_FOUR);
    expect(result.error?.kind).toBe('malformed');
    expect(result.error?.message).toBe(`${LABEL[wire]} sent a response that could not be read`);
    expect(sim.stats.requests(model('malformed', wire))).toBe(1);
  });

  test('a malformed first chunk is retried like any failure before the first token', async ({ expect }) => {
    const result = await run('malformedFirst');
    expect(result.text).toBe('');
    expect(result.error?.kind).toBe('malformed');
    expect(sim.stats.requests(model('malformedFirst', wire))).toBe(POLICY.maxAttempts);
  });

  test('cancelling mid-stream ends promptly as cancelled, keeps the text and closes the request', async ({ expect }) => {
    const controller = new AbortController();
    const stream = streamWithPolicy(requestFor(sim, wire, model('slow', wire), controller.signal), POLICY);
    const pieces: string[] = [];
    let abortedAt = 0;
    let caught: unknown;
    try {
      for await (const delta of stream) {
        if (delta.type !== 'text') continue;
        pieces.push(delta.text);
        if (pieces.length === 2) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    } catch (error) {
      caught = error;
    }
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(caught).toMatchObject({ name: 'ProviderError', kind: 'cancelled', message: `The request to ${LABEL[wire]} was cancelled` });
    expect(pieces).toEqual(PIECES.slice(0, 2));
    await eventually(() => sim.stats.open(model('slow', wire)) === 0);
  });

  test('cancelling while waiting to retry stops without another request', async ({ expect }) => {
    const controller = new AbortController();
    const stream = streamWithPolicy(requestFor(sim, wire, model('http500cancel', wire), controller.signal), POLICY, {
      onRetry: () => controller.abort(),
    });
    const result = await collect(stream);
    expect(result.error?.kind).toBe('cancelled');
    expect(sim.stats.requests(model('http500cancel', wire))).toBe(1);
  });

  test('a consumer that stops reading releases the upstream request', async ({ expect }) => {
    for await (const delta of streamWithPolicy(requestFor(sim, wire, model('slowBreak', wire)), POLICY)) {
      if (delta.type === 'text') break;
    }
    await eventually(() => sim.stats.open(model('slowBreak', wire)) === 0);
    expect(sim.stats.requests(model('slowBreak', wire))).toBe(1);
  });
});
