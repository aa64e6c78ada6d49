//! Step 4 of docs/consensus.md, "Claim groups": claims of different experts that say
//! the same thing. Two claims are linked when each is the other's best match in the
//! other's answer and their similarity reaches the match threshold; groups are the
//! connected components. Twin of server/core/fallback/groups.ts.

use crate::claims::Claim;
use crate::meaning::Meaning;
use rayon::prelude::*;

#[derive(Clone, Debug, Default)]
pub struct ClaimGroup {
    /// Claim indices, in panel order.
    pub members: Vec<usize>,
    /// Distinct experts, ascending.
    pub experts: Vec<usize>,
}

/// Groups over the candidate claims.
pub struct Grouping {
    pub groups: Vec<ClaimGroup>,
    /// Per claim, its highest similarity to a candidate claim of another expert (-Infinity when alone).
    pub nearest: Vec<f64>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    while parent[x] != r {
        let next = parent[x];
        parent[x] = r;
        x = next;
    }
    r
}

/// Candidates: indices into claims, ascending.
pub fn group_claims(
    claims: &[Claim],
    candidates: &[usize],
    meaning: &Meaning,
    expert_count: usize,
) -> Grouping {
    let mut by_expert: Vec<Vec<usize>> = vec![Vec::new(); expert_count];
    for &c in candidates {
        by_expert[claims[c].expert].push(c);
    }
    // Per candidate (in candidate order) and expert: its best match among that expert's
    // candidates (or None) and the similarity.
    let best: Vec<Vec<(Option<usize>, f64)>> = candidates
        .par_iter()
        .map_init(Vec::new, |row, &a| {
            let ea = claims[a].expert;
            meaning.similarity_row(claims, a, row);
            (0..expert_count)
                .map(|e| {
                    if e == ea {
                        return (None, f64::NEG_INFINITY);
                    }
                    let mut top = None;
                    let mut top_sim = f64::NEG_INFINITY;
                    for &b in &by_expert[e] {
                        let s = match meaning.position(b) {
                            Some(k) => row[k],
                            None => meaning.similarity(claims, a, b),
                        };
                        if s > top_sim {
                            top_sim = s;
                            top = Some(b);
                        }
                    }
                    (top, top_sim)
                })
                .collect()
        })
        .collect();
    let mut position = vec![usize::MAX; claims.len()];
    for (k, &c) in candidates.iter().enumerate() {
        position[c] = k;
    }
    let mut nearest = vec![f64::NEG_INFINITY; claims.len()];
    for (k, &a) in candidates.iter().enumerate() {
        for (e, &(_, s)) in best[k].iter().enumerate() {
            if e != claims[a].expert && s > nearest[a] {
                nearest[a] = s;
            }
        }
    }
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    for (k, &a) in candidates.iter().enumerate() {
        let ea = claims[a].expert;
        for &(top, sim) in &best[k] {
            let Some(b) = top else { continue };
            if b < a || sim < meaning.match_threshold {
                continue;
            }
            if best[position[b]][ea].0 != Some(a) {
                continue;
            }
            let ra = find(&mut parent, a);
            let rb = find(&mut parent, b);
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut group_of_root = vec![usize::MAX; claims.len()];
    let mut groups: Vec<ClaimGroup> = Vec::new();
    for &c in candidates {
        let root = find(&mut parent, c);
        if group_of_root[root] == usize::MAX {
            group_of_root[root] = groups.len();
            groups.push(ClaimGroup::default());
        }
        let g = &mut groups[group_of_root[root]];
        g.members.push(c);
        let e = claims[c].expert;
        if !g.experts.contains(&e) {
            g.experts.push(e);
        }
    }
    for g in &mut groups {
        g.experts.sort_unstable();
    }
    Grouping { groups, nearest }
}
