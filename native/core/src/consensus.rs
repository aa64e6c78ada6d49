//! calculate_consensus: who agrees with whom, what they recommend in common, who
//! dissents. The steps and every rule are those of
//! server/core/fallback/consensus.ts (documented there); this is the same
//! algorithm with the heavy loops run in parallel.

use crate::agreement::{agreement_matrix, score_claims};
use crate::claims::{claim_support, collect_claims, group_claims, summarize_claims};
use crate::clustering::average_linkage;
use crate::conclusions::{
    conclusion_matrix, conclusion_recommendations, conclusions_by_expert, dissenting_experts,
};
use crate::documents::build_corpus;
use crate::error::CoreResult;
use crate::final_answer::extract_final_answer;
use crate::limits::{
    CLAIM_MATCH_THRESHOLD, CLUSTER_THRESHOLD, CONCLUSION_WEIGHT, MAX_RECOMMENDATIONS,
};
use crate::shares::share_key;
use crate::similarity::agreement_matrix as document_agreement_matrix;
use crate::types::{
    Cluster, CommonRecommendation, ConsensusOptions, ConsensusResult, ExpertResponse, FinalAnswer,
};
use crate::validate::validate_panel;
use crate::vectors::clamp01;
use rayon::prelude::*;

fn cluster_experts(agreement: &[Vec<f64>], answers: &[Option<String>]) -> Vec<Vec<usize>> {
    let n = answers.len();
    let answered: Vec<usize> = (0..n).filter(|&i| answers[i].is_some()).collect();
    let unanswered: Vec<usize> = (0..n).filter(|&i| answers[i].is_none()).collect();
    let answers_decide = answered.len() >= 2 && answered.len() * 2 >= n;
    if !answers_decide {
        let all: Vec<usize> = (0..n).collect();
        return average_linkage(agreement, &all, CLUSTER_THRESHOLD);
    }
    let mut by_answer: Vec<(&str, Vec<usize>)> = Vec::new();
    for &i in &answered {
        let key = answers[i].as_deref().unwrap_or_default();
        match by_answer.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => by_answer.push((key, vec![i])),
        }
    }
    let mut clusters: Vec<Vec<usize>> = by_answer.into_iter().map(|(_, m)| m).collect();
    clusters.extend(average_linkage(agreement, &unanswered, CLUSTER_THRESHOLD));
    clusters
}

/// Claim coverage blended with the conclusion match, where both answers have conclusions.
fn blend_conclusions(
    mut agreement: Vec<Vec<f64>>,
    conclusion: &[Vec<Option<f64>>],
) -> Vec<Vec<f64>> {
    for (i, row) in agreement.iter_mut().enumerate() {
        for (j, value) in row.iter_mut().enumerate() {
            if let (false, Some(c)) = (i == j, conclusion[i][j]) {
                *value = clamp01((1.0 - CONCLUSION_WEIGHT) * *value + CONCLUSION_WEIGHT * c);
            }
        }
    }
    agreement
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

    let corpus = build_corpus(&texts);
    let claims = collect_claims(&texts, &corpus);
    let scores = score_claims(&claims, n, corpus.feature_count, CLAIM_MATCH_THRESHOLD);
    let group_of = group_claims(&scores.matches);
    let support = claim_support(&claims, &group_of);
    let document_agreement = document_agreement_matrix(&corpus.vectors, corpus.feature_count);
    let claim_agreement = agreement_matrix(&claims, &scores, &support, n, &document_agreement);
    let conclusions = conclusions_by_expert(&claims, n);
    let dissent = dissenting_experts(&texts, &claims, n);
    let similarity = blend_conclusions(
        claim_agreement,
        &conclusion_matrix(&claims, &conclusions, &dissent),
    );
    let answers: Vec<Option<String>> = texts.par_iter().map(|t| extract_final_answer(t)).collect();

    let mut votes: Vec<f64> = experts.iter().map(|e| e.weight * e.confidence).collect();
    let mut total_vote = votes.iter().fold(0.0, |a, b| a + b);
    if total_vote == 0.0 {
        votes = vec![1.0; n];
        total_vote = n as f64;
    }

    let mut clusters: Vec<(Vec<usize>, f64)> = cluster_experts(&similarity, &answers)
        .into_iter()
        .map(|members| {
            let mut sum = 0.0;
            for &m in &members {
                sum += votes[m];
            }
            (members, sum / total_vote)
        })
        .collect();
    clusters.sort_by(|a, b| {
        share_key(b.1)
            .cmp(&share_key(a.1))
            .then(a.0[0].cmp(&b.0[0]))
    });

    let leading = &clusters[0];
    let consensus_confidence = leading.1;
    let mut in_majority = vec![false; n];
    for &m in &leading.0 {
        in_majority[m] = true;
    }

    let findings = summarize_claims(
        &texts,
        &claims,
        &group_of,
        corpus.feature_count,
        &ids,
        &votes,
        total_vote,
    );

    let mut common_recommendations =
        conclusion_recommendations(&texts, &claims, &conclusions, &ids, &votes, total_vote);
    for group in findings.common_recommendations {
        if !restates_any(&group, &common_recommendations) {
            common_recommendations.push(group);
        }
    }
    common_recommendations.truncate(MAX_RECOMMENDATIONS);

    let final_answers = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.as_ref().map(|answer| FinalAnswer {
                expert_id: ids[i].clone(),
                answer: answer.clone(),
            })
        })
        .collect();

    Ok(ConsensusResult {
        consensus_confidence,
        reached: consensus_confidence >= panel.confidence_threshold,
        expert_count: n as u32,
        similarity,
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
        common_recommendations,
        unique_insights: findings.unique_insights,
        final_answers,
    })
}

/// A claim group that repeats a shared conclusion already listed (same
/// representative text, or the same supporters backing it with a sentence
/// already cited) would show the person the same point twice.
fn restates_any(group: &CommonRecommendation, listed: &[CommonRecommendation]) -> bool {
    listed.iter().any(|r| {
        r.text == group.text
            || (r.supporters == group.supporters
                && group.evidence.iter().any(|g| {
                    r.evidence
                        .iter()
                        .any(|e| e.expert_id == g.expert_id && e.text == g.text)
                }))
    })
}
