//! Conclusions: what each answer recommends, so that two answers reaching the same
//! verdict in different words and lengths agree, and opposite verdicts stay apart.
//! Every rule is documented in server/core/fallback/conclusions.ts (the same
//! algorithm; offsets here are bytes, there UTF-16 units, but every cue is ASCII so
//! both find the same places).

use crate::claims::Claim;
use crate::limits::{HEAD_TERMS, MAX_CONCLUSIONS_PER_EXPERT, MAX_EVIDENCE_PER_SUPPORTER};
use crate::pipeline::count_tokens;
use crate::shares::share_key;
use crate::types::{CommonRecommendation, Evidence};
use crate::vectors::{clamp01, SparseVector};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// Cues that open a claim (after markup such as `**`, `#`, `>`); tried in this order.
pub const LEAD_CUES: &[&str] = &[
    "my recommendation",
    "recommendation",
    "recommended",
    "verdict",
    "short answer",
    "my take",
    "my position",
    "my answer",
    "bottom line",
    "tl;dr",
    "tldr",
    "in short",
    "in summary",
    "in conclusion",
    "summary",
    "conclusion",
    "use",
    "start with",
    "pick",
    "choose",
    "go with",
    "prefer",
    "stick with",
    "default to",
];
/// Verb phrases that are a cue after a first-person subject ("I would pick", "I'd use").
pub const CHOICE_VERBS: &[&str] = &[
    "lean towards",
    "lean toward",
    "start with",
    "go with",
    "stick with",
    "default to",
    "pick",
    "choose",
    "use",
    "recommend",
    "prefer",
];
const SUBJECTS: &[&str] = &["i would ", "i'd ", "i ", "we would ", "we'd ", "we "];
/// Verb phrases that are a cue on their own ("the numbers favour X", "the data points to X").
pub const BARE_CHOICE_VERBS: &[&str] = &["favour", "favor", "points to"];
/// Markup and punctuation skipped before and between cues.
const CUE_PADDING: &[u8] = b" \t*_#>`:,-";
/// First-person statements of dissent from the usual view.
pub const DISSENT_CUES: &[&str] = &[
    "i disagree",
    "i partly disagree",
    "i will partly disagree",
    "i strongly disagree",
    "i respectfully disagree",
    "i would disagree",
    "i'd disagree",
    "i push back",
    "i want to push back",
    "i would push back",
    "i'd push back",
    "take the minority position",
    "where i differ",
];

/// Substrings every dissent cue contains.
const DISSENT_KEYS: &[&str] = &[
    "disagree",
    "push back",
    "minority position",
    "where i differ",
];
/// Substrings every choice verb cue contains (a subject's end or a bare verb).
const CHOICE_KEYS: &[&str] = &["i ", "i'd ", "we ", "we'd ", "favo", "points to"];

