//! Pairwise similarity of provider embeddings.
//!
//! Similarity is the cosine clamped to [0, 1]: embeddings of unrelated texts sit
//! near 0 and opposite directions carry no extra meaning for agreement, so a
//! negative cosine counts as "no similarity" rather than being squashed into
//! (cos + 1) / 2, which would make unrelated answers look half-similar.
//! The diagonal is exactly 1 and a zero vector has similarity 0 with every other vector.
//!
//! Products of two f32 values are exact in f64, so the kernels accumulate in f64:
//! the result then differs from the TypeScript fallback (which sums JS doubles)
//! only by summation order, around 1e-15, far inside the 1e-6 parity bound.

use crate::error::{CoreError, CoreResult, ErrorCode};
use rayon::prelude::*;

/// The output is n x n numbers crossing into JS; beyond this it is a mistake, not a panel.
pub const MAX_VECTORS: usize = 2048;

/// Validates the dimension as JavaScript passes it (any number).
pub fn dimension_from_number(dim: f64) -> CoreResult<usize> {
    if dim.is_finite() && dim >= 1.0 && dim.fract() == 0.0 && dim <= u32::MAX as f64 {
        Ok(dim as usize)
    } else {
        Err(CoreError::new(
            ErrorCode::InvalidArgument,
            format!("dim must be a positive integer, got {dim}"),
        ))
    }
}

