import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import defaultScriptJson from './default-script.json';

/**
 * The simulator's script: which simulated experts exist, what they answer and how they fail.
 * The shape is part of the product (README, CIRCLE_SIMULATOR_SCRIPT), so it is validated here
 * with messages that name the offending field. Unknown fields are kept, not rejected.
 */

export const WIRES = ['openai', 'anthropic', 'gemini'] as const;
export type Wire = (typeof WIRES)[number];

export const FAILURE_MODES = ['http500', 'http429', 'http401', 'hang', 'stall', 'cut', 'malformed'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

const answerSchema = z.looseObject({
  match: z.string().min(1, 'must be a non-empty substring of the question'),
  text: z.string().min(1, 'must not be empty'),
  /** Fails the questions this answer matches this way (null: never), instead of the expert's own `failure`. */
  failure: z.enum(FAILURE_MODES).nullable().optional(),
  /** The pace of the questions this answer matches, instead of the expert's own `tokenDelayMs`. */
  tokenDelayMs: z.number().int().min(0).optional(),
  /** With `failure`: only the first N requests this answer matches fail, later ones succeed (a retry does). */
  failTimes: z.number().int().min(0).optional(),
});

const expertSchema = z.looseObject({
  name: z.string().min(1, 'must not be empty'),
  wire: z.enum(WIRES),
  model: z.string().min(1, 'must not be empty'),
  ttftMs: z.number().int().min(0).default(300),
  tokenDelayMs: z.number().int().min(0).default(15),
  failure: z.enum(FAILURE_MODES).nullable().default(null),
  /** For stall, cut and malformed: how many content chunks go out before the failure. */
  failAfterChunks: z.number().int().min(0).default(5),
  /** Only the first N requests to this model fail; later ones succeed. Absent: every request fails. */
  failTimes: z.number().int().min(0).optional(),
  /** For http429: the wait the provider asks for (sent as retry-after-ms and retry-after). */
  retryAfterMs: z.number().int().min(0).default(1000),
  /** The synthesis writer: not a panel member; `{{experts}}` in its text names the experts it was shown. */
  chair: z.boolean().default(false),
  /**
   * The panel's analyst: not a panel member; its texts are the structured output as JSON, and
   * may name experts by display name (the simulator puts the prompt's letters in their place).
   */
  analyst: z.boolean().default(false),
  /** false: refuses requests for structured output with a 400, like endpoints without schema support. */
  schemaSupport: z.boolean().default(true),
  answers: z.array(answerSchema).default([]),
  defaultAnswer: z.string().min(1, 'must not be empty'),
});

export const simulatorScriptSchema = z
  .looseObject({ experts: z.array(expertSchema).min(1, 'must list at least one expert') })
  .superRefine((script, ctx) => {
    // Requests are routed by (wire, model): two experts sharing both would be ambiguous.
    const seen = new Map<string, number>();
    script.experts.forEach((expert, index) => {
      const key = `${expert.wire}:${expert.model}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['experts', index, 'model'],
          message: `duplicates experts[${first}] (same wire "${expert.wire}" and model "${expert.model}")`,
        });
      } else {
        seen.set(key, index);
      }
    });
  });

export type SimulatorScript = z.infer<typeof simulatorScriptSchema>;
export type SimulatedExpert = SimulatorScript['experts'][number];
export type ScriptedAnswer = SimulatedExpert['answers'][number];

export class SimulatorScriptError extends Error {
  readonly code = 'INVALID_SIMULATOR_SCRIPT';
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorScriptError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** Validates an already-parsed script; `source` names it in error messages. */
export function parseSimulatorScript(data: unknown, source: string): SimulatorScript {
  const result = simulatorScriptSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${formatPath(issue.path) || '(root)'}: ${issue.message}`);
    throw new SimulatorScriptError(`Invalid simulator script ${source}:\n${problems.join('\n')}`);
  }
  return result.data;
}

/**
 * Loads the script at `path`, or the built-in one when `path` is undefined or empty.
 * Callers pass `process.env.CIRCLE_SIMULATOR_SCRIPT` straight through.
 */
export async function loadSimulatorScript(path?: string): Promise<SimulatorScript> {
  if (!path) return parseSimulatorScript(defaultScriptJson, '(built-in default)');
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new SimulatorScriptError(`Cannot read simulator script ${path}: ${reason}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new SimulatorScriptError(`Simulator script ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSimulatorScript(data, path);
}