/// Byte offset of `needle` in `hay` from `from` on. Needles are ASCII, so every match
/// starts on a char boundary and so does the byte after it.
fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    let first = *needle.first()?;
    let mut at = from;
    while let Some(p) = hay[at..].iter().position(|&b| b == first) {
        let start = at + p;
        if hay.len() - start < needle.len() {
            return None;
        }
        if &hay[start..start + needle.len()] == needle {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

fn word_at(lower: &[u8], at: usize, phrase: &str) -> bool {
    let p = phrase.as_bytes();
    lower.len() >= at + p.len()
        && &lower[at..at + p.len()] == p
        && (at + p.len() >= lower.len() || !lower[at + p.len()].is_ascii_alphanumeric())
}

fn skip_padding(lower: &[u8], mut at: usize) -> usize {
    while at < lower.len() && CUE_PADDING.contains(&lower[at]) {
        at += 1;
    }
    at
}

fn past_leads(lower: &[u8], mut at: usize) -> usize {
    loop {
        let from = skip_padding(lower, at);
        match LEAD_CUES.iter().find(|c| word_at(lower, from, c)) {
            Some(lead) => at = from + lead.len(),
            None => return at,
        }
    }
}

fn preceded_by_subject(lower: &[u8], at: usize) -> bool {
    SUBJECTS.iter().any(|s| {
        let s = s.as_bytes();
        at >= s.len()
            && &lower[at - s.len()..at] == s
            && (at == s.len() || !lower[at - s.len() - 1].is_ascii_alphanumeric())
    })
}

/// Word starts of `lower` in order: offset 0 and every byte after a non-alphanumeric one.
fn word_starts(lower: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..lower.len()).filter(move |&at| at == 0 || !lower[at - 1].is_ascii_alphanumeric())
}

/// The first choice verb of the claim ("I would pick", "favour"): offset past it.
/// The earliest place wins, then the earlier verb in the lists.
fn past_choice_verb(lower: &[u8]) -> Option<usize> {
    for at in word_starts(lower) {
        for (v, verb) in CHOICE_VERBS.iter().chain(BARE_CHOICE_VERBS).enumerate() {
            let bare = v >= CHOICE_VERBS.len();
            if word_at(lower, at, verb) && (bare || preceded_by_subject(lower, at)) {
                return Some(at + verb.len());
            }
        }
    }
    None
}

fn past_bold_label(lower: &[u8]) -> Option<usize> {
    if !lower.starts_with(b"**") {
        return None;
    }
    let close = find_from(lower, b"**", 2)?;
    if let Some(colon) = find_from(lower, b":", 2) {
        if colon < close {
            return Some(colon + 1);
        }
    }
    (lower.get(close + 2) == Some(&b':')).then_some(close + 3)
}

fn past_short_verdict(text: &str, lower: &[u8]) -> Option<usize> {
    let colon = find_from(lower, b":", 0)?;
    let spaces = lower[colon + 1..].iter().filter(|&&b| b == b' ').count();
    if spaces > MAX_VERDICT_SPACES {
        return None;
    }
    let terms = count_tokens(&text[colon + 1..]);
    (1..=HEAD_TERMS).contains(&terms).then_some(colon + 1)
}

/// A short verdict has few words: longer tails are not tokenized to find out.
const MAX_VERDICT_SPACES: usize = 12;

/// Where the head of a claim begins (byte offset into its text) when it carries a cue.
pub fn cue_end(text: &str) -> Option<usize> {
    let lower_text = text.to_ascii_lowercase();
    let lower = lower_text.as_bytes();
    let lead = past_leads(lower, 0);
    if lead > 0 {
        return Some(lead);
    }
    if CHOICE_KEYS.iter().any(|key| lower_text.contains(key)) {
        if let Some(verb) = past_choice_verb(lower) {
            return Some(past_leads(lower, verb));
        }
    }
    if let Some(label) = past_bold_label(lower) {
        return Some(past_leads(lower, label));
    }
    past_short_verdict(text, lower)
}

/// Whether a claim declares dissent.
pub fn declares_dissent(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // Every cue holds one of these: a fast (SIMD) look first, the rule only where it can hold.
    if !DISSENT_KEYS.iter().any(|key| lower.contains(key)) {
        return false;
    }
    let lower = lower.as_bytes();
    let found = word_starts(lower).any(|at| DISSENT_CUES.iter().any(|cue| word_at(lower, at, cue)));
    found
}

/// Pipeline features of a claim's text before its head.
pub fn head_start(text: &str, end: Option<usize>) -> usize {
    match end {
        Some(e) if e > 0 => count_tokens(&text[..e]),
        _ => 0,
    }
}

/// HEAD_TERMS distinct features from `start`, weighted 1, 1/2, 1/3 by position.
pub fn head_vector(features: &[u32], start: usize) -> Option<SparseVector> {
    let mut taken: Vec<u32> = Vec::with_capacity(HEAD_TERMS);
    for &f in features.iter().skip(start) {
        if taken.len() >= HEAD_TERMS {
            break;
        }
        if !taken.contains(&f) {
            taken.push(f);
        }
    }
    if taken.is_empty() {
        return None;
    }
    let mut order: Vec<(u32, f64)> = taken
        .iter()
        .enumerate()
        .map(|(rank, &f)| (f, 1.0 / (rank as f64 + 1.0)))
        .collect();
    order.sort_by_key(|o| o.0);
    let mut sum_squares = 0.0;
    for &(_, w) in &order {
        sum_squares += w * w;
    }
    let norm = sum_squares.sqrt();
    Some(SparseVector {
        ids: order.iter().map(|o| o.0).collect(),
        weights: order.iter().map(|o| o.1 / norm).collect(),
        norm,
    })
}

/// Which claims of one expert (indices into its claims, in order) are its conclusions.
pub fn conclusion_indices(cues: &[bool]) -> Vec<usize> {
    let n = cues.len();
    if n == 0 {
        return Vec::new();
    }
    let mut chosen = vec![0];
    let mut k = 1;
    while k + 1 < n && chosen.len() < MAX_CONCLUSIONS_PER_EXPERT - 1 {
        if cues[k] {
            chosen.push(k);
        }
        k += 1;
    }
    if n > 1 {
        chosen.push(n - 1);
    }
    chosen
}

fn dot(a: &SparseVector, b: &SparseVector) -> f64 {
    let mut sum = 0.0;
    let mut q = 0;
    for (p, &id) in a.ids.iter().enumerate() {
        while q < b.ids.len() && b.ids[q] < id {
            q += 1;
        }
        if q < b.ids.len() && b.ids[q] == id {
            sum += a.weights[p] * b.weights[q];
        }
    }
    sum
}

fn flipped_dot(a: &SparseVector, b: &SparseVector) -> f64 {
    let mut sum = 0.0;
    for (p, &id) in a.ids.iter().enumerate() {
        let flipped = id ^ 1;
        for (q, &other) in b.ids.iter().enumerate() {
            if other == flipped {
                sum += a.weights[p] * b.weights[q];
            }
        }
    }
    sum
}

fn lead_feature(head: &SparseVector) -> u32 {
    let mut best = 0;
    for k in 1..head.ids.len() {
        if head.weights[k] > head.weights[best] {
            best = k;
        }
    }
    head.ids[best]
}

fn leads_into(a: &SparseVector, b: &SparseVector) -> bool {
    let lead = lead_feature(a);
    lead & 1 == 0 && b.ids.contains(&lead)
}

/// Conclusion claims per expert (claim indices, in order).
pub fn conclusions_by_expert(claims: &[Claim], expert_count: usize) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); expert_count];
    for (c, claim) in claims.iter().enumerate() {
        if claim.head.is_some() {
            by[claim.expert].push(c);
        }
    }
    by
}

