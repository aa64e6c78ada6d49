//! Binding of `groundAnalysis`: JS objects in, JS objects out, field for field as in
//! server/core/types.ts ("the analyst's map"). Sync and async exports share one `_impl`.

use crate::consensus::{number, BottomLineSummary, CommonRecommendation, UniqueInsight};
use crate::errors::guard;
use circle_core::grounding as core;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

#[napi(object)]
pub struct LabelledAnswer {
    pub label: String,
    pub expert_id: String,
    pub text: String,
    #[napi(ts_type = "number | null")]
    pub weight: Option<Either<f64, Null>>,
}

#[napi(object)]
pub struct AnalystQuote {
    pub expert: String,
    pub quote: String,
}

#[napi(object)]
pub struct AnalystClaim {
    pub text: String,
    pub support: Vec<AnalystQuote>,
    pub oppose: Vec<AnalystQuote>,
}

#[napi(object)]
pub struct AnalystAnswer {
    pub expert: String,
    pub bottom_line: String,
    #[napi(ts_type = "string | null")]
    pub quote: Option<Either<String, Null>>,
    #[napi(ts_type = "number | null")]
    pub confidence: Option<Either<f64, Null>>,
}

#[napi(object)]
pub struct AnalystOutput {
    pub answers: Vec<AnalystAnswer>,
    pub claims: Vec<AnalystClaim>,
}

#[napi(object)]
pub struct GroundingOptions {
    #[napi(ts_type = "number | null")]
    pub confidence_threshold: Option<Either<f64, Null>>,
    #[napi(ts_type = "number | null")]
    pub experts_asked: Option<Either<f64, Null>>,
}

#[napi(object)]
pub struct GroundedQuote {
    pub expert_id: String,
    pub quote: String,
    pub matched: String,
    pub start: u32,
    pub end: u32,
    pub edits: u32,
}

#[napi(object)]
pub struct VerifiedClaim {
    pub text: String,
    #[napi(ts_type = "'contradiction' | 'shared' | 'unique'")]
    pub kind: String,
    pub supporters: Vec<String>,
    pub opponents: Vec<String>,
    pub support: f64,
    pub opposition: f64,
    pub support_quotes: Vec<GroundedQuote>,
    pub oppose_quotes: Vec<GroundedQuote>,
}

#[napi(object)]
pub struct DroppedAttribution {
    pub claim: String,
    pub label: String,
    #[napi(ts_type = "string | null")]
    pub expert_id: Either<String, Null>,
    #[napi(ts_type = "'support' | 'oppose' | 'bottom_line'")]
    pub stance: String,
    pub quote: String,
    #[napi(ts_type = "'quote_not_found' | 'unknown_label' | 'empty_quote' | 'both_sides'")]
    pub reason: String,
}

#[napi(object)]
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

#[napi(object)]
pub struct AnswerStanding {
    pub expert_id: String,
    pub label: String,
    pub bottom_line: String,
    pub words: u32,
    pub claims_supported: u32,
    pub claims_opposed: u32,
    pub in_majority: bool,
}

#[napi(object)]
pub struct Camp {
    pub members: Vec<String>,
    pub bottom_line: String,
    pub weight_share: f64,
}

#[napi(object)]
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

fn quotes_to_core(quotes: Vec<AnalystQuote>) -> Vec<core::AnalystQuote> {
    quotes
        .into_iter()
        .map(|q| core::AnalystQuote {
            expert: q.expert,
            quote: q.quote,
        })
        .collect()
}

fn answers_to_core(answers: Vec<LabelledAnswer>) -> Vec<core::LabelledAnswer> {
    answers
        .into_iter()
        .map(|a| core::LabelledAnswer {
            label: a.label,
            expert_id: a.expert_id,
            text: a.text,
            weight: number(a.weight),
        })
        .collect()
}

fn output_to_core(output: AnalystOutput) -> core::AnalystOutput {
    core::AnalystOutput {
        answers: output
            .answers
            .into_iter()
            .map(|a| core::AnalystAnswer {
                expert: a.expert,
                bottom_line: a.bottom_line,
                quote: match a.quote {
                    Some(Either::A(q)) => Some(q),
                    _ => None,
                },
                confidence: number(a.confidence),
            })
            .collect(),
        claims: output
            .claims
            .into_iter()
            .map(|c| core::AnalystClaim {
                text: c.text,
                support: quotes_to_core(c.support),
                oppose: quotes_to_core(c.oppose),
            })
            .collect(),
    }
}

