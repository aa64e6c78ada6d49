//! calculate_consensus: docs/consensus.md is the specification; the steps below carry
//! its names. Twin of server/core/fallback/consensus.ts (same algorithm, the same
//! results; the O(claims²) work runs on the thread pool here).
//!
//!  1. claims       every answer cut into units with roles and frames (claims.rs)
//!  2. meaning      claim similarity: sentence embeddings, or TF-IDF without the model (meaning.rs)
//!  3. bottom lines what each answer concludes, normalised (bottom_line.rs)
//!  4. claim groups claims of different experts that say the same thing (groups.rs)
//!  5. camps        who concludes the same (camps.rs)
//!  6. votes        weight x confidence; majority, dissenters, confidence over every expert asked
//!  7. findings     common recommendations (coherent with the camps) and unique insights (findings.rs)

use crate::bottom_line::{bottom_line_of, BottomLine};
use crate::camps::{form_camps, CampInput};
use crate::claims::{answer_claims, is_substantive, Claim, Role};
use crate::documents::build_corpus;
use crate::embedding::embed_cached;
use crate::error::CoreResult;
use crate::final_answer::extract_final_answer;
use crate::findings::{
    caveat_claims, common_recommendations, unique_insights, InsightInput, RecommendationInput,
};
use crate::groups::group_claims;
use crate::js;
use crate::meaning::{claim_meaning, dot, plain_text, Meaning, Prototypes};
use crate::params::params;
use crate::shares::share_key;
use crate::types::{
    BottomLineSummary, Cluster, ConsensusOptions, ConsensusResult, ExpertResponse, FinalAnswer,
};
use crate::validate::validate_panel;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// Claims whose meaning is that of a filler prototype ("Great question!", "consult a professional") are filler.
pub fn mark_semantic_filler(claims: &mut [Claim], meaning: &Meaning) {
    if !meaning.semantic {
        return;
    }
    let texts: Vec<&str> = params()
        .filler_prototypes
        .iter()
        .map(String::as_str)
        .collect();
    let Some(prototypes) = embed_cached(&texts) else {
        return;
    };
    let threshold = params().thresholds.filler_prototype;
    let prototypes = Prototypes::new(&prototypes);
    let filler: Vec<bool> = (0..claims.len())
        .into_par_iter()
        .map(|i| {
            claims[i].role == Role::Claim
                && meaning
                    .vector(i)
                    .is_some_and(|v| prototypes.any_at_least(v, threshold))
        })
        .collect();
    for (claim, is_filler) in claims.iter_mut().zip(filler) {
        if is_filler {
            claim.role = Role::Filler;
        }
    }
}

/// A sentence that most answers repeat nearly word for word ("Great question! The right
/// answer depends on your situation", "consult a qualified attorney") is boilerplate:
/// real experts do not write the same sentence, templates do. It is filler, so it
/// neither makes answers agree nor stands as their bottom line or a recommendation.
/// Runs after `meaning.prepare` over the substantive claims (it reads their rows).
pub fn mark_boilerplate(claims: &mut [Claim], meaning: &Meaning, expert_count: usize) {
    let p = params();
    let share = (expert_count as f64 * p.thresholds.boilerplate_share).ceil() as usize;
    let needed = p.limits.boilerplate_min_experts.max(share);
    if expert_count < needed {
        return;
    }
    let substantive: Vec<bool> = claims.iter().map(is_substantive).collect();
    let boiler: Vec<bool> = if meaning.semantic {
        let threshold = p.thresholds.boilerplate;
        let members = meaning.members();
        let claims_ro: &[Claim] = claims;
        (0..claims_ro.len())
            .into_par_iter()
            .map_init(Vec::new, |row, i| {
                if !substantive[i] {
                    return false;
                }
                meaning.embedding_row(i, row);
                let mut experts: Vec<usize> = vec![claims_ro[i].expert];
                for (k, &j) in members.iter().enumerate() {
                    let e = claims_ro[j].expert;
                    if substantive[j] && row[k] >= threshold && !experts.contains(&e) {
                        experts.push(e);
                        if experts.len() >= needed {
                            return true;
                        }
                    }
                }
                experts.len() >= needed
            })
            .collect()
    } else {
        // Without the model the same sentence is the same text: count the experts per text.
        let keys: Vec<String> = claims
            .iter()
            .map(|c| js::lower(&plain_text(c.text)))
            .collect();
        let mut experts_of: rustc_hash::FxHashMap<&str, Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for (i, c) in claims.iter().enumerate() {
            if substantive[i] {
                let list = experts_of.entry(keys[i].as_str()).or_default();
                if !list.contains(&c.expert) {
                    list.push(c.expert);
                }
            }
        }
        (0..claims.len())
            .map(|i| substantive[i] && experts_of[keys[i].as_str()].len() >= needed)
            .collect()
    };
    for (claim, is_boiler) in claims.iter_mut().zip(boiler) {
        if is_boiler {
            claim.role = Role::Filler;
        }
    }
}