/// Whether each expert declares dissent in any of its claims.
pub fn dissenting_experts(texts: &[&str], claims: &[Claim], expert_count: usize) -> Vec<bool> {
    let flagged: Vec<usize> = claims
        .par_iter()
        .filter(|claim| declares_dissent(&texts[claim.expert][claim.start..claim.end]))
        .map(|claim| claim.expert)
        .collect();
    let mut dissent = vec![false; expert_count];
    for expert in flagged {
        dissent[expert] = true;
    }
    dissent
}

/// conclusion(i, j) for every pair, or None where either answer has no conclusion.
pub fn conclusion_matrix(
    claims: &[Claim],
    by_expert: &[Vec<usize>],
    dissent: &[bool],
) -> Vec<Vec<Option<f64>>> {
    let n = by_expert.len();
    let mut m = vec![vec![None; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            let (ci, cj) = (&by_expert[i], &by_expert[j]);
            if ci.is_empty() || cj.is_empty() {
                continue;
            }
            if dissent[i] != dissent[j] {
                m[i][j] = Some(0.0);
                m[j][i] = Some(0.0);
                continue;
            }
            let mut best = 0.0;
            let mut against = 0.0;
            for &a in ci {
                let ha = claims[a].head.as_ref().expect("conclusions have heads");
                for &b in cj {
                    let hb = claims[b].head.as_ref().expect("conclusions have heads");
                    let s = if leads_into(ha, hb) || leads_into(hb, ha) {
                        1.0
                    } else {
                        dot(ha, hb)
                    };
                    if s > best {
                        best = s;
                    }
                    let f = flipped_dot(ha, hb);
                    if f > against {
                        against = f;
                    }
                }
            }
            let value = clamp01(best - against);
            m[i][j] = Some(value);
            m[j][i] = Some(value);
        }
    }
    m
}