fn options_to_core(options: Option<GroundingOptions>) -> core::GroundingOptions {
    options.map_or_else(Default::default, |o| core::GroundingOptions {
        confidence_threshold: number(o.confidence_threshold),
        experts_asked: number(o.experts_asked),
    })
}

fn quote_from_core(q: core::GroundedQuote) -> GroundedQuote {
    GroundedQuote {
        expert_id: q.expert_id,
        quote: q.quote,
        matched: q.matched,
        start: q.start,
        end: q.end,
        edits: q.edits,
    }
}

fn from_core(m: core::VerifiedMap) -> VerifiedMap {
    let s = m.grounding;
    VerifiedMap {
        consensus_confidence: m.consensus_confidence,
        reached: m.reached,
        expert_count: m.expert_count,
        experts_asked: m.experts_asked,
        bottom_lines: m.bottom_lines.into_iter().map(Into::into).collect(),
        camps: m
            .camps
            .into_iter()
            .map(|c| Camp {
                members: c.members,
                bottom_line: c.bottom_line,
                weight_share: c.weight_share,
            })
            .collect(),
        majority: m.majority,
        dissenters: m.dissenters,
        claims: m
            .claims
            .into_iter()
            .map(|c| VerifiedClaim {
                text: c.text,
                kind: c.kind,
                supporters: c.supporters,
                opponents: c.opponents,
                support: c.support,
                opposition: c.opposition,
                support_quotes: c.support_quotes.into_iter().map(quote_from_core).collect(),
                oppose_quotes: c.oppose_quotes.into_iter().map(quote_from_core).collect(),
            })
            .collect(),
        common_recommendations: m
            .common_recommendations
            .into_iter()
            .map(Into::into)
            .collect(),
        unique_insights: m.unique_insights.into_iter().map(Into::into).collect(),
        standings: m
            .standings
            .into_iter()
            .map(|a| AnswerStanding {
                expert_id: a.expert_id,
                label: a.label,
                bottom_line: a.bottom_line,
                words: a.words,
                claims_supported: a.claims_supported,
                claims_opposed: a.claims_opposed,
                in_majority: a.in_majority,
            })
            .collect(),
        grounding: GroundingStats {
            attributions: s.attributions,
            grounded: s.grounded,
            dropped: s.dropped,
            rate: s.rate,
            claims_given: s.claims_given,
            claims_merged: s.claims_merged,
            claims_unsupported: s.claims_unsupported,
            claims_kept: s.claims_kept,
        },
        dropped: m
            .dropped
            .into_iter()
            .map(|d| DroppedAttribution {
                claim: d.claim,
                label: d.label,
                expert_id: d.expert_id.map_or(Either::B(Null), Either::A),
                stance: d.stance,
                quote: d.quote,
                reason: d.reason,
            })
            .collect(),
    }
}

fn ground_analysis_impl(
    answers: &[core::LabelledAnswer],
    output: &core::AnalystOutput,
    options: &core::GroundingOptions,
) -> CoreResult<VerifiedMap> {
    core::ground_analysis(answers, output, options).map(from_core)
}

/// Checks the analyst's quotes against the answers and computes the verified map.
#[napi]
pub fn ground_analysis(
    answers: Vec<LabelledAnswer>,
    output: AnalystOutput,
    options: Option<GroundingOptions>,
) -> Result<VerifiedMap> {
    let answers = answers_to_core(answers);
    let output = output_to_core(output);
    let options = options_to_core(options);
    guard(|| ground_analysis_impl(&answers, &output, &options))
}

pub struct GroundAnalysisTask {
    answers: Vec<core::LabelledAnswer>,
    output: core::AnalystOutput,
    options: core::GroundingOptions,
}

impl Task for GroundAnalysisTask {
    type Output = VerifiedMap;
    type JsValue = VerifiedMap;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| ground_analysis_impl(&self.answers, &self.output, &self.options))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `groundAnalysis` on the libuv thread pool.
#[napi(ts_return_type = "Promise<VerifiedMap>")]
pub fn ground_analysis_async(
    answers: Vec<LabelledAnswer>,
    output: AnalystOutput,
    options: Option<GroundingOptions>,
) -> AsyncTask<GroundAnalysisTask> {
    AsyncTask::new(GroundAnalysisTask {
        answers: answers_to_core(answers),
        output: output_to_core(output),
        options: options_to_core(options),
    })
}
