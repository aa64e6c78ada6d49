/**
 * The only door to the consensus core. Everything else in the app imports from here.
 *
 * Backend: the napi-rs addon (native/node) when it loads, else the TypeScript
 * fallback (server/core/fallback), which gives the same results. The fallback is
 * also used when CIRCLE_NATIVE=off. The choice is made on first use and logged once.
 *
 * Each function has a Promise version and a `...Sync` version. Native Promise
 * versions run as napi AsyncTasks on the libuv thread pool; fallback Promise
 * versions are deferred with setImmediate and then run on the event loop thread
 * (the fallback has no threads: deferring only keeps the caller's turn short).
 *
 * Shapes are checked here with zod (INVALID_ARGUMENT); values (weights,
 * confidences, sizes, duplicates) are checked by the backends, with the same codes.
 * Consensus results are cached (LRU keyed by a hash of the panel) and every call
 * is timed; see coreStats().
 */
import { z } from 'zod';
import { LruCache, panelKey } from './cache';
import { CoreError } from './errors';
import { fallbackBackend } from './fallback/backend';
import { CORE_VERSION } from './fallback/version';
import { awaitNative, callNative, groundingResult, loadNativeBinding, nativeBackend, type NativeBinding } from './native';
import { allTimings, resetTimings, timed, timedAsync } from './timings';
import type {
  AnalystOutput,
  GroundingOptions,
  LabelledAnswer,
  VerifiedMap,
  CacheStats,
  CallTiming,
  ConsensusOptions,
  ConsensusResult,
  CoreBackend,
  CoreInfo,
  ExpertResponse,
  QueryAnalysis,
  WeightPosterior,
  WeightUpdate,
} from './types';

export type * from './types';
export { CoreError } from './errors';
export { fallbackBackend } from './fallback/backend';

type AsyncBackend = {
  [K in keyof CoreBackend]: CoreBackend[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

interface Active {
  info: CoreInfo;
  sync: CoreBackend;
  async: AsyncBackend;
}

/** Runs fallback work on a later turn of the event loop. */
function deferred<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(work());
      } catch (err) {
        reject(err);
      }
    });
  });
}

const fallbackAsync: AsyncBackend = {
  analyzeSimilarity: (texts) => deferred(() => fallbackBackend.analyzeSimilarity(texts)),
  similarityFromEmbeddings: (vectors, dim) => deferred(() => fallbackBackend.similarityFromEmbeddings(vectors, dim)),
  calculateConsensus: (responses, options) => deferred(() => fallbackBackend.calculateConsensus(responses, options)),
  updateWeight: (prior, score) => deferred(() => fallbackBackend.updateWeight(prior, score)),
  analyzeQuery: (text) => deferred(() => fallbackBackend.analyzeQuery(text)),
  analyzeQueries: (texts) => deferred(() => fallbackBackend.analyzeQueries(texts)),
  tokenize: (text) => deferred(() => fallbackBackend.tokenize(text)),
  groundAnalysis: (answers, output, options) => deferred(() => fallbackBackend.groundAnalysis(answers, output, options)),
};

function nativeAsync(b: NativeBinding): AsyncBackend {
  return {
    analyzeSimilarity: (texts) => awaitNative(() => b.analyzeSimilarityAsync(texts)),
    // The task copies the vectors before it runs, so the caller may reuse its buffer.
    similarityFromEmbeddings: (vectors, dim) => awaitNative(() => b.similarityFromEmbeddingsAsync(vectors, dim)),
    calculateConsensus: (responses, options) => awaitNative(() => b.calculateConsensusAsync(responses, options)),
    updateWeight: (prior, score) => awaitNative(() => b.updateWeightAsync(prior, score)),
    analyzeQuery: (text) => awaitNative(() => b.analyzeQueryAsync(text)),
    analyzeQueries: (texts) => awaitNative(() => b.analyzeQueriesAsync(texts)),
    tokenize: (text) => Promise.resolve().then(() => callNative(() => b.tokenize(text))),
    groundAnalysis: (answers, output, options) => awaitNative(async () => groundingResult(await b.groundAnalysisJsonAsync(answers, output, options))),
  };
}

