//! Circle of Experts core: pure algorithms, no Node or napi types.
//! The binding crate (`native/node`) converts types and nothing else.

pub mod error;

pub use error::{CoreError, CoreResult, ErrorCode};
