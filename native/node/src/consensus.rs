//! Binding of `calculateConsensus`: JS objects in, JS objects out, field for
//! field as in server/core/types.ts. Sync and async exports share one `_impl`.

use crate::errors::guard;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Optional numbers may also come as `null` (treated like undefined, as the fallback does).
/// Written out in the fields: the napi derive only sees `Option` when it is spelled there.
pub(crate) fn number(value: Option<Either<f64, Null>>) -> Option<f64> {
    match value {
        Some(Either::A(x)) => Some(x),
        _ => None,
    }
}

#[napi(object)]
pub struct ExpertResponse {
    pub expert_id: String,
    pub text: String,
    #[napi(ts_type = "number | null")]
    pub confidence: Option<Either<f64, Null>>,
    #[napi(ts_type = "number | null")]
    pub weight: Option<Either<f64, Null>>,
    /// Still streaming: its trailing unfinished sentence is not a claim.
    #[napi(ts_type = "boolean | null")]
    pub streaming: Option<Either<bool, Null>>,
}

#[napi(object)]
pub struct ConsensusOptions {
    #[napi(ts_type = "number | null")]
    pub confidence_threshold: Option<Either<f64, Null>>,
    /// Experts asked, the failed and cancelled ones included (defaults to the responses).
    #[napi(ts_type = "number | null")]
    pub experts_asked: Option<Either<f64, Null>>,
}

#[napi(object)]
pub struct Cluster {
    pub members: Vec<String>,
    pub weight_share: f64,
}

#[napi(object)]
pub struct Evidence {
    pub expert_id: String,
    pub text: String,
}

#[napi(object)]
pub struct CommonRecommendation {
    pub text: String,
    pub supporters: Vec<String>,
    pub support: f64,
    pub evidence: Vec<Evidence>,
}

#[napi(object)]
pub struct UniqueInsight {
    pub expert_id: String,
    pub text: String,
    /// The heading or list intro it was written under, when that frames an alternative.
    #[napi(ts_type = "string | null")]
    pub context: Either<String, Null>,
    #[napi(ts_type = "'caveat' | 'insight'")]
    pub kind: String,
}

#[napi(object)]
pub struct BottomLineSummary {
    pub expert_id: String,
    pub text: String,
}

#[napi(object)]
pub struct FinalAnswer {
    pub expert_id: String,
    pub answer: String,
}

#[napi(object)]
pub struct ConsensusResult {
    pub consensus_confidence: f64,
    pub reached: bool,
    pub expert_count: u32,
    pub experts_asked: u32,
    #[napi(ts_type = "'semantic' | 'lexical'")]
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

fn to_core(responses: Vec<ExpertResponse>) -> Vec<circle_core::ExpertResponse> {
    responses
        .into_iter()
        .map(|r| circle_core::ExpertResponse {
            expert_id: r.expert_id,
            text: r.text,
            confidence: number(r.confidence),
            weight: number(r.weight),
            streaming: match r.streaming {
                Some(Either::A(b)) => Some(b),
                _ => None,
            },
        })
        .collect()
}

fn options_to_core(options: Option<ConsensusOptions>) -> circle_core::ConsensusOptions {
    options.map_or_else(Default::default, |o| circle_core::ConsensusOptions {
        confidence_threshold: number(o.confidence_threshold),
        experts_asked: number(o.experts_asked),
    })
}

fn from_core(r: circle_core::ConsensusResult) -> ConsensusResult {
    ConsensusResult {
        consensus_confidence: r.consensus_confidence,
        reached: r.reached,
        expert_count: r.expert_count,
        experts_asked: r.experts_asked,
        method: r.method,
        bottom_lines: r.bottom_lines.into_iter().map(Into::into).collect(),
        similarity: r.similarity,
        clusters: r
            .clusters
            .into_iter()
            .map(|c| Cluster {
                members: c.members,
                weight_share: c.weight_share,
            })
            .collect(),
        majority: r.majority,
        dissenters: r.dissenters,
        common_recommendations: r
            .common_recommendations
            .into_iter()
            .map(Into::into)
            .collect(),
        unique_insights: r.unique_insights.into_iter().map(Into::into).collect(),
        final_answers: r
            .final_answers
            .into_iter()
            .map(|a| FinalAnswer {
                expert_id: a.expert_id,
                answer: a.answer,
            })
            .collect(),
    }
}

fn calculate_consensus_impl(
    responses: &[circle_core::ExpertResponse],
    options: &circle_core::ConsensusOptions,
) -> CoreResult<ConsensusResult> {
    circle_core::calculate_consensus(responses, options).map(from_core)
}

/// Who agrees with whom, what they recommend in common, who dissents.
#[napi]
pub fn calculate_consensus(
    responses: Vec<ExpertResponse>,
    options: Option<ConsensusOptions>,
) -> Result<ConsensusResult> {
    let responses = to_core(responses);
    let options = options_to_core(options);
    guard(|| calculate_consensus_impl(&responses, &options))
}

pub struct CalculateConsensusTask {
    responses: Vec<circle_core::ExpertResponse>,
    options: circle_core::ConsensusOptions,
}

impl Task for CalculateConsensusTask {
    type Output = ConsensusResult;
    type JsValue = ConsensusResult;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| calculate_consensus_impl(&self.responses, &self.options))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `calculateConsensus` on the libuv thread pool.
#[napi(ts_return_type = "Promise<ConsensusResult>")]
pub fn calculate_consensus_async(
    responses: Vec<ExpertResponse>,
    options: Option<ConsensusOptions>,
) -> AsyncTask<CalculateConsensusTask> {
    AsyncTask::new(CalculateConsensusTask {
        responses: to_core(responses),
        options: options_to_core(options),
    })
}

// One conversion each for the shapes the consensus result nests (grounding sends its
// result as JSON, serialized from the core types: src/grounding.rs).

impl From<circle_core::BottomLineSummary> for BottomLineSummary {
    fn from(b: circle_core::BottomLineSummary) -> Self {
        BottomLineSummary {
            expert_id: b.expert_id,
            text: b.text,
        }
    }
}

impl From<circle_core::CommonRecommendation> for CommonRecommendation {
    fn from(c: circle_core::CommonRecommendation) -> Self {
        CommonRecommendation {
            text: c.text,
            supporters: c.supporters,
            support: c.support,
            evidence: c
                .evidence
                .into_iter()
                .map(|e| Evidence {
                    expert_id: e.expert_id,
                    text: e.text,
                })
                .collect(),
        }
    }
}

impl From<circle_core::UniqueInsight> for UniqueInsight {
    fn from(u: circle_core::UniqueInsight) -> Self {
        UniqueInsight {
            expert_id: u.expert_id,
            text: u.text,
            context: u.context.map_or(Either::B(Null), Either::A),
            kind: u.kind,
        }
    }
}
