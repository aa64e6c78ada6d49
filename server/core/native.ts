/**
 * Loading the napi-rs addon (native/node) at run time. It is required through
 * `createRequire` anchored at the project's package.json with an absolute path
 * built at run time, so no bundler (Turbopack) tries to pull the `.node` file
 * into a bundle. Every failure is caught and turned into a reason string: the
 * caller falls back to the TypeScript implementation.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fromNativeError } from './errors';
import { defaultModelDir } from './fallback/embedding';
import type {
  AnalystOutput,
  GroundingOptions,
  LabelledAnswer,
  VerifiedMap,
  ConsensusOptions,
  ConsensusResult,
  CoreBackend,
  ExpertResponse,
  QueryAnalysis,
  WeightPosterior,
  WeightUpdate,
} from './types';

/** The functions server/core uses from the addon (see native/node/index.d.ts, generated). */
export interface NativeBinding {
  coreVersion(): string;
  tokenize(text: string): string[];
  countTokens(text: string): number;
  analyzeSimilarity(texts: string[]): number[][];
  analyzeSimilarityAsync(texts: string[]): Promise<number[][]>;
  calculateConsensus(responses: ExpertResponse[], options?: ConsensusOptions | null): ConsensusResult;
  calculateConsensusAsync(responses: ExpertResponse[], options?: ConsensusOptions | null): Promise<ConsensusResult>;
  updateWeight(prior: WeightPosterior, performanceScore: number): WeightUpdate;
  updateWeightAsync(prior: WeightPosterior, performanceScore: number): Promise<WeightUpdate>;
  analyzeQuery(text: string): QueryAnalysis;
  analyzeQueryAsync(text: string): Promise<QueryAnalysis>;
  analyzeQueries(texts: string[]): QueryAnalysis[];
  analyzeQueriesAsync(texts: string[]): Promise<QueryAnalysis[]>;
  similarityFromEmbeddings(vectors: Float32Array, dim: number): number[][];
  similarityFromEmbeddingsAsync(vectors: Float32Array, dim: number): Promise<number[][]>;
  /** `groundAnalysis` with its input and result as JSON strings: see groundingInput / groundingResult. */
  groundAnalysisJson(input: string): string;
  groundAnalysisJsonAsync(input: string): Promise<string>;
  /** Loads the static sentence model from dir into the addon's process-wide slot. */
  loadEmbeddingModel(dir: string): { dim: number; vocabSize: number };
  /** Unit vectors of texts with the loaded model, texts.length x dim values back to back. */
  embedTexts(texts: string[]): Float32Array;
}

export const NATIVE_EXPORTS: readonly (keyof NativeBinding)[] = [
  'coreVersion',
  'tokenize',
  'countTokens',
  'analyzeSimilarity',
  'analyzeSimilarityAsync',
  'calculateConsensus',
  'calculateConsensusAsync',
  'updateWeight',
  'updateWeightAsync',
  'analyzeQuery',
  'analyzeQueryAsync',
  'analyzeQueries',
  'analyzeQueriesAsync',
  'similarityFromEmbeddings',
  'similarityFromEmbeddingsAsync',
  'groundAnalysisJson',
  'groundAnalysisJsonAsync',
  'loadEmbeddingModel',
  'embedTexts',
];

export type NativeLoad = { ok: true; binding: NativeBinding } | { ok: false; reason: string };

/** Absolute path of the generated loader, native/node/index.js under the project root. */
export function nativeLoaderPath(): string {
  return path.join(process.cwd(), 'native', 'node', 'index.js');
}

let attempt: NativeLoad | undefined;

