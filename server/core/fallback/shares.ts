/**
 * Sort keys for vote shares and scores: rounded to 1e-9 so that values equal up
 * to floating-point noise tie (and fall back to input order) identically in both
 * backends. A rounded integer keeps the ordering transitive, which an epsilon
 * comparison would not. Mirrored in native/core/src/shares.rs.
 */
export function shareKey(x: number): number {
  return Math.round(x * 1e9);
}
