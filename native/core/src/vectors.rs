//! Sparse TF-IDF vectors over feature ids. Everything iterates in ascending
//! feature id so that sums happen in the same order as in
//! server/core/fallback/vectors.ts, and logarithms are V8's (`js::ln`), so both
//! backends get the same floats.

#[derive(Clone, Debug, Default)]
pub struct TermCounts {
    pub ids: Vec<u32>,
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, Default)]
pub struct SparseVector {
    pub ids: Vec<u32>,
    /// L2-normalised weights.
    pub weights: Vec<f64>,
    /// Norm before normalisation (how much weighted content the text holds).
    pub norm: f64,
}

/// Sorted distinct features with their counts.
pub fn count_terms(features: &[u32]) -> TermCounts {
    let mut sorted = features.to_vec();
    sorted.sort_unstable();
    let mut out = TermCounts {
        ids: Vec::with_capacity(sorted.len()),
        counts: Vec::with_capacity(sorted.len()),
    };
    for id in sorted {
        if out.ids.last() == Some(&id) {
            if let Some(count) = out.counts.last_mut() {
                *count += 1;
            }
        } else {
            out.ids.push(id);
            out.counts.push(1);
        }
    }
    out
}

/// Smoothed inverse document frequency fitted on the panel: ln((1 + N) / (1 + df)) + 1.
pub fn inverse_document_frequency(docs: &[TermCounts], feature_count: usize) -> Vec<f64> {
    let mut df = vec![0u32; feature_count];
    for doc in docs {
        for &id in &doc.ids {
            df[id as usize] += 1;
        }
    }
    let n = docs.len() as f64;
    df.iter()
        .map(|&d| {
            if d > 0 {
                crate::js::ln((1.0 + n) / (1.0 + d as f64)) + 1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Sublinear TF times IDF, L2-normalised.
pub fn weigh(counts: &TermCounts, idf: &[f64]) -> SparseVector {
    weigh_owned(counts.clone(), idf)
}

/// `weigh`, reusing the ids of `counts`.
pub fn weigh_owned(counts: TermCounts, idf: &[f64]) -> SparseVector {
    let mut weights = Vec::with_capacity(counts.ids.len());
    let mut sum_squares = 0.0;
    for (&id, &count) in counts.ids.iter().zip(&counts.counts) {
        // A term first seen after the corpus was fitted has no idf: NaN, as `undefined` is in JS.
        let w =
            (1.0 + crate::js::ln(count as f64)) * idf.get(id as usize).copied().unwrap_or(f64::NAN);
        weights.push(w);
        sum_squares += w * w;
    }
    let norm = sum_squares.sqrt();
    if norm > 0.0 {
        for w in &mut weights {
            *w /= norm;
        }
    }
    SparseVector {
        ids: counts.ids,
        weights,
        norm,
    }
}

/// A dense scratch row for one vector, for many dot products against it.
pub struct DenseRow {
    values: Vec<f64>,
    loaded: Vec<u32>,
}

impl DenseRow {
    pub fn new(feature_count: usize) -> Self {
        DenseRow {
            values: vec![0.0; feature_count],
            loaded: Vec::new(),
        }
    }

    pub fn load(&mut self, v: &SparseVector) {
        self.clear();
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            self.values[id as usize] = w;
        }
        self.loaded.extend_from_slice(&v.ids);
    }

    pub fn clear(&mut self) {
        for &id in &self.loaded {
            self.values[id as usize] = 0.0;
        }
        self.loaded.clear();
    }

    /// Cosine with the loaded vector.
    #[inline]
    pub fn dot(&self, v: &SparseVector) -> f64 {
        let mut sum = 0.0;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            sum += self.values[id as usize] * w;
        }
        sum
    }

    /// Cosine with v after swapping every feature with its negation.
    #[inline]
    pub fn flipped_dot(&self, v: &SparseVector) -> f64 {
        let mut sum = 0.0;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            sum += self.values[(id ^ 1) as usize] * w;
        }
        sum
    }
}

pub fn clamp01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}
