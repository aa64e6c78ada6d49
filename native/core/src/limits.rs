//! Input limits shared by both backends (mirrored in server/core/fallback/limits.ts).
//! Inputs past a limit get a TOO_LARGE error instead of an unbounded amount of work.
//! The engine's tuning constants live in native/core/data/consensus.json (params.rs).

pub const MAX_EXPERTS: usize = 500;
/// Per text, in UTF-8 bytes. A 10 MB answer passes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Whole panel, in UTF-8 bytes.
pub const MAX_PANEL_BYTES: usize = 64 * 1024 * 1024;
