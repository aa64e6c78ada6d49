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
  /** `groundAnalysis` with the verified map returned as JSON: see groundingResult. */
  groundAnalysisJson(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions | null): string;
  groundAnalysisJsonAsync(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions | null): Promise<string>;
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
 * The addon's grounding result: the VerifiedMap as JSON, absent values as null. The
 * map is a large tree of small objects, which serde_json and JSON.parse build faster
 * than napi-rs setting its properties one by one (the input still goes as objects).
 */
export function groundingResult(json: string): VerifiedMap {
  return JSON.parse(json) as VerifiedMap;
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
      callNative(() => groundingResult(b.groundAnalysisJson(answers, output, options))),
  };
}