/// Shared recommendations: a head's first term and the experts whose conclusion heads name it.
pub fn conclusion_recommendations(
    texts: &[&str],
    claims: &[Claim],
    by_expert: &[Vec<usize>],
    expert_ids: &[String],
    votes: &[f64],
    total_vote: f64,
) -> Vec<CommonRecommendation> {
    let claim_text = |c: usize| {
        let claim = &claims[c];
        texts[claim.expert][claim.start..claim.end].to_string()
    };
    let mut seen: FxHashSet<u32> = FxHashSet::default();
    let mut found: Vec<(CommonRecommendation, usize)> = Vec::new();
    for list in by_expert {
        for &c in list {
            let lead = lead_feature(claims[c].head.as_ref().expect("conclusions have heads"));
            if lead & 1 == 1 || !seen.insert(lead) {
                continue;
            }
            let mut supporters = Vec::new();
            let mut evidence = Vec::new();
            for (e, other) in by_expert.iter().enumerate() {
                let mut given = 0;
                for &d in other {
                    if given >= MAX_EVIDENCE_PER_SUPPORTER {
                        break;
                    }
                    if !claims[d]
                        .head
                        .as_ref()
                        .is_some_and(|h| h.ids.contains(&lead))
                    {
                        continue;
                    }
                    if given == 0 {
                        supporters.push(e);
                    }
                    evidence.push(Evidence {
                        expert_id: expert_ids[e].clone(),
                        text: claim_text(d),
                    });
                    given += 1;
                }
            }
            if supporters.len() < 2 {
                continue;
            }
            let mut sum = 0.0;
            for &e in &supporters {
                sum += votes[e];
            }
            let order = found.len();
            found.push((
                CommonRecommendation {
                    text: claim_text(c),
                    supporters: supporters.iter().map(|&e| expert_ids[e].clone()).collect(),
                    support: sum / total_vote,
                    evidence,
                },
                order,
            ));
        }
    }
    found.sort_by(|a, b| {
        share_key(b.0.support)
            .cmp(&share_key(a.0.support))
            .then(b.0.supporters.len().cmp(&a.0.supporters.len()))
            .then(a.1.cmp(&b.1))
    });
    found.into_iter().map(|f| f.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_head_after_chained_and_inner_cues() {
        let text = "**Short answer: start with PostgreSQL.**";
        assert_eq!(head_start(text, cue_end(text)), 3); // short, answer, start
        let text = "For a typical service, I would pick Go.";
        assert_eq!(
            &text[..cue_end(text).unwrap()],
            "For a typical service, I would pick"
        );
        let text = "Hash with a slow, memory-hard function: Argon2id.";
        assert_eq!(&text[cue_end(text).unwrap()..], " Argon2id.");
        assert_eq!(cue_end("Users pick passwords badly."), None); // no subject before the verb
    }

    #[test]
    fn weighs_the_head_by_position() {
        let head = head_vector(&[8, 4, 8, 6, 2], 0).unwrap();
        assert_eq!(head.ids, vec![4, 6, 8]);
        assert_eq!(lead_feature(&head), 8);
        assert!(head_vector(&[8], 1).is_none());
    }

    #[test]
    fn recognises_declared_dissent() {
        assert!(declares_dissent(
            "I will partly disagree with the usual advice."
        ));
        assert!(!declares_dissent("Some people disagree, and that is fine."));
    }
}
