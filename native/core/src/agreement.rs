//! Agreement between two answers, measured claim by claim:
//!
//!   cover(i -> j)   = salience-weighted mean, over i's claims, of the best cosine with any claim of j
//!   contra(i -> j)  = the same with j's claims negated ("use X" against "avoid X")
//!   agreement(i, j) = clamp(max(cover both ways) - max(contra both ways), 0, 1)
//!
//! When either answer has no claims, the document-level agreement is used.
//! Experts are processed in parallel; each expert's claims are summed in claim
//! order, as in server/core/fallback/agreement.ts, so the floats are identical.

use crate::claims::Claim;
use crate::vectors::clamp01;
use rayon::prelude::*;

struct Postings {
    claims: Vec<Vec<u32>>,
    weights: Vec<Vec<f64>>,
}

fn build_postings(claims: &[Claim], feature_count: usize) -> Postings {
    let mut p = Postings { claims: vec![Vec::new(); feature_count], weights: vec![Vec::new(); feature_count] };
    for (c, claim) in claims.iter().enumerate() {
        for (&f, &w) in claim.vector.ids.iter().zip(&claim.vector.weights) {
            p.claims[f as usize].push(c as u32);
            p.weights[f as usize].push(w);
        }
    }
    p
}

struct Scratch {
    sim: Vec<f64>,
    contra: Vec<f64>,
    stamp: Vec<u32>,
    touched: Vec<u32>,
}

struct ExpertCover {
    cover: Vec<f64>,
    contra: Vec<f64>,
    salience: f64,
}

fn accumulate(s: &mut Scratch, postings: &Postings, claims: &[Claim], c: usize, f: usize, w: f64, contra: bool) {
    let self_expert = claims[c].expert;
    for (&d, &dw) in postings.claims[f].iter().zip(&postings.weights[f]) {
        let d = d as usize;
        if claims[d].expert == self_expert {
            continue;
        }
        if s.stamp[d] != c as u32 {
            s.stamp[d] = c as u32;
            s.sim[d] = 0.0;
            s.contra[d] = 0.0;
            s.touched.push(d as u32);
        }
        if contra {
            s.contra[d] += w * dw;
        } else {
            s.sim[d] += w * dw;
        }
    }
}

fn cover_of_expert(range: std::ops::Range<usize>, claims: &[Claim], postings: &Postings, n: usize, s: &mut Scratch) -> ExpertCover {
    let mut out = ExpertCover { cover: vec![0.0; n], contra: vec![0.0; n], salience: 0.0 };
    let mut best_sim = vec![0.0; n];
    let mut best_contra = vec![0.0; n];
    for c in range {
        let v = &claims[c].vector;
        for (&f, &w) in v.ids.iter().zip(&v.weights) {
            accumulate(s, postings, claims, c, f as usize, w, false);
            accumulate(s, postings, claims, c, (f ^ 1) as usize, w, true);
        }
        best_sim.fill(0.0);
        best_contra.fill(0.0);
        for &d in &s.touched {
            let d = d as usize;
            let j = claims[d].expert;
            if s.sim[d] > best_sim[j] {
                best_sim[j] = s.sim[d];
            }
            if s.contra[d] > best_contra[j] {
                best_contra[j] = s.contra[d];
            }
        }
        s.touched.clear();
        let weight = v.norm;
        out.salience += weight;
        for j in 0..n {
            out.cover[j] += weight * best_sim[j];
            out.contra[j] += weight * best_contra[j];
        }
    }
    out
}

pub fn claim_agreement_matrix(claims: &[Claim], expert_count: usize, feature_count: usize, document_agreement: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = expert_count;
    let postings = build_postings(claims, feature_count);
    let mut ranges = vec![0..0; n];
    let mut c = 0;
    for (e, range) in ranges.iter_mut().enumerate() {
        let start = c;
        while c < claims.len() && claims[c].expert == e {
            c += 1;
        }
        *range = start..c;
    }
    let m = claims.len();
    let covers: Vec<ExpertCover> = ranges
        .into_par_iter()
        .map_init(
            || Scratch { sim: vec![0.0; m], contra: vec![0.0; m], stamp: vec![u32::MAX; m], touched: Vec::new() },
            |s, range| cover_of_expert(range, claims, &postings, n, s),
        )
        .collect();

    let mut matrix = vec![vec![0.0; n]; n];
    for i in 0..n {
        matrix[i][i] = 1.0;
        for j in (i + 1)..n {
            let si = covers[i].salience;
            let sj = covers[j].salience;
            let value = if si == 0.0 || sj == 0.0 {
                document_agreement[i][j]
            } else {
                let cover = (covers[i].cover[j] / si).max(covers[j].cover[i] / sj);
                let against = (covers[i].contra[j] / si).max(covers[j].contra[i] / sj);
                clamp01(cover - against)
            };
            matrix[i][j] = value;
            matrix[j][i] = value;
        }
    }
    matrix
}
