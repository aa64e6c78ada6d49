//! Agreement between two answers, measured claim by claim:
//!
//!   cover(i -> j)   = weighted mean, over i's claims, of the best cosine with any claim of j;
//!                     a claim weighs its salience (TF-IDF norm) times the number of experts
//!                     who make it, so agreement is about the points the panel shares
//!   contra(i -> j)  = the same with j's claims negated ("use X" against "avoid X")
//!   flat(i -> j)    = the strongest such contradiction of one claim of i (of two terms or
//!                     more) when it reaches CONTRADICTION_THRESHOLD
//!   agreement(i, j) = clamp(max(cover both ways) - max(contra and flat both ways), 0, 1)
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
use crate::limits::{CONTRADICTION_THRESHOLD, MIN_CONTRADICTION_TERMS};
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

/// Best cosine (and best contradiction) of every claim with each expert, row-major [claim][expert].
struct BestTable {
    sim: Vec<f64>,
    contra: Vec<f64>,
}

/// Largest table (claims x experts) that each thread may hold its own copy of.
const PER_THREAD_TABLE_LIMIT: usize = 2_000_000;

struct Scorer<'a> {
    claims: &'a [Claim],
    expert_of: &'a [u16],
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

/// `*at = max(*at, value)` for scores, which are never NaN: written as a select so
/// that it compiles to a branch-free max (the comparison is unpredictable).
#[inline]
fn raise(at: &mut f64, value: f64) {
    let current = *at;
    *at = if value > current { value } else { current };
}

/// Scores (cosine, contradiction) of the current claim (or expert) against every
/// claim, side by side so that one cache line serves both, with a membership flag
/// per claim; only the claims touched are visited after. Recording a touch has no
/// branch: the claim is always written at the end of `touched` and the length grows
/// only when the flag was clear, which keeps the hot loops free of unpredictable jumps.
struct Accumulator {
    scores: Vec<[f64; 2]>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    len: usize,
}

impl Accumulator {
    fn new(m: usize) -> Self {
        Accumulator {
            scores: vec![[0.0; 2]; m],
            seen: vec![false; m],
            touched: vec![0; m + 1],
            len: 0,
        }
    }
}

/// A worker's buffers. `column` holds the best scores of every later claim against
/// the claims of `column_expert` seen so far; it is folded into the table when the
/// expert changes, so the hot loop writes a small array instead of a large table.
struct Worker {
    out: WorkerScores,
    pair: Accumulator,
    column: Accumulator,
    column_expert: usize,
    /// Per feature, where its claims later than the current one start. Claims are
    /// scored in order, so the cursors only move forward.
    cursor: Vec<u32>,
}

impl Worker {
    fn new(m: usize, n: usize, feature_count: usize) -> Self {
        Worker {
            cursor: vec![0; feature_count],
            out: WorkerScores {
                best: BestTable {
                    sim: vec![0.0; m * n],
                    contra: vec![0.0; m * n],
                },
                matches: Vec::new(),
            },
            pair: Accumulator::new(m),
            column: Accumulator::new(m),
            column_expert: usize::MAX,
        }
    }

