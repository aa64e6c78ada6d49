//! Claims (sentences and list items that are not filler) matched across the
//! panel by leader clustering, in input order: each claim joins the group whose
//! first claim is the most similar at cosine >= the threshold, else it leads a
//! new group. Groups backed by two or more experts are common recommendations;
//! groups of one expert give unique insights. Mirrored in server/core/fallback/claims.ts.

use crate::documents::Corpus;
use crate::limits::{
    MAX_EVIDENCE_PER_SUPPORTER, MAX_INSIGHTS_PER_EXPERT, MAX_PANEL_CLAIMS, MAX_RECOMMENDATIONS,
    MIN_CLAIMS_PER_EXPERT, MIN_INSIGHT_TERMS,
};
use crate::shares::share_key;
use crate::types::{CommonRecommendation, Evidence, UniqueInsight};
use crate::vectors::{count_terms, weigh, SparseVector};
use rayon::prelude::*;

pub struct Claim {
    pub expert: usize,
    pub start: usize,
    pub end: usize,
    pub vector: SparseVector,
    /// Distinct terms, negation ignored.
    pub distinct_terms: usize,
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
pub fn collect_claims(expert_count: usize, corpus: &Corpus) -> Vec<Claim> {
    let cap = MIN_CLAIMS_PER_EXPERT.max(MAX_PANEL_CLAIMS / expert_count.max(1));
    let per_expert: Vec<Vec<Claim>> = corpus
        .docs
        .par_iter()
        .enumerate()
        .map(|(expert, doc)| {
            doc.units
                .iter()
                .filter(|u| u.is_claim())
                .take(cap)
                .map(|unit| {
                    let vector = weigh(&count_terms(&doc.features[unit.features.clone()]), &corpus.idf);
                    let distinct_terms = distinct_term_count(&vector);
                    Claim { expert, start: unit.start, end: unit.end, vector, distinct_terms }
                })
                .collect()
        })
        .collect();
    per_expert.into_iter().flatten().collect()
}

/// Group index of every claim (groups numbered by their leader's order).
pub fn group_claims(claims: &[Claim], feature_count: usize, threshold: f64) -> Vec<usize> {
    let mut group_of = vec![0usize; claims.len()];
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); feature_count];
    let mut scores = vec![0.0f64; claims.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut leaders: u32 = 0;

    for (i, claim) in claims.iter().enumerate() {
        let v = &claim.vector;
        for (&f, &w) in v.ids.iter().zip(&v.weights) {
            for &(leader, lw) in &postings[f as usize] {
                let slot = &mut scores[leader as usize];
                if *slot == 0.0 {
                    touched.push(leader);
                }
                *slot += w * lw;
            }
        }
        let mut best: i64 = -1;
        let mut best_score = f64::NEG_INFINITY;
        for &leader in &touched {
            let s = scores[leader as usize];
            if s > best_score || (s == best_score && i64::from(leader) < best) {
                best_score = s;
                best = i64::from(leader);
            }
            scores[leader as usize] = 0.0;
        }
        touched.clear();
        if best >= 0 && best_score >= threshold {
            group_of[i] = best as usize;
            continue;
        }
        group_of[i] = leaders as usize;
        for (&f, &w) in v.ids.iter().zip(&v.weights) {
            postings[f as usize].push((leaders, w));
        }
        leaders += 1;
    }
    group_of
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
            groups.push(Group { index: g, claims: Vec::new(), experts: Vec::new(), representative: i });
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
                    evidence.push(Evidence { expert_id: expert_ids[expert].clone(), text: claim_text(c) });
                }
            }
            CommonRecommendation {
                text: claim_text(group.representative),
                supporters: group.experts.iter().map(|&e| expert_ids[e].clone()).collect(),
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
        candidates.sort_by(|a, b| share_key(b.1).cmp(&share_key(a.1)).then(a.0.index.cmp(&b.0.index)));
        for (group, _) in candidates.into_iter().take(MAX_INSIGHTS_PER_EXPERT) {
            unique_insights.push(UniqueInsight { expert_id: expert_ids[expert].clone(), text: claim_text(group.representative) });
        }
    }
    Findings { common_recommendations, unique_insights }
}
