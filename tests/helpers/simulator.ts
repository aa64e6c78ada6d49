import { afterAll, beforeAll, expect } from 'vitest';
import { ProviderError, type Delta, type StreamRequest, type Usage } from '../../server/providers';
import { parseSimulatorScript, startSimulator, type RunningSimulator, type Wire } from '../../server/simulator';

/** Shared set-up for tests that drive the real SDKs against the provider simulator. */

export const WIRES: readonly Wire[] = ['openai', 'anthropic', 'gemini'];

export type ScriptedExpert = {
  name?: string;
  wire: Wire;
  model: string;
  [field: string]: unknown;
};

/** Starts a simulator whose experts answer fast, with the given overrides per expert. */
export async function startTestSimulator(experts: ScriptedExpert[]): Promise<RunningSimulator> {
  const script = parseSimulatorScript(
    {
      experts: experts.map((expert) => ({
        name: expert.model,
        ttftMs: 20,
        tokenDelayMs: 5,
        defaultAnswer: DEFAULT_ANSWER,
        ...expert,
      })),
    },
    'test script',
  );
  return startSimulator({ script });
}

/** Ten word-ish pieces, so "failAfterChunks: 4" leaves an unmistakable partial answer. */
export const DEFAULT_ANSWER = 'Use PostgreSQL for relational data and measure before you optimise anything.';

/** A request for `model` on `wire`, pointed at the simulator the way each SDK expects. */
export function requestFor(sim: RunningSimulator, wire: Wire, model: string, signal = new AbortController().signal): StreamRequest {
  return {
    provider: wire,
    model,
    question: 'Which database should I use?',
    apiKey: 'test-key',
    baseUrl: wire === 'openai' ? `${sim.url}/v1` : sim.url,
    signal,
  };
}

export interface Collected {
  /** Every text delta, in order: what the user would see on the card. */
  pieces: string[];
  text: string;
  usage?: Usage;
  error?: ProviderError;
  /** When the last text delta arrived (performance.now()). */
  lastTextAt?: number;
  /** When the stream ended, by completion or error (performance.now()). */
  endedAt: number;
}

/** Consumes a stream the way the orchestrator must: keep the text, then record the error. */
export async function collect(stream: AsyncIterable<Delta>): Promise<Collected> {
  const out: Collected = { pieces: [], text: '', endedAt: 0 };
  try {
    for await (const delta of stream) {
      if (delta.type === 'text') {
        out.pieces.push(delta.text);
        out.text += delta.text;
        out.lastTextAt = performance.now();
      } else {
        out.usage = { inputTokens: delta.inputTokens, outputTokens: delta.outputTokens };
      }
    }
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    out.error = error;
  }
  out.endedAt = performance.now();
  return out;
}

/** Resolves once `check` holds, or fails the test after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fails the file if anything rejected without a handler while it ran. */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', record);
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
    expect(seen).toEqual([]);
  });
}
