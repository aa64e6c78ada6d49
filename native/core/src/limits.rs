//! Limits and tuning constants shared by both backends (mirrored in
//! server/core/fallback/limits.ts). Inputs past a limit get a TOO_LARGE error
//! instead of an unbounded amount of work.

pub const MAX_EXPERTS: usize = 500;
/// Per text, in UTF-8 bytes. A 10 MB answer passes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Whole panel, in UTF-8 bytes.
pub const MAX_PANEL_BYTES: usize = 64 * 1024 * 1024;

/// Weight factor of filler words inside a real claim ("I'd recommend X": X carries it).
pub const FILLER_TERM_WEIGHT: f64 = 0.25;
/// Average-linkage agreement two groups of answers need to be one cluster.
pub const CLUSTER_THRESHOLD: f64 = 0.25;
/// Cosine two claims need to back the same recommendation.
pub const CLAIM_MATCH_THRESHOLD: f64 = 0.5;
/// A claim's best negated cosine from this on is a flat contradiction (see agreement.rs).
pub const CONTRADICTION_THRESHOLD: f64 = 0.6;
/// Claims of fewer distinct terms ("Grooming:") cannot be flatly contradicted.
pub const MIN_CONTRADICTION_TERMS: usize = 2;
/// Claims compared across the panel at most (split evenly between experts).
pub const MAX_PANEL_CLAIMS: usize = 8192;
pub const MIN_CLAIMS_PER_EXPERT: usize = 16;
pub const MAX_RECOMMENDATIONS: usize = 25;
pub const MAX_INSIGHTS_PER_EXPERT: usize = 3;
pub const MAX_EVIDENCE_PER_SUPPORTER: usize = 3;
/// Unique insights need at least this many distinct terms (no one-word remarks).
pub const MIN_INSIGHT_TERMS: usize = 2;
pub const DEFAULT_CONFIDENCE_THRESHOLD: f64 = 0.7;
/// Features of a conclusion's head (what it recommends, see conclusions.rs).
pub const HEAD_TERMS: usize = 3;
/// Conclusions compared per answer at most: the first claim, cue claims, the last.
pub const MAX_CONCLUSIONS_PER_EXPERT: usize = 8;
/// Share of the conclusion match in the agreement of two answers (the rest: claim coverage).
pub const CONCLUSION_WEIGHT: f64 = 0.5;
