//! Agreement between two answers, measured claim by claim:
//!
//!   cover(i -> j)   = salience-weighted mean, over i's claims, of the best cosine with any claim of j
//!   contra(i -> j)  = the same with j's claims negated ("use X" against "avoid X")
//!   agreement(i, j) = clamp(max(cover both ways) - max(contra both ways), 0, 1)
//!
//! When either answer has no claims, the document-level agreement is used.
//! Same definition as server/core/fallback/agreement.ts; the work is organised
//! differently: every pair of claims is scored once (the fallback scores it from
//! both sides), by several threads, each keeping its own best-match table, and
//! the tables are merged with max (exact). A pair's cosine sums the same products
//! in the same feature order either way, so the values are the same. The same
//! pass collects the pairs that reach the claim-match threshold, from which
//! claims.rs groups claims without an index of its own.

use crate::claims::Claim;
use crate::vectors::clamp01;
use rayon::prelude::*;

/// One claim in a feature's posting list.
#[derive(Clone, Copy, Default)]
struct Posting {
    claim: u32,
    weight: f64,
}

/// Every feature's claims, in claim order, stored back to back (one allocation).
struct Postings {
    start: Vec<usize>,
    entries: Vec<Posting>,
}

impl Postings {
    fn build(claims: &[Claim], feature_count: usize) -> Self {
        let mut start = vec![0usize; feature_count + 1];
        for claim in claims {
            for &f in &claim.vector.ids {
                start[f as usize + 1] += 1;
            }
        }
        for f in 0..feature_count {
            start[f + 1] += start[f];
        }
        let mut fill = start.clone();
        let mut entries = vec![Posting::default(); start[feature_count]];
        for (c, claim) in claims.iter().enumerate() {
            for (&f, &weight) in claim.vector.ids.iter().zip(&claim.vector.weights) {
                entries[fill[f as usize]] = Posting { claim: c as u32, weight };
                fill[f as usize] += 1;
            }
        }
        Postings { start, entries }
    }

    #[inline]
    fn of(&self, feature: u32) -> &[Posting] {
        &self.entries[self.start[feature as usize]..self.start[feature as usize + 1]]
    }
}

/// Running dot products of the current claim with a later one. Zero means
/// untouched: weights are positive, so a touched slot is never zero.
#[derive(Clone, Copy, Default)]
struct Slot {
    sim: f64,
    contra: f64,
}

/// Best cosine (and best contradiction) of every claim with each expert, row-major [claim][expert].
struct BestTable {
    sim: Vec<f64>,
    contra: Vec<f64>,
}

/// Largest table (claims x experts) that each thread may hold its own copy of.
const PER_THREAD_TABLE_LIMIT: usize = 2_000_000;

struct Scorer<'a> {
    claims: &'a [Claim],
    expert_of: &'a [u32],
    postings: &'a Postings,
    n: usize,
    match_threshold: f64,
}

/// What one worker found: its best-match table, and the pairs (earlier claim, later
/// claim, cosine) at or above the match threshold, whatever their experts.
struct WorkerScores {
    best: BestTable,
    matches: Vec<(u32, u32, f64)>,
}

impl Scorer<'_> {
    /// Scores claim c against every later claim sharing a feature (or a negated one).
    fn score_claim(&self, c: usize, slots: &mut [Slot], touched: &mut Vec<u32>, out: &mut WorkerScores) {
        let v = &self.claims[c].vector;
        let best = &mut out.best;
        for (&f, &w) in v.ids.iter().zip(&v.weights) {
            for (list, contra) in [(self.postings.of(f), false), (self.postings.of(f ^ 1), true)] {
                let later = list.partition_point(|p| p.claim as usize <= c);
                for p in &list[later..] {
                    let slot = &mut slots[p.claim as usize];
                    if slot.sim == 0.0 && slot.contra == 0.0 {
                        touched.push(p.claim);
                    }
                    if contra {
                        slot.contra += w * p.weight;
                    } else {
                        slot.sim += w * p.weight;
                    }
                }
            }
        }
        let ec = self.expert_of[c] as usize;
        for &d in touched.iter() {
            let d = d as usize;
            let slot = std::mem::take(&mut slots[d]);
            if slot.sim >= self.match_threshold {
                out.matches.push((c as u32, d as u32, slot.sim));
            }
            let ed = self.expert_of[d] as usize;
            if ed == ec {
                continue;
            }
            let (cd, dc) = (c * self.n + ed, d * self.n + ec);
            best.sim[cd] = best.sim[cd].max(slot.sim);
            best.sim[dc] = best.sim[dc].max(slot.sim);
            best.contra[cd] = best.contra[cd].max(slot.contra);
            best.contra[dc] = best.contra[dc].max(slot.contra);
        }
        touched.clear();
    }
}

