/**
 * Input limits shared by both backends (mirrored in native/core/src/limits.rs). Inputs
 * past a limit get a TOO_LARGE error instead of an unbounded amount of work. The
 * engine's tuning constants live in native/core/data/consensus.json (params.ts).
 */

export const MAX_EXPERTS = 500;
/** Per text, in UTF-8 bytes (what the native side receives). A 10 MB answer passes. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Whole panel, in UTF-8 bytes. */
export const MAX_PANEL_BYTES = 64 * 1024 * 1024;