    fn flush_column(&mut self, n: usize) {
        let e = self.column_expert;
        let column = &mut self.column;
        for &d in &column.touched[..column.len] {
            let d = d as usize;
            column.seen[d] = false;
            let [sim, contra] = std::mem::take(&mut column.scores[d]);
            let at = d * n + e;
            raise(&mut self.out.best.sim[at], sim);
            raise(&mut self.out.best.contra[at], contra);
        }
        column.len = 0;
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
        // Local slices: the hot loops then keep their pointers in registers.
        let v = &self.claims[c].vector;
        let pair = &mut w.pair;
        let (scores, seen, touched) = (
            &mut pair.scores[..],
            &mut pair.seen[..],
            &mut pair.touched[..],
        );
        let mut n_touched = 0;
        for (&f, &weight) in v.ids.iter().zip(&v.weights) {
            for (feature, side) in [(f, 0), (f ^ 1, 1)] {
                let list = self.postings.of(feature);
                let cursor = &mut w.cursor[feature as usize];
                while (*cursor as usize) < list.len() && list[*cursor as usize].claim as usize <= c
                {
                    *cursor += 1;
                }
                for p in &list[*cursor as usize..] {
                    let d = p.claim as usize;
                    touched[n_touched] = p.claim;
                    n_touched += usize::from(!seen[d]);
                    seen[d] = true;
                    scores[d][side] += weight * p.weight;
                }
            }
        }

        let best = &mut w.out.best;
        let row = c * self.n..(c + 1) * self.n;
        let (best_sim, best_contra) = (&mut best.sim[row.clone()], &mut best.contra[row]);
        let column = &mut w.column;
        let (col_scores, col_seen, col_touched) = (
            &mut column.scores[..],
            &mut column.seen[..],
            &mut column.touched[..],
        );
        let mut col_len = column.len;
        for &d in &touched[..n_touched] {
            let d = d as usize;
            seen[d] = false;
            let [sim, contra] = std::mem::take(&mut scores[d]);
            if sim >= self.match_threshold {
                w.out.matches.push((c as u32, d as u32, sim));
            }
            let ed = self.expert_of[d] as usize;
            if ed == ec {
                continue;
            }
            raise(&mut best_sim[ed], sim);
            raise(&mut best_contra[ed], contra);
            col_touched[col_len] = d as u32;
            col_len += usize::from(!col_seen[d]);
            col_seen[d] = true;
            let slot = &mut col_scores[d];
            raise(&mut slot[0], sim);
            raise(&mut slot[1], contra);
        }
        column.len = col_len;
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

/// Every claim's best scores against each expert, and for every claim the earlier
/// claims whose cosine with it reaches `match_threshold` (what leader clustering of
/// the claims needs).
pub struct ClaimScores {
    best: BestTable,
    /// Per claim d: (c, cosine) for each earlier claim c at or above the threshold, c ascending.
    pub matches: Vec<Vec<(u32, f64)>>,
}

pub fn score_claims(
    claims: &[Claim],
    expert_count: usize,
    feature_count: usize,
    match_threshold: f64,
) -> ClaimScores {
    let n = expert_count;
    let m = claims.len();
    let postings = Postings::build(claims, feature_count);
    // Experts fit in 16 bits (MAX_EXPERTS = 500): a smaller table stays in cache.
    let expert_of: Vec<u16> = claims.iter().map(|c| c.expert as u16).collect();
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
            let mut worker = Worker::new(m, n, feature_count);
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
                    raise(a, *x);
                }
                for (a, x) in b.contra.iter_mut().zip(&worker.best.contra) {
                    raise(a, *x);
                }
            }
        }
    }
    for list in &mut matches {
        list.sort_unstable_by_key(|&(c, _)| c);
    }
    ClaimScores {
        best: best.unwrap_or_else(empty_table),
        matches,
    }
}

/// The agreement matrix from the claim scores; `support[c]` is how many experts make
/// a claim of c's group.
pub fn agreement_matrix(
    claims: &[Claim],
    scores: &ClaimScores,
    support: &[u32],
    expert_count: usize,
    document_agreement: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    let n = expert_count;
    let best = &scores.best;
    // cover[i][j], against[i][j]: weighted sums over i's claims, in claim order;
    // flat[i][j]: the strongest flat contradiction of a claim of i by a claim of j.
    let mut cover = vec![vec![0.0; n]; n];
    let mut against = vec![vec![0.0; n]; n];
    let mut flat = vec![vec![0.0; n]; n];
    let mut salience = vec![0.0; n];
    for (c, claim) in claims.iter().enumerate() {
        let i = claim.expert;
        let s = claim.vector.norm * f64::from(support[c]);
        salience[i] += s;
        let counts = claim.distinct_terms >= MIN_CONTRADICTION_TERMS;
        for j in 0..n {
            let contradiction = best.contra[c * n + j];
            cover[i][j] += s * best.sim[c * n + j];
            against[i][j] += s * contradiction;
            if counts && contradiction >= CONTRADICTION_THRESHOLD {
                raise(&mut flat[i][j], contradiction);
            }
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
                let contradicted = (against[i][j] / salience[i])
                    .max(against[j][i] / salience[j])
                    .max(flat[i][j])
                    .max(flat[j][i]);
                clamp01(covered - contradicted)
            };
            agreement[i][j] = value;
            agreement[j][i] = value;
        }
    }
    agreement
}
