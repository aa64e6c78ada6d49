//! Circle of Experts core: pure algorithms, no Node or napi types.
//! The binding crate (`native/node`) converts types and nothing else.

pub mod bottom_line;
pub mod camps;
pub mod chars;
pub mod claims;
pub mod consensus;
pub mod documents;
pub mod embedding;
pub mod embeddings;
pub mod error;
pub mod final_answer;
pub mod findings;
pub mod grounding;
pub mod groups;
pub mod js;
pub mod limits;
pub mod markdown;
pub mod meaning;
pub mod params;
pub mod pipeline;
pub mod quantities;
pub mod query;
pub mod shares;
pub mod similarity;
pub mod stemmer;
pub mod stopwords;
pub mod types;
pub mod validate;
pub mod vectors;
pub mod weights;

pub use error::{CoreError, CoreResult, ErrorCode};
pub use types::*;

/// Tokens after the text pipeline (segmentation, folding, negation, stop words, stemming).
pub fn tokenize(text: &str) -> CoreResult<Vec<String>> {
    validate::validate_text(text)?;
    Ok(pipeline::tokenize(text))
}

/// Number of pipeline tokens of `text`, without materialising them (throughput measurements).
pub fn count_tokens(text: &str) -> CoreResult<usize> {
    validate::validate_text(text)?;
    Ok(pipeline::count_tokens(text))
}

/// TF-IDF cosine similarity of the texts: symmetric, 1 on the diagonal, values in 0..1.
pub fn analyze_similarity<S: AsRef<str> + Sync>(texts: &[S]) -> CoreResult<Vec<Vec<f64>>> {
    validate::validate_texts(texts)?;
    let refs: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    Ok(similarity::analyze_similarity_texts(&refs))
}

pub use consensus::calculate_consensus;
pub use grounding::ground_analysis;