/// A bottom line's quantity as the result's `finalAnswers` show it.
fn format_quantity(line: &BottomLine) -> String {
    let Some(q) = &line.quantity else {
        return line.span.clone();
    };
    let value = if q.value.is_finite() && q.value.fract() == 0.0 {
        js::number_to_string(q.value)
    } else {
        js::number_to_string(js::round_to_precision(q.value, 12))
    };
    if q.dimension.is_empty() {
        value
    } else {
        format!("{value} {}", q.dimension)
    }
}

pub fn calculate_consensus(
    responses: &[ExpertResponse],
    options: &ConsensusOptions,
) -> CoreResult<ConsensusResult> {
    let panel = validate_panel(responses, options)?;
    let experts = &panel.experts;
    let n = experts.len();
    let ids: Vec<String> = experts.iter().map(|e| e.id.to_string()).collect();
    let texts: Vec<&str> = experts.iter().map(|e| e.text).collect();
    let limits = &params().limits;

    // 1. claims
    let mut corpus = build_corpus(&texts);
    let mut claims: Vec<Claim> = Vec::new();
    let mut offsets: Vec<usize> = Vec::with_capacity(n + 1);
    for (i, e) in experts.iter().enumerate() {
        offsets.push(claims.len());
        claims.extend(answer_claims(i, e.text, &mut corpus, e.streaming));
    }
    offsets.push(claims.len());

    // 2. meaning
    let mut meaning = claim_meaning(&claims);
    mark_semantic_filler(&mut claims, &meaning);
    let substantive: Vec<usize> = (0..claims.len())
        .filter(|&i| is_substantive(&claims[i]))
        .collect();
    meaning.prepare(claims.len(), &substantive);
    mark_boilerplate(&mut claims, &meaning, n);

    // 3. bottom lines
    let lines: Vec<BottomLine> = (0..n)
        .map(|i| {
            bottom_line_of(
                texts[i],
                &claims[offsets[i]..offsets[i + 1]],
                &mut corpus.lex,
            )
        })
        .collect();

    // 4. claim groups
    // A point made under an alternative's frame ("When MongoDB is reasonable:") is not its expert's
    // recommendation: it is matched with nobody and can only be that expert's insight, with its frame.
    let candidates: Vec<usize> = (0..claims.len())
        .filter(|&i| is_substantive(&claims[i]) && claims[i].context.is_none())
        .collect();
    meaning.finish(&claims);
    let grouping = group_claims(&claims, &candidates, &meaning, n);
    let nearest = &grouping.nearest;
    let mut topicality_sum = vec![0.0f64; n];
    let mut topicality_count = vec![0usize; n];
    for &c in &candidates {
        let e = claims[c].expert;
        topicality_sum[e] += js::max(0.0, nearest[c]);
        topicality_count[e] += 1;
    }
    let topicality: Vec<Option<f64>> = (0..n)
        .map(|e| {
            (topicality_count[e] >= limits.min_topical_claims)
                .then(|| topicality_sum[e] / topicality_count[e] as f64)
        })
        .collect();

    // 5. camps
    let body_features: Vec<FxHashSet<u32>> = (0..n)
        .map(|e| {
            let mut features = FxHashSet::default();
            for (k, c) in claims[offsets[e]..offsets[e + 1]].iter().enumerate() {
                if lines[e].claim != Some(k) {
                    features.extend(c.vector.ids.iter().copied());
                }
            }
            features
        })
        .collect();
    let span_texts: Vec<String> = lines.iter().map(|l| plain_text(&l.span)).collect();
    let span_refs: Vec<&str> = span_texts.iter().map(String::as_str).collect();
    let span_vectors = embed_cached(&span_refs);
    let span_dot =
        |a: usize, b: usize| -> f64 { span_vectors.as_ref().map_or(0.0, |v| dot(&v[a], &v[b])) };
    let folded_texts: Vec<String> = texts.par_iter().map(|t| js::fold_text(t)).collect();
    let camp_input = CampInput {
        lines: &lines,
        groups: &grouping.groups,
        topicality: &topicality,
        body_features: &body_features,
        folded_texts: &folded_texts,
        span_similarity: span_vectors
            .as_ref()
            .map(|_| &span_dot as &dyn Fn(usize, usize) -> f64),
    };
    let camps = form_camps(&camp_input);

    // 6. votes
    let mut votes: Vec<f64> = experts.iter().map(|e| e.weight * e.confidence).collect();
    let mut total_vote = votes.iter().fold(0.0, |a, b| a + b);
    if total_vote == 0.0 {
        votes = vec![1.0; n];
        total_vote = n as f64;
    }
    let missing_vote = (panel.experts_asked - n) as f64 * (total_vote / n as f64);
    let mut clusters: Vec<(Vec<usize>, f64)> = camps
        .camps
        .iter()
        .map(|members| {
            let mut sum = 0.0;
            for &m in members {
                sum += votes[m];
            }
            (members.clone(), sum / total_vote)
        })
        .collect();
    clusters.sort_by(|a, b| {
        share_key(b.1)
            .cmp(&share_key(a.1))
            .then(a.0[0].cmp(&b.0[0]))
    });
    let leading = &clusters[0];
    let mut in_majority = vec![false; n];
    for &m in &leading.0 {
        in_majority[m] = true;
    }
    let consensus_confidence = (leading.1 * total_vote) / (total_vote + missing_vote);
    let mut camp_of = vec![0usize; n];
    for (k, c) in clusters.iter().enumerate() {
        for &m in &c.0 {
            camp_of[m] = k;
        }
    }

    // 7. findings
    let line_claims: Vec<Option<usize>> = lines
        .iter()
        .enumerate()
        .map(|(e, l)| l.claim.map(|c| offsets[e] + c))
        .collect();
    let caveats = caveat_claims(&claims, &line_claims, &camps.camps);
    let cluster_members: Vec<Vec<usize>> = clusters.iter().map(|c| c.0.clone()).collect();
    let recommendations = common_recommendations(&RecommendationInput {
        claims: &claims,
        groups: &grouping.groups,
        meaning: &meaning,
        line_claims: &line_claims,
        relation: &camps.relation,
        agreement: &camps.agreement,
        camps: &cluster_members,
        lines: &lines,
        caveats: &caveats,
        camp_of: &camp_of,
        ids: &ids,
        votes: &votes,
        total_vote,
    });
    let used: FxHashSet<usize> = recommendations
        .iter()
        .flat_map(|r| r.claims.iter().copied())
        .collect();
    let insights = unique_insights(&InsightInput {
        claims: &claims,
        groups: &grouping.groups,
        nearest,
        meaning: &meaning,
        used: &used,
        caveats: &caveats,
        ids: &ids,
    });

    Ok(ConsensusResult {
        consensus_confidence,
        reached: n >= 2 && consensus_confidence >= panel.confidence_threshold,
        expert_count: n as u32,
        experts_asked: panel.experts_asked as u32,
        method: if meaning.semantic {
            "semantic"
        } else {
            "lexical"
        }
        .to_string(),
        bottom_lines: lines
            .iter()
            .zip(&ids)
            .map(|(l, id)| BottomLineSummary {
                expert_id: id.clone(),
                text: l.span.clone(),
            })
            .collect(),
        similarity: camps.agreement,
        majority: leading.0.iter().map(|&m| ids[m].clone()).collect(),
        dissenters: (0..n)
            .filter(|&i| !in_majority[i])
            .map(|i| ids[i].clone())
            .collect(),
        clusters: clusters
            .iter()
            .map(|(members, share)| Cluster {
                members: members.iter().map(|&m| ids[m].clone()).collect(),
                weight_share: *share,
            })
            .collect(),
        common_recommendations: recommendations
            .into_iter()
            .map(|r| r.recommendation)
            .collect(),
        unique_insights: insights,
        final_answers: texts
            .iter()
            .zip(&lines)
            .zip(&ids)
            .filter_map(|((text, line), id)| {
                let answer = extract_final_answer(text)
                    .or_else(|| line.numeric.then(|| format_quantity(line)))?;
                Some(FinalAnswer {
                    expert_id: id.clone(),
                    answer,
                })
            })
            .collect(),
    })
}