/// Splits 0..m into `parts` ranges of about equal work (claim c scores the m - c claims after it).
fn balanced_ranges(m: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let mut bounds = vec![0];
    for k in 1..parts {
        let fraction = k as f64 / parts as f64;
        bounds.push(((1.0 - (1.0 - fraction).sqrt()) * m as f64) as usize);
    }
    bounds.push(m);
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The agreement matrix, and for every claim the earlier claims whose cosine with it
/// reaches `match_threshold` (what leader clustering of the claims needs).
pub struct ClaimScores {
    pub agreement: Vec<Vec<f64>>,
    /// Per claim d: (c, cosine) for each earlier claim c at or above the threshold, c ascending.
    pub matches: Vec<Vec<(u32, f64)>>,
}

pub fn score_claims(claims: &[Claim], expert_count: usize, feature_count: usize, document_agreement: &[Vec<f64>], match_threshold: f64) -> ClaimScores {
    let n = expert_count;
    let m = claims.len();
    let postings = Postings::build(claims, feature_count);
    let expert_of: Vec<u32> = claims.iter().map(|c| c.expert as u32).collect();
    let scorer = Scorer { claims, expert_of: &expert_of, postings: &postings, n, match_threshold };
    let empty_table = || BestTable { sim: vec![0.0; m * n], contra: vec![0.0; m * n] };

    let workers = if m * n <= PER_THREAD_TABLE_LIMIT { rayon::current_num_threads().max(1) } else { 1 };
    let results: Vec<WorkerScores> = balanced_ranges(m, workers)
        .into_par_iter()
        .map(|range| {
            let mut out = WorkerScores { best: empty_table(), matches: Vec::new() };
            let mut slots = vec![Slot::default(); m];
            let mut touched = Vec::new();
            for c in range {
                scorer.score_claim(c, &mut slots, &mut touched, &mut out);
            }
            out
        })
        .collect();

    let mut matches: Vec<Vec<(u32, f64)>> = vec![Vec::new(); m];
    let mut best: Option<BestTable> = None;
    for worker in results {
        for (c, d, sim) in worker.matches {
            matches[d as usize].push((c, sim));
        }
        match best.as_mut() {
            None => best = Some(worker.best),
            Some(b) => {
                for (a, x) in b.sim.iter_mut().zip(&worker.best.sim) {
                    *a = a.max(*x);
                }
                for (a, x) in b.contra.iter_mut().zip(&worker.best.contra) {
                    *a = a.max(*x);
                }
            }
        }
    }
    let best = best.unwrap_or_else(empty_table);
    for list in &mut matches {
        list.sort_unstable_by_key(|&(c, _)| c);
    }

    // cover[i][j], against[i][j]: salience-weighted sums over i's claims, in claim order.
    let mut cover = vec![vec![0.0; n]; n];
    let mut against = vec![vec![0.0; n]; n];
    let mut salience = vec![0.0; n];
    for (c, claim) in claims.iter().enumerate() {
        let i = claim.expert;
        let s = claim.vector.norm;
        salience[i] += s;
        for j in 0..n {
            cover[i][j] += s * best.sim[c * n + j];
            against[i][j] += s * best.contra[c * n + j];
        }
    }

    let mut agreement = vec![vec![0.0; n]; n];
    for i in 0..n {
        agreement[i][i] = 1.0;
        for j in (i + 1)..n {
            let value = if salience[i] == 0.0 || salience[j] == 0.0 {
                document_agreement[i][j]
            } else {
                let covered = (cover[i][j] / salience[i]).max(cover[j][i] / salience[j]);
                let contradicted = (against[i][j] / salience[i]).max(against[j][i] / salience[j]);
                clamp01(covered - contradicted)
            };
            agreement[i][j] = value;
            agreement[j][i] = value;
        }
    }
    ClaimScores { agreement, matches }
}
