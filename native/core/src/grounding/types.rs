//! Inputs and results of `ground_analysis`, shaped like the "analyst's map" section of
//! `server/core/types.ts`. The binding converts the inputs field by field and hands the
//! result to JS as JSON (serde, camelCase field names as in TypeScript, `None` as `null`).

use crate::types::{BottomLineSummary, CommonRecommendation, UniqueInsight};
use serde::Serialize;

/// One answer as the analyst was shown it: under an anonymous letter.
#[derive(Clone, Debug, Default)]
pub struct LabelledAnswer {
    pub label: String,
    pub expert_id: String,
    pub text: String,
    pub weight: Option<f64>,
}

/// An attribution: this answer (by letter) asserts or contradicts the claim in these words.
#[derive(Clone, Debug, Default)]
pub struct AnalystQuote {
    pub expert: String,
    pub quote: String,
}

#[derive(Clone, Debug, Default)]
pub struct AnalystClaim {
    pub text: String,
    pub support: Vec<AnalystQuote>,
    pub oppose: Vec<AnalystQuote>,
}

#[derive(Clone, Debug, Default)]
pub struct AnalystAnswer {
    pub expert: String,
    pub bottom_line: String,
    pub quote: Option<String>,
    pub confidence: Option<f64>,
}

#[derive(Clone, Debug, Default)]
pub struct AnalystOutput {
    pub answers: Vec<AnalystAnswer>,
    pub claims: Vec<AnalystClaim>,
}

#[derive(Clone, Debug, Default)]
pub struct GroundingOptions {
    pub confidence_threshold: Option<f64>,
    /// A whole number; defaults to the number of answers.
    pub experts_asked: Option<f64>,
}

/// A quote found in its answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundedQuote {
    pub expert_id: String,
    /// The quote as the analyst gave it.
    pub quote: String,
    /// The answer's own text that matched (Markdown included).
    pub matched: String,
    /// UTF-16 offsets of `matched` in the answer's text, end exclusive.
    pub start: u32,
    pub end: u32,
    /// Word edits between the quote and the match; 0 is verbatim.
    pub edits: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedClaim {
    pub text: String,
    /// "contradiction", "shared" or "unique".
    pub kind: String,
    pub supporters: Vec<String>,
    pub opponents: Vec<String>,
    pub support: f64,
    pub opposition: f64,
    pub support_quotes: Vec<GroundedQuote>,
    pub oppose_quotes: Vec<GroundedQuote>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DroppedAttribution {
    /// The claim's text, or the bottom line for a bottom-line quote.
    pub claim: String,
    /// The letter as the analyst wrote it.
    pub label: String,
    /// The expert, when the letter exists.
    pub expert_id: Option<String>,
    /// "support", "oppose" or "bottom_line".
    pub stance: String,
    pub quote: String,
    /// "quote_not_found", "unknown_label", "empty_quote" or "both_sides".
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingStats {
    pub attributions: u32,
    pub grounded: u32,
    pub dropped: u32,
    pub rate: f64,
    pub claims_given: u32,
    pub claims_merged: u32,
    pub claims_unsupported: u32,
    pub claims_kept: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerStanding {
    pub expert_id: String,
    pub label: String,
    pub bottom_line: String,
    /// Words in the answer (as the grounding reads them).
    pub words: u32,
    pub claims_supported: u32,
    pub claims_opposed: u32,
    pub in_majority: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Camp {
    pub members: Vec<String>,
    pub bottom_line: String,
    pub weight_share: f64,
}

/// The analyst's map after every quote was checked against the answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedMap {
    pub consensus_confidence: f64,
    pub reached: bool,
    pub expert_count: u32,
    pub experts_asked: u32,
    pub bottom_lines: Vec<BottomLineSummary>,
    pub camps: Vec<Camp>,
    pub majority: Vec<String>,
    pub dissenters: Vec<String>,
    pub claims: Vec<VerifiedClaim>,
    pub common_recommendations: Vec<CommonRecommendation>,
    pub unique_insights: Vec<UniqueInsight>,
    pub standings: Vec<AnswerStanding>,
    pub grounding: GroundingStats,
    pub dropped: Vec<DroppedAttribution>,
}