/** Loads the addon once; later calls return the same outcome. */
export function loadNativeBinding(): NativeLoad {
  if (attempt !== undefined) return attempt;
  try {
    const requireFromProject = createRequire(path.join(process.cwd(), 'package.json'));
    const loaded = requireFromProject(nativeLoaderPath()) as Partial<Record<keyof NativeBinding, unknown>>;
    const missing = NATIVE_EXPORTS.filter((name) => typeof loaded[name] !== 'function');
    if (missing.length === 0) {
      loadSentenceModel(loaded as NativeBinding);
      attempt = { ok: true, binding: loaded as NativeBinding };
    } else {
      attempt = { ok: false, reason: `the native addon is out of date (missing ${missing.join(', ')}); rebuild it with node scripts/build-native.mjs` };
    }
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    attempt = { ok: false, reason: `the native addon did not load: ${message}` };
  }
  return attempt;
}

/**
 * Gives the addon its sentence model (models/minilm-static, or $CIRCLE_MODEL_DIR), once,
 * right after it loads. Without it the addon still works, on its lexical signals
 * (docs/consensus.md, "Without the model"), as the fallback does.
 */
function loadSentenceModel(binding: NativeBinding): void {
  try {
    binding.loadEmbeddingModel(defaultModelDir());
  } catch (err) {
    const reason = fromNativeError(err).message;
    console.warn(`[circle-core] sentence model unavailable: ${reason}; consensus uses its non-embedding signals`);
  }
}

/** Runs a native call, turning whatever it throws into a CoreError. */
export function callNative<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw fromNativeError(err);
  }
}

/** Awaits a native async task, turning a rejection into a CoreError. */
export async function awaitNative<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw fromNativeError(err);
  }
}

/**
 * The grounding input as the addon reads it: `{ answers, output, options }` as JSON
 * (crossing napi as one string is about twice as fast as napi-rs converting the many
 * small objects). JSON has no NaN or Infinity, which JSON.stringify would write as
 * null; the backends must still refuse them (INVALID_WEIGHT, ...), so when one of the
 * input's numbers is not finite it travels as the string "NaN", "Infinity" or
 * "-Infinity" (circle_core::grounding::types::js_number).
 */
export function groundingInput(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions | null): string {
  const input = { answers, output, options };
  return hasNonFiniteNumber(answers, output, options) ? JSON.stringify(input, nonFiniteAsWord) : JSON.stringify(input);
}

/** The addon's result: the VerifiedMap as JSON, absent values as null (as the object binding gave them). */
export function groundingResult(json: string): VerifiedMap {
  return JSON.parse(json) as VerifiedMap;
}

function nonFiniteAsWord(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

const nonFinite = (value: unknown): boolean => typeof value === 'number' && !Number.isFinite(value);

/** Whether a number of the grounding input (weights, confidences, options) is NaN or infinite; tolerates any shape. */
function hasNonFiniteNumber(answers: unknown, output: unknown, options: unknown): boolean {
  if (Array.isArray(answers) && answers.some((a) => nonFinite((a as { weight?: unknown } | null)?.weight))) return true;
  const given = (output as { answers?: unknown } | null)?.answers;
  if (Array.isArray(given) && given.some((a) => nonFinite((a as { confidence?: unknown } | null)?.confidence))) return true;
  const o = options as { confidenceThreshold?: unknown; expertsAsked?: unknown } | null | undefined;
  return nonFinite(o?.confidenceThreshold) || nonFinite(o?.expertsAsked);
}

/** The synchronous CoreBackend surface over the addon. */
export function nativeBackend(b: NativeBinding): CoreBackend {
  return {
    analyzeSimilarity: (texts) => callNative(() => b.analyzeSimilarity(texts)),
    similarityFromEmbeddings: (vectors, dim) => callNative(() => b.similarityFromEmbeddings(vectors, dim)),
    calculateConsensus: (responses, options) => callNative(() => b.calculateConsensus(responses, options)),
    updateWeight: (prior, score) => callNative(() => b.updateWeight(prior, score)),
    analyzeQuery: (text) => callNative(() => b.analyzeQuery(text)),
    analyzeQueries: (texts) => callNative(() => b.analyzeQueries(texts)),
    tokenize: (text) => callNative(() => b.tokenize(text)),
    groundAnalysis: (answers, output, options) =>
      callNative(() => groundingResult(b.groundAnalysisJson(groundingInput(answers, output, options)))),
  };
}