let active: Active | undefined;

function activeBackend(): Active {
  if (active !== undefined) return active;
  const fallback = (reason: string): Active => {
    console.warn(`[circle-core] using the TypeScript fallback: ${reason}`);
    return { info: { backend: 'fallback', version: CORE_VERSION, reason }, sync: fallbackBackend, async: fallbackAsync };
  };
  if (process.env.CIRCLE_NATIVE === 'off') {
    active = fallback('CIRCLE_NATIVE=off');
    return active;
  }
  const load = loadNativeBinding();
  active = load.ok
    ? { info: { backend: 'native', version: load.binding.coreVersion() }, sync: nativeBackend(load.binding), async: nativeAsync(load.binding) }
    : fallback(load.reason);
  return active;
}

/** The native backend, whatever CIRCLE_NATIVE says, or null when the addon does not load (tests, benchmarks). */
export function loadNativeBackend(): CoreBackend | null {
  const load = loadNativeBinding();
  return load.ok ? nativeBackend(load.binding) : null;
}

/** Native pipeline token count of a text, without building the tokens (benchmarks); null without the addon. */
export function nativeTokenCount(text: string): number | null {
  const load = loadNativeBinding();
  return load.ok ? callNative(() => load.binding.countTokens(text)) : null;
}

export function coreInfo(): CoreInfo {
  return { ...activeBackend().info };
}

// ---- input shapes -----------------------------------------------------------

// Numbers are only type-checked here (NaN and Infinity pass): their values are the
// backends' to judge, so that both report the same codes (INVALID_WEIGHT, ...).
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const optionalNumber = anyNumber.nullable().optional();
const responsesSchema = z.array(
  z.object({ expertId: z.string(), text: z.string(), confidence: optionalNumber, weight: optionalNumber, streaming: z.boolean().optional() }),
);
const optionsSchema = z.object({ confidenceThreshold: optionalNumber, expertsAsked: optionalNumber }).optional().nullable();
const textSchema = z.string();
const textsSchema = z.array(z.string());
const priorSchema = z.object({ alpha: anyNumber, beta: anyNumber });
const vectorsSchema = z.instanceof(Float32Array);
const labelledAnswersSchema = z.array(z.object({ label: z.string(), expertId: z.string(), text: z.string(), weight: optionalNumber }));
const quoteSchema = z.object({ expert: z.string(), quote: z.string() });
const analystOutputSchema = z.object({
  answers: z.array(z.object({ expert: z.string(), bottomLine: z.string(), quote: z.string().nullable().optional(), confidence: optionalNumber })),
  claims: z.array(z.object({ text: z.string(), support: z.array(quoteSchema), oppose: z.array(quoteSchema) })),
});
const groundingOptionsSchema = z.object({ confidenceThreshold: optionalNumber, expertsAsked: optionalNumber }).optional().nullable();

function checkShape(what: string, schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new CoreError('INVALID_ARGUMENT', `${what}${where}: ${issue?.message ?? 'invalid value'}`);
}

// ---- consensus cache ----------------------------------------------------------

const CACHE_CAPACITY = 128;
const cache = new LruCache<ConsensusResult>(CACHE_CAPACITY);

export function coreStats(): { cache: CacheStats; timings: CallTiming[] } {
  return { cache: cache.stats(), timings: allTimings() };
}

/** Empties the consensus cache and zeroes its counters and the call timings. */
export function resetCoreStats(): void {
  cache.clear();
  resetTimings();
}

// ---- the API ------------------------------------------------------------------

export function analyzeSimilaritySync(texts: string[]): number[][] {
  return timed('analyzeSimilarity', () => {
    checkShape('texts', textsSchema, texts);
    return activeBackend().sync.analyzeSimilarity(texts);
  });
}

export function analyzeSimilarity(texts: string[]): Promise<number[][]> {
  return timedAsync('analyzeSimilarity', async () => {
    checkShape('texts', textsSchema, texts);
    return activeBackend().async.analyzeSimilarity(texts);
  });
}

