//! Sort keys for vote shares and scores: rounded to 1e-9 so that values equal up
//! to floating-point noise tie (and fall back to input order) identically in both
//! backends. A rounded integer keeps the ordering transitive, which an epsilon
//! comparison would not. Mirrored in server/core/fallback/shares.ts.

pub fn share_key(x: f64) -> i64 {
    // JS Math.round rounds halves up; for the non-negative values used here that
    // is what f64::round does too.
    (x * 1e9).round() as i64
}
