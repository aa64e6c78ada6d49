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
                entries[fill[f as usize]] = Posting {
                    claim: c as u32,
                    weight,
                };
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

/// `*at = max(*at, value)` for scores, which are never NaN (cheaper than f64::max).
#[inline]
fn raise(at: &mut f64, value: f64) {
    if value > *at {
        *at = value;
    }
}

/// A worker's buffers. `column[d]` holds the best scores of claim d against the
/// claims of `column_expert` seen so far; it is folded into the table (row d) when
/// the expert changes, so the hot loop writes a small array instead of a large table.
struct Worker {
    out: WorkerScores,
    slots: Vec<Slot>,
    touched: Vec<u32>,
    column: Vec<Slot>,
    column_touched: Vec<u32>,
    column_expert: usize,
}

impl Worker {
    fn new(m: usize, n: usize) -> Self {
        Worker {
            out: WorkerScores {
                best: BestTable {
                    sim: vec![0.0; m * n],
                    contra: vec![0.0; m * n],
                },
                matches: Vec::new(),
            },
            slots: vec![Slot::default(); m],
            touched: Vec::new(),
            column: vec![Slot::default(); m],
            column_touched: Vec::new(),
            column_expert: usize::MAX,
        }
    }

    fn flush_column(&mut self, n: usize) {
        let e = self.column_expert;
        let best = &mut self.out.best;
        for &d in &self.column_touched {
            let d = d as usize;
            let slot = std::mem::take(&mut self.column[d]);
            let at = d * n + e;
            raise(&mut best.sim[at], slot.sim);
            raise(&mut best.contra[at], slot.contra);
        }
        self.column_touched.clear();
    }
}

impl Scorer<'_> {
    /// Scores claim c against every later claim sharing a feature (or a negated one).
    fn score_claim(&self, c: usize, w: &mut Worker) {
        let ec = self.expert_of[c] as usize;
        if ec != w.column_expert {
            w.flush_column(self.n);
            w.column_expert = ec;
        }
        let v = &self.claims[c].vector;
        for (&f, &weight) in v.ids.iter().zip(&v.weights) {
            for (list, contra) in [
                (self.postings.of(f), false),
                (self.postings.of(f ^ 1), true),
            ] {
                let later = list.partition_point(|p| p.claim as usize <= c);
                for p in &list[later..] {
                    let slot = &mut w.slots[p.claim as usize];
                    if slot.sim == 0.0 && slot.contra == 0.0 {
                        w.touched.push(p.claim);
                    }
                    if contra {
                        slot.contra += weight * p.weight;
                    } else {
                        slot.sim += weight * p.weight;
                    }
                }
            }
        }
        let row = c * self.n;
        for &d in &w.touched {
            let d = d as usize;
            let slot = std::mem::take(&mut w.slots[d]);
            if slot.sim >= self.match_threshold {
                w.out.matches.push((c as u32, d as u32, slot.sim));
            }
            let ed = self.expert_of[d] as usize;
            if ed == ec {
                continue;
            }
            let best = &mut w.out.best;
            raise(&mut best.sim[row + ed], slot.sim);
            raise(&mut best.contra[row + ed], slot.contra);
            let column = &mut w.column[d];
            if column.sim == 0.0 && column.contra == 0.0 {
                w.column_touched.push(d as u32);
            }
            raise(&mut column.sim, slot.sim);
            raise(&mut column.contra, slot.contra);
        }
        w.touched.clear();
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

pub fn score_claims(
    claims: &[Claim],
    expert_count: usize,
    feature_count: usize,
    document_agreement: &[Vec<f64>],
    match_threshold: f64,
) -> ClaimScores {
    let n = expert_count;
    let m = claims.len();
    let postings = Postings::build(claims, feature_count);
    let expert_of: Vec<u32> = claims.iter().map(|c| c.expert as u32).collect();
    let scorer = Scorer {
        claims,
        expert_of: &expert_of,
        postings: &postings,
        n,
        match_threshold,
    };
    let empty_table = || BestTable {
        sim: vec![0.0; m * n],
        contra: vec![0.0; m * n],
    };

    let workers = if m * n <= PER_THREAD_TABLE_LIMIT {
        rayon::current_num_threads().max(1)
    } else {
        1
    };
    let results: Vec<WorkerScores> = balanced_ranges(m, workers)
        .into_par_iter()
        .map(|range| {
            let mut worker = Worker::new(m, n);
            for c in range {
                scorer.score_claim(c, &mut worker);
            }
            worker.flush_column(n);
            worker.out
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
