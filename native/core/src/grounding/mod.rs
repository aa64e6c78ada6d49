//! Grounding the analyst's map (docs/consensus.md): the analyst's quotes checked against
//! the answers they are attributed to, then the verified map computed from what holds.
//! Step for step as server/core/fallback/grounding/.

pub mod map;
pub mod matcher;
pub mod types;
pub mod words;

pub use map::ground_analysis;
pub use types::*;
