import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { streamAnswer, streamWithPolicy, type StreamPolicy } from '../../server/providers';
import type { RunningSimulator } from '../../server/simulator';
import { collect, DEFAULT_ANSWER, failOnUnhandledRejections, requestFor, startTestSimulator, WIRES } from '../helpers/simulator';

/** The adapters on their own: what each sends, what it reports, and set-ups that must fail before any request. */

// Deadlines are not under test here; generous ones keep a busy machine from adding retries.
const POLICY: StreamPolicy = { maxAttempts: 3, ttftTimeoutMs: 10_000, stallTimeoutMs: 10_000, retryAfterCapMs: 2000, backoffBaseMs: 40 };
const QUESTION = 'Which database should I use?';

let sim: RunningSimulator;
failOnUnhandledRejections();
beforeAll(async () => {
  sim = await startTestSimulator([
    ...WIRES.flatMap((wire) => [
      { wire, model: `persona-${wire}` },
      { wire, model: `once-${wire}`, failure: 'http500' },
    ]),
    { wire: 'openai', model: 'local-llama' },
    { wire: 'openai', model: 'local-locked', failure: 'http401' },
  ]);
});
afterAll(() => sim.close());

describe.concurrent.each(WIRES)('%s adapter', (wire) => {
  test('sends the system prompt with the question', async ({ expect }) => {
    const system = 'You are a careful database engineer who answers briefly.';
    const result = await collect(streamAnswer({ ...requestFor(sim, wire, `persona-${wire}`), system, temperature: 0.2, maxTokens: 300 }));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER);
    // The simulator counts a token per four characters of everything the model was given.
    expect(result.usage?.inputTokens).toBe(Math.ceil(`${system}\n${QUESTION}`.length / 4));
  });

  test('streamAnswer makes exactly one attempt: retrying is the policy’s job', async ({ expect }) => {
    const result = await collect(streamAnswer(requestFor(sim, wire, `once-${wire}`)));
    expect(result.error).toMatchObject({ kind: 'upstream', retryable: true, status: 500, provider: wire });
    expect(sim.stats.requests(`once-${wire}`)).toBe(1);
  });

  test('an unknown model is a bad request, not retried, with the provider’s reason', async ({ expect }) => {
    const result = await collect(streamWithPolicy(requestFor(sim, wire, `no-such-model-${wire}`), POLICY));
    expect(result.error?.kind).toBe('bad_request');
    expect(result.error?.message).toMatch(/ rejected the request: .*no-such-model/);
    expect(sim.stats.requests(`no-such-model-${wire}`)).toBe(1);
  });

  test('a missing API key fails before any request', async ({ expect }) => {
    const result = await collect(streamWithPolicy({ ...requestFor(sim, wire, `persona-${wire}`), model: `keyless-${wire}`, apiKey: '' }, POLICY));
    expect(result.error?.kind).toBe('auth');
    expect(result.error?.message).toMatch(/^No API key is configured for (OpenAI|Anthropic|Google Gemini)$/);
    expect(sim.stats.requests(`keyless-${wire}`)).toBe(0);
  });

  test('an unreachable endpoint is an upstream failure, retried', async ({ expect }) => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const attempts: number[] = [];
    const result = await collect(
      streamWithPolicy({ ...requestFor(sim, wire, `persona-${wire}`), baseUrl: wire === 'openai' ? `${base}/v1` : base }, POLICY, {
        onAttempt: (n) => attempts.push(n),
      }),
    );
    expect(result.error?.kind).toBe('upstream');
    expect(result.error?.message).toMatch(/^Could not connect to .* \(ECONNREFUSED\)$/);
    expect(attempts).toEqual([1, 2, 3]);
  });
});

describe('OpenAI-compatible endpoints', () => {
  test('work without an API key (Ollama needs none)', async ({ expect }) => {
    const result = await collect(
      streamWithPolicy({ ...requestFor(sim, 'openai', 'local-llama'), provider: 'openai_compatible', apiKey: '' }, POLICY),
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_ANSWER);
  });

  test('are named by their host in errors', async ({ expect }) => {
    const result = await collect(
      streamWithPolicy({ ...requestFor(sim, 'openai', 'local-locked'), provider: 'openai_compatible' }, POLICY),
    );
    expect(result.error?.message).toBe(`Invalid API key for the OpenAI-compatible endpoint at 127.0.0.1:${sim.port}`);
  });

  test('need a base URL, and fail before any request without one', async ({ expect }) => {
    const { baseUrl: _omitted, ...request } = requestFor(sim, 'openai', 'local-llama');
    const result = await collect(streamWithPolicy({ ...request, provider: 'openai_compatible' }, POLICY));
    expect(result.error).toMatchObject({ kind: 'bad_request', message: 'No base URL is configured for the OpenAI-compatible endpoint' });
  });
});

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
