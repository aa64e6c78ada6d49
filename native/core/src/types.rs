//! Inputs and results of the core, shaped like `server/core/types.ts`
//! (the binding converts them field by field; the few that the grounding result
//! carries also serialize, camelCase, for its JSON crossing).

use serde::Serialize;

#[derive(Clone, Debug, Default)]
pub struct ExpertResponse {
    pub expert_id: String,
    pub text: String,
    pub confidence: Option<f64>,
    pub weight: Option<f64>,
    /// The answer is still streaming: its trailing unfinished sentence is not a claim.
    pub streaming: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct ConsensusOptions {
    pub confidence_threshold: Option<f64>,
    /// How many experts were asked, the failed and cancelled ones included (a whole
    /// number; defaults to the number of responses).
    pub experts_asked: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub members: Vec<String>,
    pub weight_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub expert_id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommonRecommendation {
    pub text: String,
    pub supporters: Vec<String>,
    pub support: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UniqueInsight {
    pub expert_id: String,
    pub text: String,
    /// The heading or list intro it was written under, when that frames an alternative.
    pub context: Option<String>,
    /// "caveat" (a condition on the expert's own bottom line) or "insight".
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BottomLineSummary {
    pub expert_id: String,
    /// The few words that carry the expert's conclusion.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FinalAnswer {
    pub expert_id: String,
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsensusResult {
    pub consensus_confidence: f64,
    pub reached: bool,
    pub expert_count: u32,
    /// Experts asked, the failed and cancelled ones included.
    pub experts_asked: u32,
    /// "semantic" with the sentence model, "lexical" without it.
    pub method: String,
    pub bottom_lines: Vec<BottomLineSummary>,
    pub similarity: Vec<Vec<f64>>,
    pub clusters: Vec<Cluster>,
    pub majority: Vec<String>,
    pub dissenters: Vec<String>,
    pub common_recommendations: Vec<CommonRecommendation>,
    pub unique_insights: Vec<UniqueInsight>,
    pub final_answers: Vec<FinalAnswer>,
}
