//! Claims (sentences and list items that are not filler) matched across the
//! panel by leader clustering, in input order: each claim joins the group whose
//! first claim is the most similar at cosine >= the threshold, else it leads a
//! new group. Groups backed by two or more experts are common recommendations;
//! groups of one expert give unique insights. Mirrored in server/core/fallback/claims.ts.

use crate::conclusions::{conclusion_indices, cue_end, head_start, head_vector};
use crate::documents::Corpus;
use crate::limits::{
    MAX_EVIDENCE_PER_SUPPORTER, MAX_INSIGHTS_PER_EXPERT, MAX_PANEL_CLAIMS, MAX_RECOMMENDATIONS,
    MIN_CLAIMS_PER_EXPERT, MIN_INSIGHT_TERMS,
};
use crate::shares::share_key;
use crate::types::{CommonRecommendation, Evidence, UniqueInsight};
use crate::vectors::{count_terms, weigh_owned, SparseVector};
use rayon::prelude::*;

pub struct Claim {
    pub expert: usize,
    pub start: usize,
    pub end: usize,
    pub vector: SparseVector,
    /// Distinct terms, negation ignored.
    pub distinct_terms: usize,
    /// Head vector when the claim is one of its answer's conclusions (conclusions.rs).
    pub head: Option<SparseVector>,
}

fn distinct_term_count(v: &SparseVector) -> usize {
    let mut count = 0;
    let mut last = u32::MAX;
    for &id in &v.ids {
        if id >> 1 != last {
            count += 1;
        }
        last = id >> 1;
    }
    count
}

/// The first claims of every expert, at most an even share of MAX_PANEL_CLAIMS each.
pub fn collect_claims(texts: &[&str], corpus: &Corpus) -> Vec<Claim> {
    let cap = MIN_CLAIMS_PER_EXPERT.max(MAX_PANEL_CLAIMS / texts.len().max(1));
    let per_expert: Vec<Vec<Claim>> = corpus
        .docs
        .par_iter()
        .enumerate()
        .map(|(expert, doc)| {
            let text = texts[expert];
            let units: Vec<_> = doc
                .units
                .iter()
                .filter(|u| u.is_claim())
                .take(cap)
                .collect();
            let cues: Vec<Option<usize>> = units
                .iter()
                .map(|u| cue_end(&text[u.start..u.end]))
                .collect();
            let mut heads: Vec<Option<SparseVector>> = vec![None; units.len()];
            let flags: Vec<bool> = cues.iter().map(Option::is_some).collect();
            for k in conclusion_indices(&flags) {
                let unit = units[k];
                let start = head_start(&text[unit.start..unit.end], cues[k]);
                heads[k] = head_vector(&doc.features[unit.features.clone()], start);
            }
            units
                .iter()
                .zip(heads)
                .map(|(unit, head)| {
                    let vector = weigh_owned(
                        count_terms(&doc.features[unit.features.clone()]),
                        &corpus.idf,
                    );
                    let distinct_terms = distinct_term_count(&vector);
                    Claim {
                        expert,
                        start: unit.start,
                        end: unit.end,
                        vector,
                        distinct_terms,
                        head,
                    }
                })
                .collect()
        })
        .collect();
    per_expert.into_iter().flatten().collect()
}

/// Group index of every claim (groups numbered by their leader's order): each claim
/// joins the leader it matches best (cosine at or above the threshold, lowest
/// leader on ties), else leads a new group. `matches[d]` lists the earlier claims
/// reaching the threshold with d (see agreement.rs), which is all this needs.
pub fn group_claims(matches: &[Vec<(u32, f64)>]) -> Vec<usize> {
    let mut group_of = vec![0usize; matches.len()];
    let mut leader_ordinal: Vec<Option<usize>> = vec![None; matches.len()];
    let mut leaders = 0;
    for (d, candidates) in matches.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for &(c, sim) in candidates {
            let Some(ordinal) = leader_ordinal[c as usize] else {
                continue;
            };
            // Candidates come in claim order, so a strictly greater score is needed to move on.
            if best.is_none_or(|(_, s)| sim > s) {
                best = Some((ordinal, sim));
            }
        }
        match best {
            Some((ordinal, _)) => group_of[d] = ordinal,
            None => {
                group_of[d] = leaders;
                leader_ordinal[d] = Some(leaders);
                leaders += 1;
            }
        }
    }
    group_of
}

/// For every claim, how many experts make a claim of its group.
pub fn claim_support(claims: &[Claim], group_of: &[usize]) -> Vec<u32> {
    let groups = group_of.iter().copied().max().map_or(0, |g| g + 1);
    let mut support = vec![0u32; groups];
    // Claims come in expert order, so an expert is new to a group when it differs
    // from the last expert seen there.
    let mut last_expert = vec![usize::MAX; groups];
    for (claim, &g) in claims.iter().zip(group_of) {
        if last_expert[g] != claim.expert {
            last_expert[g] = claim.expert;
            support[g] += 1;
        }
    }
    group_of.iter().map(|&g| support[g]).collect()
}

