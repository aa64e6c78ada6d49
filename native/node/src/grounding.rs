//! Binding of `groundAnalysis`: JS objects in, field for field as in server/core/types.ts
//! ("the analyst's map"); the verified map out as a JSON string, which the TS side
//! parses (server/core/native.ts). The result is a large tree of small objects, and
//! `serde_json` + `JSON.parse` build it faster than napi-rs setting its properties one
//! by one; the input is cheaper as objects (JSON.stringify and the string's UTF-8 copy
//! cost more than reading its few hundred properties). The serde derives are on the core
//! types (circle_core::grounding::types). Sync and async exports share one `_impl`.

use crate::consensus::number;
use crate::errors::guard;
use circle_core::grounding as core;
use circle_core::{CoreError, CoreResult, ErrorCode};
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

fn ground_analysis_impl(
    answers: &[core::LabelledAnswer],
    output: &core::AnalystOutput,
    options: &core::GroundingOptions,
) -> CoreResult<String> {
    let map = core::ground_analysis(answers, output, options)?;
    serde_json::to_string(&map).map_err(|e| {
        CoreError::new(
            ErrorCode::Internal,
            format!("could not write the verified map: {e}"),
        )
    })
}

/// Checks the analyst's quotes against the answers and computes the verified map,
/// returned as JSON (a `VerifiedMap`, absent values as `null`).
#[napi]
pub fn ground_analysis_json(
    answers: Vec<LabelledAnswer>,
    output: AnalystOutput,
    options: Option<GroundingOptions>,
) -> Result<String> {
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
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| ground_analysis_impl(&self.answers, &self.output, &self.options))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `groundAnalysisJson` on the libuv thread pool.
#[napi(ts_return_type = "Promise<string>")]
pub fn ground_analysis_json_async(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verified_map_is_json_with_camel_case_names_and_nulls() {
        let answers = [core::LabelledAnswer {
            label: "A".into(),
            expert_id: "alice".into(),
            text: "Start with PostgreSQL for most apps.".into(),
            weight: None,
        }];
        let quote = |q: &str, expert: &str| core::AnalystQuote {
            expert: expert.into(),
            quote: q.into(),
        };
        let output = core::AnalystOutput {
            answers: vec![],
            claims: vec![core::AnalystClaim {
                text: "c".into(),
                support: vec![quote("start with PostgreSQL", "A")],
                oppose: vec![quote("anything", "Z")],
            }],
        };
        let json = ground_analysis_impl(&answers, &output, &Default::default()).unwrap();
        let map: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(map["grounding"]["grounded"], 1);
        assert_eq!(map["claims"][0]["supportQuotes"][0]["expertId"], "alice");
        assert_eq!(map["dropped"][0]["reason"], "unknown_label");
        assert!(map["dropped"][0]["expertId"].is_null());
    }
}
