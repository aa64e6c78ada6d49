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

// ---- the analyst's map (docs/consensus.md, "Grounding the analyst") -----------

/** One answer as the analyst was shown it: under an anonymous letter. */
export interface LabelledAnswer {
  /** The letter in the analyst's prompt ("A"). */
  label: string;
  /** The expert's display name: what the result names. */
  expertId: string;
  text: string;
  /** Learned weight, > 0. Defaults to 1. */
  weight?: number;
}

/** An attribution: this answer asserts (or contradicts) the claim, in these words of its own. */
export interface AnalystQuote {
  /** The answer's letter. */
  expert: string;
  quote: string;
}

export interface AnalystClaim {
  text: string;
  support: AnalystQuote[];
  oppose: AnalystQuote[];
}

export interface AnalystAnswer {
  expert: string;
  /** The answer's conclusion in a few words; equal wording means the same position. */
  bottomLine: string;
  /** The answer's own words that state its bottom line; grounded like any attribution. */
  quote?: string | null;
  /** How firmly the answer commits to its bottom line, 0..1 (hedged answers vote less). Default 1. */
  confidence?: number | null;
}

/** The analyst's structured output, after its JSON was parsed and its shape checked. */
export interface AnalystOutput {
  answers: AnalystAnswer[];
  claims: AnalystClaim[];
}

export interface GroundingOptions {
  /** consensusConfidence at or above this counts as reached. Default 0.7. */
  confidenceThreshold?: number;
  /** Experts asked, the failed ones included; the missing count against the confidence. */
  expertsAsked?: number;
}

/** A quote found in its answer. */
export interface GroundedQuote {
  expertId: string;
  /** The quote as the analyst gave it. */
  quote: string;
  /** The answer's own text that matched (a slice of it, Markdown included): what the card highlights. */
  matched: string;
  /** UTF-16 offsets of `matched` in the answer's text, end exclusive. */
  start: number;
  end: number;
  /** Word edits between the normalised quote and the match; 0 is verbatim. */
  edits: number;
}

export interface VerifiedClaim {
  text: string;
  /** contradiction: asserted by some, contradicted by others; shared: two or more assert it; unique: one does. */
  kind: 'contradiction' | 'shared' | 'unique';
  supporters: string[];
  opponents: string[];
  /** Weighted share of the experts asked that assert it, 0..1. */
  support: number;
  /** Weighted share of the experts asked that contradict it, 0..1. */
  opposition: number;
  supportQuotes: GroundedQuote[];
  opposeQuotes: GroundedQuote[];
}

export type DropReason =
  /** The quote is not in the answer it is attributed to (nor close enough). */
  | 'quote_not_found'
  /** The letter names no answer of the panel. */
  | 'unknown_label'
  | 'empty_quote'
  /** The same answer was said to assert and to contradict the claim. */
  | 'both_sides';

export interface DroppedAttribution {
  /** The claim's text, or the bottom line for a bottom-line quote. */
  claim: string;
  /** The letter as the analyst wrote it. */
  label: string;
  /** The expert, when the letter exists. */
  expertId: string | null;
  stance: 'support' | 'oppose' | 'bottom_line';
  quote: string;
  reason: DropReason;
}

export interface GroundingStats {
  /** Every attribution the analyst made (claims' support and oppose, bottom-line quotes). */
  attributions: number;
  grounded: number;
  dropped: number;
  /** grounded / attributions; 0 when there were none. */
  rate: number;
  claimsGiven: number;
  /** Claims merged into an earlier one with the same wording. */
  claimsMerged: number;
  /** Claims left without any grounded support, dropped. */
  claimsUnsupported: number;
  claimsKept: number;
}

/** What one answer contributed, with its length beside it, so a length bias can be seen. */
export interface AnswerStanding {
  expertId: string;
  label: string;
  bottomLine: string;
  /** Words in the answer. */
  words: number;
  claimsSupported: number;
  claimsOpposed: number;
  inMajority: boolean;
}

export interface Camp {
  members: string[];
  bottomLine: string;
  weightShare: number;
}

/** The analyst's map after the core checked every quote against the answers. */
export interface VerifiedMap {
  consensusConfidence: number;
  reached: boolean;
  expertCount: number;
  expertsAsked: number;
  bottomLines: BottomLineSummary[];
  /** Answers with the same bottom line and no contradicted key claim between them, largest vote first. */
  camps: Camp[];
  majority: string[];
  dissenters: string[];
  /** Every kept claim: contradictions first, then shared, then unique, each by support. */
  claims: VerifiedClaim[];
  /** Claims two or more experts assert (the same shape the offline engine gives). */
  commonRecommendations: CommonRecommendation[];
  /** Claims only one expert makes. */
  uniqueInsights: UniqueInsight[];
  standings: AnswerStanding[];
  grounding: GroundingStats;
  /** What was not counted and why (at most limits.maxDroppedListed). */
  dropped: DroppedAttribution[];
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
  /** Checks the analyst's quotes against the answers and computes the verified map. */
  groundAnalysis(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions): VerifiedMap;
}
