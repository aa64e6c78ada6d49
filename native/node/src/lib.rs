#![deny(clippy::all)]
// The #[napi] exports are called from JS only; the unit-test build sees them as unused.
#![cfg_attr(test, allow(dead_code))]
//! Thin napi-rs binding over `circle-core`.

mod consensus;
mod embedding;
mod embeddings;
pub mod errors;
mod grounding;
mod query;
mod text;
mod weights;

use napi_derive::napi;

/// Version of the native core, reported by `coreInfo()`.
#[napi]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
