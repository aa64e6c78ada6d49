//! Inputs and results of the core, shaped like `server/core/types.ts`
//! (the binding converts them field by field).

#[derive(Clone, Debug, Default)]
pub struct ExpertResponse {
    pub expert_id: String,
    pub text: String,
    pub confidence: Option<f64>,
    pub weight: Option<f64>,
}

#[derive(Clone, Debug, Default)]
pub struct ConsensusOptions {
    pub confidence_threshold: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub members: Vec<String>,
    pub weight_share: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub expert_id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommonRecommendation {
    pub text: String,
    pub supporters: Vec<String>,
    pub support: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UniqueInsight {
    pub expert_id: String,
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
    pub similarity: Vec<Vec<f64>>,
    pub clusters: Vec<Cluster>,
    pub majority: Vec<String>,
    pub dissenters: Vec<String>,
    pub common_recommendations: Vec<CommonRecommendation>,
    pub unique_insights: Vec<UniqueInsight>,
    pub final_answers: Vec<FinalAnswer>,
}
