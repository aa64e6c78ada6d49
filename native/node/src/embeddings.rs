//! `similarityFromEmbeddings` (sync and AsyncTask) over `circle_core::embeddings`.

use crate::errors::guard;
use circle_core::embeddings as core;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// `dim` arrives as any JS number; the core rejects non-integers instead of truncating them.
fn similarity_from_embeddings_impl(vectors: &[f32], dim: f64) -> CoreResult<Vec<Vec<f64>>> {
    core::similarity_from_embeddings(vectors, core::dimension_from_number(dim)?)
}

/// n x n cosine similarity (clamped to 0..1) of n vectors of `dim` components stored back to back.
#[napi]
pub fn similarity_from_embeddings(vectors: Float32Array, dim: f64) -> Result<Vec<Vec<f64>>> {
    guard(|| similarity_from_embeddings_impl(&vectors, dim))
}

pub struct SimilarityFromEmbeddingsTask {
    vectors: Vec<f32>,
    dim: f64,
}

impl Task for SimilarityFromEmbeddingsTask {
    type Output = Vec<Vec<f64>>;
    type JsValue = Vec<Vec<f64>>;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| similarity_from_embeddings_impl(&self.vectors, self.dim))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `similarityFromEmbeddings` off the event loop. The vectors are copied first,
/// so the caller may reuse its buffer while the task runs.
#[napi(ts_return_type = "Promise<Array<Array<number>>>")]
pub fn similarity_from_embeddings_async(
    vectors: Float32Array,
    dim: f64,
) -> AsyncTask<SimilarityFromEmbeddingsTask> {
    AsyncTask::new(SimilarityFromEmbeddingsTask {
        vectors: vectors.to_vec(),
        dim,
    })
}