export function calculateConsensusSync(responses: ExpertResponse[], options?: ConsensusOptions): ConsensusResult {
  return timed('calculateConsensus', () => {
    checkShape('responses', responsesSchema, responses);
    checkShape('options', optionsSchema, options);
    const key = panelKey(responses, options);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const result = activeBackend().sync.calculateConsensus(responses, options);
    cache.set(key, result);
    return result;
  });
}

export function calculateConsensus(responses: ExpertResponse[], options?: ConsensusOptions): Promise<ConsensusResult> {
  return timedAsync('calculateConsensus', async () => {
    checkShape('responses', responsesSchema, responses);
    checkShape('options', optionsSchema, options);
    const key = panelKey(responses, options);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const result = await activeBackend().async.calculateConsensus(responses, options);
    cache.set(key, result);
    return result;
  });
}

export function updateWeightSync(prior: WeightPosterior, performanceScore: number): WeightUpdate {
  return timed('updateWeight', () => {
    checkShape('prior', priorSchema, prior);
    checkShape('performanceScore', anyNumber, performanceScore);
    return activeBackend().sync.updateWeight(prior, performanceScore);
  });
}

export function updateWeight(prior: WeightPosterior, performanceScore: number): Promise<WeightUpdate> {
  return timedAsync('updateWeight', async () => {
    checkShape('prior', priorSchema, prior);
    checkShape('performanceScore', anyNumber, performanceScore);
    return activeBackend().async.updateWeight(prior, performanceScore);
  });
}

export function analyzeQuerySync(text: string): QueryAnalysis {
  return timed('analyzeQuery', () => {
    checkShape('text', textSchema, text);
    return activeBackend().sync.analyzeQuery(text);
  });
}

export function analyzeQuery(text: string): Promise<QueryAnalysis> {
  return timedAsync('analyzeQuery', async () => {
    checkShape('text', textSchema, text);
    return activeBackend().async.analyzeQuery(text);
  });
}

export function analyzeQueriesSync(texts: string[]): QueryAnalysis[] {
  return timed('analyzeQueries', () => {
    checkShape('texts', textsSchema, texts);
    return activeBackend().sync.analyzeQueries(texts);
  });
}

export function analyzeQueries(texts: string[]): Promise<QueryAnalysis[]> {
  return timedAsync('analyzeQueries', async () => {
    checkShape('texts', textsSchema, texts);
    return activeBackend().async.analyzeQueries(texts);
  });
}

export function similarityFromEmbeddingsSync(vectors: Float32Array, dim: number): number[][] {
  return timed('similarityFromEmbeddings', () => {
    checkShape('vectors', vectorsSchema, vectors);
    checkShape('dim', anyNumber, dim);
    return activeBackend().sync.similarityFromEmbeddings(vectors, dim);
  });
}

export function similarityFromEmbeddings(vectors: Float32Array, dim: number): Promise<number[][]> {
  return timedAsync('similarityFromEmbeddings', async () => {
    checkShape('vectors', vectorsSchema, vectors);
    checkShape('dim', anyNumber, dim);
    return activeBackend().async.similarityFromEmbeddings(vectors, dim);
  });
}

/** The text pipeline's tokens (stems; `!stem` inside a negated clause; `` `code `` for code). */
export function tokenize(text: string): string[] {
  return timed('tokenize', () => {
    checkShape('text', textSchema, text);
    return activeBackend().sync.tokenize(text);
  });
}

/** Checks the analyst's quotes against the answers and computes the verified map (docs/consensus.md). Not cached. */
export function groundAnalysisSync(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions): VerifiedMap {
  return timed('groundAnalysis', () => {
    checkGroundingShape(answers, output, options);
    return activeBackend().sync.groundAnalysis(answers, output, options);
  });
}

export function groundAnalysis(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions): Promise<VerifiedMap> {
  return timedAsync('groundAnalysis', async () => {
    checkGroundingShape(answers, output, options);
    return activeBackend().async.groundAnalysis(answers, output, options);
  });
}

function checkGroundingShape(answers: unknown, output: unknown, options: unknown): void {
  checkShape('answers', labelledAnswersSchema, answers);
  checkShape('output', analystOutputSchema, output);
  checkShape('options', groundingOptionsSchema, options);
}
