/**
 * The contract of the consensus core. Implemented twice: by the Rust addon
 * (native/node) and by the TypeScript fallback (server/core/fallback). The
 * parity tests hold both to it; the rest of the app imports server/core/index.ts only.
 */

export interface ExpertResponse {
  expertId: string;
  text: string;
  /** Self-reported confidence, 0..1; scales the expert's vote. */
  confidence?: number;
  /** Learned weight, > 0. Defaults to 1. */
  weight?: number;
  /** The answer is still streaming: its trailing unfinished sentence is not a claim. */
  streaming?: boolean;
}

export interface ConsensusOptions {
  /** consensusConfidence at or above this counts as reached. Default 0.7. */
  confidenceThreshold?: number;
  /**
   * How many experts were asked, the failed and cancelled ones included. Defaults to
   * the number of responses; the missing ones count against the consensus confidence.
   */
  expertsAsked?: number;
}

export interface Cluster {
  members: string[];
  weightShare: number;
}

export interface CommonRecommendation {
  /** Representative wording chosen among the supporters' sentences. */
  text: string;
  supporters: string[];
  /** Weighted share of the panel supporting it, 0..1. */
  support: number;
  /** Per supporter, the sentence(s) they wrote that back it (for highlighting). */
  evidence: { expertId: string; text: string }[];
}

export interface UniqueInsight {
  expertId: string;
  text: string;
  /** The heading or list intro it was written under, when that frames an alternative ("When MongoDB is reasonable"). */
  context: string | null;
  /** A condition or caveat on the expert's own bottom line, or another point only this expert makes. */
  kind: 'caveat' | 'insight';
}

export interface BottomLineSummary {
  expertId: string;
  /** The few words that carry the expert's conclusion. */
  text: string;
}

export interface ConsensusResult {
  /** The majority's share of the votes of every expert asked (missing answers count against it). */
  consensusConfidence: number;
  /** At least two experts answered and consensusConfidence reached the threshold. */
  reached: boolean;
  /** Experts whose answers were compared. */
  expertCount: number;
  /** Experts asked, the failed and cancelled ones included. */
  expertsAsked: number;
  /** "semantic" with the sentence model, "lexical" without it (docs/consensus.md). */
  method: 'semantic' | 'lexical';
  bottomLines: BottomLineSummary[];
  similarity: number[][];
  clusters: Cluster[];
  majority: string[];
  dissenters: string[];
  commonRecommendations: CommonRecommendation[];
  uniqueInsights: UniqueInsight[];
  /** Short final answers extracted per expert (number, option letter, name), when present. */
  finalAnswers: { expertId: string; answer: string }[];
}

/** Beta posterior over an expert's reliability. */
export interface WeightPosterior {
  alpha: number;
  beta: number;
}

export interface WeightUpdate extends WeightPosterior {
  /** Posterior mean alpha / (alpha + beta): the expert's weight. */
  mean: number;
  /** Posterior standard deviation. */
  uncertainty: number;
}

export type FindingKind =
  | 'openai_key'
  | 'anthropic_key'
  | 'google_api_key'
  | 'google_oauth_token'
  | 'private_key'
  | 'jwt'
  | 'password_assignment'
  | 'email'
  | 'card_number'
  | 'prompt_injection';

export interface QueryFinding {
  kind: FindingKind;
  /** UTF-16 code unit offsets into the original text (JS string indices), end exclusive. */
  start: number;
  end: number;
  /** Redacted in `sanitized` (prompt-injection findings are flagged, not redacted). */
  redacted: boolean;
}

export interface QueryAnalysis {
  sanitized: string;
  findings: QueryFinding[];
  tokenEstimate: number;
  /** low | medium | high */
  complexity: 'low' | 'medium' | 'high';
}

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
}

export interface CallTiming {
  /** Function name, e.g. "calculateConsensus". */
  name: string;
  calls: number;
  totalMs: number;
}

export interface CoreInfo {
  backend: 'native' | 'fallback';
  version: string;
  /** Why the native addon is not in use, when it is not. */
  reason?: string;
}

/** Error codes shared by both backends. */
export type CoreErrorCode =
  | 'EMPTY_PANEL'
  | 'DUPLICATE_EXPERT'
  | 'INVALID_WEIGHT'
  | 'INVALID_CONFIDENCE'
  | 'INVALID_ARGUMENT'
  | 'TOO_LARGE'
  | 'INTERNAL';

/** The synchronous surface both backends implement. */
export interface CoreBackend {
  analyzeSimilarity(texts: string[]): number[][];
  similarityFromEmbeddings(vectors: Float32Array, dim: number): number[][];
  calculateConsensus(responses: ExpertResponse[], options?: ConsensusOptions): ConsensusResult;
  updateWeight(prior: WeightPosterior, performanceScore: number): WeightUpdate;
  analyzeQuery(text: string): QueryAnalysis;
  analyzeQueries(texts: string[]): QueryAnalysis[];
  /** Tokens after the text pipeline (segmentation, folding, stop words, stemming); for tests and benchmarks. */
  tokenize(text: string): string[];
}
