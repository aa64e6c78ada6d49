//! Bindings of the text pipeline and document similarity. Every export runs
//! through one `_impl` function inside `guard`, so sync and async calls share
//! error mapping and panic catching.

use crate::errors::guard;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

fn tokenize_impl(text: &str) -> CoreResult<Vec<String>> {
    circle_core::tokenize(text)
}

fn count_tokens_impl(text: &str) -> CoreResult<u32> {
    circle_core::count_tokens(text).map(|n| n as u32)
}

fn analyze_similarity_impl(texts: &[String]) -> CoreResult<Vec<Vec<f64>>> {
    circle_core::analyze_similarity(texts)
}

/// Tokens after the text pipeline: stems, `!stem` inside a negated clause, `` `code `` for code.
#[napi]
pub fn tokenize(text: String) -> Result<Vec<String>> {
    guard(|| tokenize_impl(&text))
}

/// Number of pipeline tokens, without returning them (throughput benchmark).
#[napi]
pub fn count_tokens(text: String) -> Result<u32> {
    guard(|| count_tokens_impl(&text))
}

/// TF-IDF cosine similarity of the texts: symmetric, 1 on the diagonal, 0..1.
#[napi]
pub fn analyze_similarity(texts: Vec<String>) -> Result<Vec<Vec<f64>>> {
    guard(|| analyze_similarity_impl(&texts))
}

pub struct AnalyzeSimilarityTask {
    texts: Vec<String>,
}

impl Task for AnalyzeSimilarityTask {
    type Output = Vec<Vec<f64>>;
    type JsValue = Vec<Vec<f64>>;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| analyze_similarity_impl(&self.texts))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `analyzeSimilarity` on the libuv thread pool.
#[napi(ts_return_type = "Promise<Array<Array<number>>>")]
pub fn analyze_similarity_async(texts: Vec<String>) -> AsyncTask<AnalyzeSimilarityTask> {
    AsyncTask::new(AnalyzeSimilarityTask { texts })
}
