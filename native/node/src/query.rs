//! `analyzeQuery` / `analyzeQueries` (sync and AsyncTask) over `circle_core::query`.

use crate::errors::guard;
use circle_core::query as core;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// One secret, piece of personal data or injection phrase found in a query.
#[napi(object)]
pub struct QueryFinding {
    #[napi(
        ts_type = "'openai_key' | 'anthropic_key' | 'google_api_key' | 'google_oauth_token' | 'private_key' | 'jwt' | 'password_assignment' | 'email' | 'card_number' | 'prompt_injection'"
    )]
    pub kind: String,
    /// UTF-16 code-unit offset (JS string index), inclusive.
    pub start: f64,
    /// UTF-16 code-unit offset, exclusive.
    pub end: f64,
    pub redacted: bool,
}

#[napi(object)]
pub struct QueryAnalysis {
    pub sanitized: String,
    pub findings: Vec<QueryFinding>,
    pub token_estimate: f64,
    #[napi(ts_type = "'low' | 'medium' | 'high'")]
    pub complexity: String,
}

impl From<core::QueryAnalysis> for QueryAnalysis {
    fn from(a: core::QueryAnalysis) -> Self {
        QueryAnalysis {
            sanitized: a.sanitized,
            // Offsets and counts are far below 2^53, so the f64 conversion is exact.
            findings: a
                .findings
                .into_iter()
                .map(|f| QueryFinding {
                    kind: f.kind.as_str().to_string(),
                    start: f.start as f64,
                    end: f.end as f64,
                    redacted: f.redacted,
                })
                .collect(),
            token_estimate: a.token_estimate as f64,
            complexity: a.complexity.as_str().to_string(),
        }
    }
}

fn analyze_query_impl(text: &str) -> CoreResult<QueryAnalysis> {
    Ok(core::analyze_query(text)?.into())
}

fn analyze_queries_impl(texts: &[String]) -> CoreResult<Vec<QueryAnalysis>> {
    Ok(core::analyze_queries(texts)?
        .into_iter()
        .map(QueryAnalysis::from)
        .collect())
}

/// Finds secrets, personal data and prompt injection in a question; returns it redacted.
#[napi]
pub fn analyze_query(text: String) -> Result<QueryAnalysis> {
    guard(|| analyze_query_impl(&text))
}

/// `analyzeQuery` for many questions, spread over the native thread pool.
#[napi]
pub fn analyze_queries(texts: Vec<String>) -> Result<Vec<QueryAnalysis>> {
    guard(|| analyze_queries_impl(&texts))
}

pub struct AnalyzeQueryTask {
    text: String,
}

impl Task for AnalyzeQueryTask {
    type Output = QueryAnalysis;
    type JsValue = QueryAnalysis;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| analyze_query_impl(&self.text))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `analyzeQuery` off the event loop.
#[napi(ts_return_type = "Promise<QueryAnalysis>")]
pub fn analyze_query_async(text: String) -> AsyncTask<AnalyzeQueryTask> {
    AsyncTask::new(AnalyzeQueryTask { text })
}

pub struct AnalyzeQueriesTask {
    texts: Vec<String>,
}

impl Task for AnalyzeQueriesTask {
    type Output = Vec<QueryAnalysis>;
    type JsValue = Vec<QueryAnalysis>;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| analyze_queries_impl(&self.texts))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `analyzeQueries` off the event loop.
#[napi(ts_return_type = "Promise<Array<QueryAnalysis>>")]
pub fn analyze_queries_async(texts: Vec<String>) -> AsyncTask<AnalyzeQueriesTask> {
    AsyncTask::new(AnalyzeQueriesTask { texts })
}
