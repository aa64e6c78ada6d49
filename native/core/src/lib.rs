//! Circle of Experts core: pure algorithms, no Node or napi types.
//! The binding crate (`native/node`) converts types and nothing else.

pub mod embeddings;
pub mod error;
pub mod query;
pub mod weights;

pub use error::{CoreError, CoreResult, ErrorCode};
