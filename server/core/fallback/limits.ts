/**
 * Limits and tuning constants shared by both backends (mirrored in
 * native/core/src/limits.rs). Inputs past a limit get a TOO_LARGE error
 * instead of an unbounded amount of work.
 */

export const MAX_EXPERTS = 500;
/** Per text, in UTF-8 bytes (what the native side receives). A 10 MB answer passes. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Whole panel, in UTF-8 bytes. */
export const MAX_PANEL_BYTES = 64 * 1024 * 1024;

/** Weight factor of filler words inside a real claim ("I'd recommend X": X carries it). */
export const FILLER_TERM_WEIGHT = 0.25;
/** Average-linkage agreement two groups of answers need to be one cluster. */
export const CLUSTER_THRESHOLD = 0.25;
/** Cosine two claims need to back the same recommendation. */
export const CLAIM_MATCH_THRESHOLD = 0.5;
/** A claim's best negated cosine from this on is a flat contradiction (see agreement.ts). */
export const CONTRADICTION_THRESHOLD = 0.6;
/** Claims of fewer distinct terms ("Grooming:") cannot be flatly contradicted. */
export const MIN_CONTRADICTION_TERMS = 2;
/** Claims compared across the panel at most (split evenly between experts). */
export const MAX_PANEL_CLAIMS = 8192;
export const MIN_CLAIMS_PER_EXPERT = 16;
export const MAX_RECOMMENDATIONS = 25;
export const MAX_INSIGHTS_PER_EXPERT = 3;
export const MAX_EVIDENCE_PER_SUPPORTER = 3;
/** Unique insights need at least this many distinct terms (no one-word remarks). */
export const MIN_INSIGHT_TERMS = 2;
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.7;
/** Features of a conclusion's head (what it recommends, see conclusions.ts). */
export const HEAD_TERMS = 3;
/** Conclusions compared per answer at most: the first claim, cue claims, the last. */
export const MAX_CONCLUSIONS_PER_EXPERT = 8;
/** Share of the conclusion match in the agreement of two answers (the rest: claim coverage). */
export const CONCLUSION_WEIGHT = 0.5;
