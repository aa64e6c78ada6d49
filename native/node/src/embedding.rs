//! `loadEmbeddingModel` and `embedTexts` over `circle_core::embedding`: the static
//! sentence model (models/minilm-static) in the process-wide slot, vectors through its cache.

use crate::errors::guard;
use circle_core::embedding as core;
use circle_core::limits::{MAX_PANEL_BYTES, MAX_TEXT_BYTES};
use circle_core::{CoreError, CoreResult, ErrorCode};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// One call's output crosses into JS as one Float32Array: beyond this it is a mistake.
const MAX_EMBED_TEXTS: usize = 100_000;

#[napi(object)]
pub struct EmbeddingModelInfo {
    /// Components of every vector `embedTexts` returns.
    pub dim: u32,
    /// WordPiece vocabulary size (rows of the table).
    pub vocab_size: u32,
}

fn load_embedding_model_impl(dir: &str) -> CoreResult<EmbeddingModelInfo> {
    let model = core::StaticModel::load(dir).map_err(|message| {
        CoreError::new(
            ErrorCode::InvalidArgument,
            format!("cannot load the sentence model: {message}"),
        )
    })?;
    let info = EmbeddingModelInfo {
        dim: model.dim() as u32,
        vocab_size: model.vocab_size() as u32,
    };
    core::install_model(model);
    Ok(info)
}

fn embed_texts_impl(texts: &[String]) -> CoreResult<Vec<f32>> {
    if texts.len() > MAX_EMBED_TEXTS {
        return Err(CoreError::new(
            ErrorCode::TooLarge,
            format!("at most {MAX_EMBED_TEXTS} texts are embedded per call"),
        ));
    }
    let mut total = 0;
    for text in texts {
        if text.len() > MAX_TEXT_BYTES {
            return Err(CoreError::new(
                ErrorCode::TooLarge,
                format!("a text exceeds {MAX_TEXT_BYTES} bytes"),
            ));
        }
        total += text.len();
        if total > MAX_PANEL_BYTES {
            return Err(CoreError::new(
                ErrorCode::TooLarge,
                format!("the texts exceed {MAX_PANEL_BYTES} bytes in total"),
            ));
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    core::embed_cached_flat(&refs)
        .map(|(flat, _)| flat)
        .ok_or_else(|| {
            CoreError::new(
                ErrorCode::InvalidArgument,
                "no sentence model is loaded; call loadEmbeddingModel(dir) first",
            )
        })
}

/// Loads the static sentence model from `dir` (vocab.txt + model.safetensors) and makes
/// it the process-wide model, with a fresh cache. Replaces any model loaded before.
#[napi]
pub fn load_embedding_model(dir: String) -> Result<EmbeddingModelInfo> {
    guard(|| load_embedding_model_impl(&dir))
}

/// Unit-length sentence vectors of `texts` (zeros for a text without known tokens),
/// `texts.length * dim` numbers back to back, through the model's cache.
#[napi]
pub fn embed_texts(texts: Vec<String>) -> Result<Float32Array> {
    guard(|| embed_texts_impl(&texts)).map(Float32Array::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_model_is_an_invalid_argument() {
        let err = load_embedding_model_impl("/nonexistent/model")
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(err.message.starts_with(
            "cannot load the sentence model: cannot read /nonexistent/model/vocab.txt"
        ));
    }

    #[test]
    fn too_many_texts_are_refused() {
        let texts = vec![String::new(); MAX_EMBED_TEXTS + 1];
        assert_eq!(
            embed_texts_impl(&texts).unwrap_err().code,
            ErrorCode::TooLarge
        );
    }
}
