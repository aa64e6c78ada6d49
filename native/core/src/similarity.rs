//! Pairwise matrices over the panel's document vectors. Only i < j is computed
//! and mirrored, so the matrix is exactly symmetric; the diagonal is 1 by
//! definition. Rows run in parallel; each cell is computed exactly as in
//! server/core/fallback/similarity.ts.

use crate::documents::build_corpus;
use crate::vectors::{clamp01, DenseRow, SparseVector};
use rayon::prelude::*;

fn pairwise(
    vectors: &[SparseVector],
    feature_count: usize,
    score: impl Fn(&DenseRow, &SparseVector) -> f64 + Sync,
) -> Vec<Vec<f64>> {
    let n = vectors.len();
    let upper: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map_init(
            || DenseRow::new(feature_count),
            |row, i| {
                row.load(&vectors[i]);
                let values = ((i + 1)..n)
                    .map(|j| clamp01(score(row, &vectors[j])))
                    .collect();
                row.clear();
                values
            },
        )
        .collect();
    let mut matrix = vec![vec![0.0; n]; n];
    for i in 0..n {
        matrix[i][i] = 1.0;
        for (k, &value) in upper[i].iter().enumerate() {
            let j = i + 1 + k;
            matrix[i][j] = value;
            matrix[j][i] = value;
        }
    }
    matrix
}

/// TF-IDF cosine similarity.
pub fn cosine_matrix(vectors: &[SparseVector], feature_count: usize) -> Vec<Vec<f64>> {
    pairwise(vectors, feature_count, |row, v| row.dot(v))
}

/// Agreement: cosine minus contradiction (the cosine after negating one side).
pub fn agreement_matrix(vectors: &[SparseVector], feature_count: usize) -> Vec<Vec<f64>> {
    pairwise(vectors, feature_count, |row, v| {
        row.dot(v) - row.flipped_dot(v)
    })
}

pub fn analyze_similarity_texts(texts: &[&str]) -> Vec<Vec<f64>> {
    let corpus = build_corpus(texts);
    cosine_matrix(&corpus.vectors, corpus.feature_count)
}