struct Group {
    index: usize,
    claims: Vec<usize>,
    experts: Vec<usize>,
    representative: usize,
}

/// The member closest to the group's centroid (sum of cosines to the others), first on ties.
fn representative_of(members: &[usize], claims: &[Claim], centroid: &mut [f64]) -> usize {
    for &m in members {
        let v = &claims[m].vector;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            centroid[id as usize] += w;
        }
    }
    // Scores compare as share keys: in a group of two both score 1 + cos exactly,
    // and only rounding noise would otherwise pick one.
    let mut best = members[0];
    let mut best_key = i64::MIN;
    for &m in members {
        let v = &claims[m].vector;
        let mut score = 0.0;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            score += centroid[id as usize] * w;
        }
        let key = share_key(score);
        if key > best_key {
            best_key = key;
            best = m;
        }
    }
    for &m in members {
        for &id in &claims[m].vector.ids {
            centroid[id as usize] = 0.0;
        }
    }
    best
}

fn build_groups(claims: &[Claim], group_of: &[usize], feature_count: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let g = group_of[i];
        if g == groups.len() {
            groups.push(Group {
                index: g,
                claims: Vec::new(),
                experts: Vec::new(),
                representative: i,
            });
        }
        let group = &mut groups[g];
        group.claims.push(i);
        if group.experts.last() != Some(&claim.expert) {
            group.experts.push(claim.expert);
        }
    }
    let mut centroid = vec![0.0; feature_count];
    for group in &mut groups {
        group.representative = representative_of(&group.claims, claims, &mut centroid);
    }
    groups
}

pub struct Findings {
    pub common_recommendations: Vec<CommonRecommendation>,
    pub unique_insights: Vec<UniqueInsight>,
}

pub fn summarize_claims(
    texts: &[&str],
    claims: &[Claim],
    group_of: &[usize],
    feature_count: usize,
    expert_ids: &[String],
    votes: &[f64],
    total_vote: f64,
) -> Findings {
    let claim_text = |c: usize| {
        let claim = &claims[c];
        texts[claim.expert][claim.start..claim.end].to_string()
    };
    let groups = build_groups(claims, group_of, feature_count);

    let mut shared: Vec<(&Group, f64)> = groups
        .iter()
        .filter(|g| g.experts.len() >= 2)
        .map(|g| {
            let mut sum = 0.0;
            for &e in &g.experts {
                sum += votes[e];
            }
            (g, sum / total_vote)
        })
        .collect();
    shared.sort_by(|a, b| {
        share_key(b.1)
            .cmp(&share_key(a.1))
            .then(b.0.experts.len().cmp(&a.0.experts.len()))
            .then(a.0.index.cmp(&b.0.index))
    });
    shared.truncate(MAX_RECOMMENDATIONS);

    let common_recommendations = shared
        .iter()
        .map(|(group, support)| {
            let mut evidence = Vec::new();
            for &expert in &group.experts {
                let mine = group.claims.iter().filter(|&&c| claims[c].expert == expert);
                for &c in mine.take(MAX_EVIDENCE_PER_SUPPORTER) {
                    evidence.push(Evidence {
                        expert_id: expert_ids[expert].clone(),
                        text: claim_text(c),
                    });
                }
            }
            CommonRecommendation {
                text: claim_text(group.representative),
                supporters: group
                    .experts
                    .iter()
                    .map(|&e| expert_ids[e].clone())
                    .collect(),
                support: *support,
                evidence,
            }
        })
        .collect();

    let mut per_expert: Vec<Vec<(&Group, f64)>> = vec![Vec::new(); expert_ids.len()];
    for group in &groups {
        let rep = &claims[group.representative];
        if group.experts.len() != 1 || rep.distinct_terms < MIN_INSIGHT_TERMS {
            continue;
        }
        per_expert[rep.expert].push((group, rep.vector.norm));
    }
    let mut unique_insights = Vec::new();
    for (expert, mut candidates) in per_expert.into_iter().enumerate() {
        candidates.sort_by(|a, b| {
            share_key(b.1)
                .cmp(&share_key(a.1))
                .then(a.0.index.cmp(&b.0.index))
        });
        for (group, _) in candidates.into_iter().take(MAX_INSIGHTS_PER_EXPERT) {
            unique_insights.push(UniqueInsight {
                expert_id: expert_ids[expert].clone(),
                text: claim_text(group.representative),
            });
        }
    }
    Findings {
        common_recommendations,
        unique_insights,
    }
}