/// `vectors` holds n vectors of `dim` components back to back; returns the n x n matrix.
pub fn similarity_from_embeddings(vectors: &[f32], dim: usize) -> CoreResult<Vec<Vec<f64>>> {
    if dim == 0 {
        return Err(CoreError::new(
            ErrorCode::InvalidArgument,
            "dim must be a positive integer, got 0",
        ));
    }
    if !vectors.len().is_multiple_of(dim) {
        return Err(CoreError::new(
            ErrorCode::InvalidArgument,
            format!(
                "vectors has {} components, not a multiple of dim {dim}",
                vectors.len()
            ),
        ));
    }
    let n = vectors.len() / dim;
    if n > MAX_VECTORS {
        return Err(CoreError::new(
            ErrorCode::TooLarge,
            format!("{n} vectors; at most {MAX_VECTORS} are supported"),
        ));
    }
    if let Some(i) = vectors.iter().position(|x| !x.is_finite()) {
        return Err(CoreError::new(
            ErrorCode::InvalidArgument,
            format!(
                "vectors[{i}] (vector {}, component {}) is not a finite number",
                i / dim,
                i % dim
            ),
        ));
    }
    let kernel = dot_kernel();
    let rows: Vec<&[f32]> = vectors.chunks_exact(dim).collect();
    let norms: Vec<f64> = rows.iter().map(|v| kernel(v, v).sqrt()).collect();
    // Upper triangle, rows in parallel; row i holds similarities to i+1..n.
    let upper: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map(|i| {
            (i + 1..n)
                .map(|j| {
                    if norms[i] == 0.0 || norms[j] == 0.0 {
                        return 0.0;
                    }
                    let cosine = kernel(rows[i], rows[j]) / (norms[i] * norms[j]);
                    // Written out (not `clamp`) so -0.0 becomes 0, as in the fallback.
                    if cosine > 0.0 {
                        cosine.min(1.0)
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let mut matrix = vec![vec![0.0; n]; n];
    for i in 0..n {
        matrix[i][i] = 1.0;
        for (k, &s) in upper[i].iter().enumerate() {
            matrix[i][i + 1 + k] = s;
            matrix[i + 1 + k][i] = s;
        }
    }
    Ok(matrix)
}

type DotKernel = fn(&[f32], &[f32]) -> f64;

/// The fastest dot product this CPU runs, chosen at run time.
fn dot_kernel() -> DotKernel {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        return x86::dot_avx2_fma_checked;
    }
    dot_portable
}

/// Eight independent f64 accumulators: no dependency chain between lanes, so
/// the compiler vectorizes the loop on any target (SSE2, NEON) without fast-math.
pub fn dot_portable(a: &[f32], b: &[f32]) -> f64 {
    assert_eq!(a.len(), b.len());
    let mut acc = [0.0f64; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let (a_tail, b_tail) = (a_chunks.remainder(), b_chunks.remainder());
    for (x, y) in a_chunks.zip(b_chunks) {
        for k in 0..8 {
            acc[k] += f64::from(x[k]) * f64::from(y[k]);
        }
    }
    let tail: f64 = a_tail
        .iter()
        .zip(b_tail)
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum();
    acc.iter().sum::<f64>() + tail
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// Safe entry point; only handed out by `dot_kernel` after detecting AVX2 and FMA.
    pub fn dot_avx2_fma_checked(a: &[f32], b: &[f32]) -> f64 {
        assert_eq!(a.len(), b.len());
        // SAFETY: `dot_kernel` returns this function only when the CPU supports AVX2 and FMA.
        unsafe { dot_avx2_fma(a, b) }
    }

    /// 16 floats per step: each 8-float load is widened to two 4-double vectors
    /// and fused-multiply-added into four independent accumulators.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dot_avx2_fma(a: &[f32], b: &[f32]) -> f64 {
        let n = a.len();
        let (pa, pb) = (a.as_ptr(), b.as_ptr());
        let mut acc = [_mm256_setzero_pd(); 4];
        let mut i = 0;
        while i + 16 <= n {
            // SAFETY: i + 16 <= n = a.len() = b.len(), so every load is in bounds.
            let (xa, ya, xb, yb) = unsafe {
                (
                    _mm256_loadu_ps(pa.add(i)),
                    _mm256_loadu_ps(pb.add(i)),
                    _mm256_loadu_ps(pa.add(i + 8)),
                    _mm256_loadu_ps(pb.add(i + 8)),
                )
            };
            acc[0] = _mm256_fmadd_pd(widen_low(xa), widen_low(ya), acc[0]);
            acc[1] = _mm256_fmadd_pd(widen_high(xa), widen_high(ya), acc[1]);
            acc[2] = _mm256_fmadd_pd(widen_low(xb), widen_low(yb), acc[2]);
            acc[3] = _mm256_fmadd_pd(widen_high(xb), widen_high(yb), acc[3]);
            i += 16;
        }
        let sum = _mm256_add_pd(_mm256_add_pd(acc[0], acc[1]), _mm256_add_pd(acc[2], acc[3]));
        let mut lanes = [0.0f64; 4];
        // SAFETY: `lanes` has room for four doubles.
        unsafe { _mm256_storeu_pd(lanes.as_mut_ptr(), sum) };
        let tail: f64 = a[i..]
            .iter()
            .zip(&b[i..])
            .map(|(&x, &y)| f64::from(x) * f64::from(y))
            .sum();
        (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn widen_low(v: __m256) -> __m256d {
        _mm256_cvtps_pd(_mm256_castps256_ps128(v))
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn widen_high(v: __m256) -> __m256d {
        _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random components in [-1, 1).
    fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    fn reference_dot(a: &[f32], b: &[f32]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| f64::from(x) * f64::from(y))
            .sum()
    }

    #[test]
    fn kernels_agree_with_a_plain_sum() {
        for len in [0, 1, 7, 8, 15, 16, 17, 33, 1536] {
            let (a, b) = (noise(len, 1), noise(len, 2));
            let want = reference_dot(&a, &b);
            assert!(
                (dot_portable(&a, &b) - want).abs() < 1e-12,
                "portable {len}"
            );
            assert!(
                (dot_kernel()(&a, &b) - want).abs() < 1e-12,
                "selected {len}"
            );
        }
    }

    #[test]
    fn cosine_matrix() {
        let v = [
            1.0, 0.0, /* */ 1.0, 1.0, /* */ -1.0, 0.0, /* */ 0.0, 0.0,
        ];
        let m = similarity_from_embeddings(&v, 2).unwrap();
        let c = std::f64::consts::FRAC_1_SQRT_2;
        assert!((m[0][1] - c).abs() < 1e-12 && (m[1][0] - c).abs() < 1e-12);
        assert_eq!(m[0][2], 0.0, "opposite directions clamp to 0");
        assert_eq!((m[3][3], m[3][0], m[0][3]), (1.0, 0.0, 0.0), "zero vector");
        assert!((0..4).all(|i| m[i][i] == 1.0));
    }

    #[test]
    fn large_panels_are_symmetric_and_bounded() {
        let (n, dim) = (40, 300);
        let m = similarity_from_embeddings(&noise(n * dim, 9), dim).unwrap();
        for (i, row) in m.iter().enumerate() {
            for (j, &s) in row.iter().enumerate() {
                assert_eq!(s, m[j][i]);
                assert!((0.0..=1.0).contains(&s));
            }
        }
    }

    #[test]
    fn invalid_input() {
        let code = |r: CoreResult<Vec<Vec<f64>>>| r.unwrap_err().code;
        assert_eq!(
            code(similarity_from_embeddings(&[1.0, 2.0, 3.0], 2)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(similarity_from_embeddings(&[1.0, f32::NAN], 2)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(similarity_from_embeddings(&[1.0, f32::INFINITY], 1)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(similarity_from_embeddings(&[1.0], 0)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(similarity_from_embeddings(&vec![1.0; MAX_VECTORS + 1], 1)),
            ErrorCode::TooLarge
        );
        assert_eq!(
            similarity_from_embeddings(&[], 3).unwrap(),
            Vec::<Vec<f64>>::new()
        );
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY] {
            assert_eq!(
                dimension_from_number(bad).unwrap_err().code,
                ErrorCode::InvalidArgument,
                "{bad}"
            );
        }
        assert_eq!(dimension_from_number(768.0).unwrap(), 768);
    }
}
