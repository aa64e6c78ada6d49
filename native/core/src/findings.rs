//! Step 7 of docs/consensus.md, "Findings": the common recommendations (each position
//! held by two or more experts, then claim groups of two or more experts kept coherent
//! with the camps) and the unique insights (claims only one expert makes, with the
//! frame they were written in). A claim is in one or the other, never both.
//! Twin of server/core/fallback/findings.ts.

use crate::bottom_line::entities_of;
use crate::bottom_line::BottomLine;
use crate::camps::DISAGREE;
use crate::claims::{is_substantive, Claim, Role};
use crate::groups::ClaimGroup;
use crate::js;
use crate::markdown::UnitKind;
use crate::meaning::{plain_text, Meaning};
use crate::params::params;
use crate::quantities::{find_quantities, Quantity};
use crate::shares::share_key;
use crate::types::{CommonRecommendation, Evidence, UniqueInsight};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

pub struct Recommendation {
    pub recommendation: CommonRecommendation,
    /// Claim indices cited as its evidence.
    pub claims: Vec<usize>,
}

pub struct RecommendationInput<'a> {
    pub claims: &'a [Claim<'a>],
    pub groups: &'a [ClaimGroup],
    pub meaning: &'a Meaning,
    /// Per expert, the panel index of the claim holding its bottom line.
    pub line_claims: &'a [Option<usize>],
    pub relation: &'a [Vec<i32>],
    pub agreement: &'a [Vec<f64>],
    pub camps: &'a [Vec<usize>],
    pub lines: &'a [BottomLine],
    /// Bottom-line claims stated with a condition (caveat_claims).
    pub caveats: &'a Caveats,
    pub camp_of: &'a [usize],
    pub ids: &'a [String],
    pub votes: &'a [f64],
    pub total_vote: f64,
}

struct Ranked {
    rec: Recommendation,
    first: usize,
    size: usize,
}

/// A group that holds an expert's bottom line speaks for that expert's conclusion:
/// experts whose bottom line disagrees with it are not its supporters.
fn coherent_members(group: &ClaimGroup, input: &RecommendationInput) -> Vec<usize> {
    let owners: Vec<usize> = group
        .members
        .iter()
        .map(|&c| input.claims[c].expert)
        .zip(&group.members)
        .filter(|&(e, &c)| input.line_claims[e] == Some(c))
        .map(|(e, _)| e)
        .collect();
    if owners.is_empty() {
        return group.members.clone();
    }
    group
        .members
        .iter()
        .copied()
        .filter(|&c| {
            let e = input.claims[c].expert;
            owners
                .iter()
                .all(|&o| input.relation[o][e] != DISAGREE && input.camp_of[o] == input.camp_of[e])
        })
        .collect()
}

/// The member most like the others (ties: the earliest).
fn medoid(members: &[usize], claims: &[Claim], meaning: &Meaning) -> usize {
    let stored = meaning.is_stored();
    let mut row = Vec::new();
    let mut best = members[0];
    let mut best_score = f64::NEG_INFINITY;
    for &a in members {
        if !stored {
            meaning.similarity_row(claims, a, &mut row);
        }
        let mut score = 0.0;
        for &b in members {
            if a != b {
                score += match meaning.position(b).filter(|_| !stored) {
                    Some(k) => row[k],
                    None => meaning.similarity(claims, a, b),
                };
            }
        }
        if score > best_score {
            best_score = score;
            best = a;
        }
    }
    best
}

/// Each position held by two or more experts is a common recommendation in itself: its
/// bottom line, worded as its most central member wrote it, backed by every member's.
fn position_recommendations(input: &RecommendationInput) -> Vec<Ranked> {
    let mut out = Vec::new();
    for camp in input.camps {
        let members: Vec<(usize, usize)> = camp
            .iter()
            .filter_map(|&e| {
                input.line_claims[e]
                    .filter(|_| !input.lines[e].statement.is_empty())
                    .map(|c| (e, c))
            })
            .collect();
        if members.len() < 2 {
            continue;
        }
        // A bottom line stated with a condition backs the position and is shown as that expert's caveat, not cited here.
        // Headings are never recommendations: a position stated only in headings is cited by no one.
        let cited: Vec<(usize, usize)> = members
            .iter()
            .copied()
            .filter(|&(_, c)| !input.caveats.contains(c) && input.claims[c].role == Role::Claim)
            .collect();
        if cited.len() < 2 {
            continue;
        }
        let mut central = cited[0];
        let mut best = f64::NEG_INFINITY;
        for &(a, ca) in &cited {
            let mut score = 0.0;
            for &(b, _) in &members {
                if a != b {
                    score += input.agreement[a][b];
                }
            }
            if score > best {
                best = score;
                central = (a, ca);
            }
        }
        let mut vote = 0.0;
        for &(e, _) in &members {
            vote += input.votes[e];
        }
        out.push(Ranked {
            rec: Recommendation {
                recommendation: CommonRecommendation {
                    text: plain_text(input.claims[central.1].sentence),
                    supporters: members.iter().map(|&(e, _)| input.ids[e].clone()).collect(),
                    support: vote / input.total_vote,
                    evidence: cited
                        .iter()
                        .map(|&(e, c)| Evidence {
                            expert_id: input.ids[e].clone(),
                            text: input.claims[c].text.to_string(),
                        })
                        .collect(),
                },
                claims: cited.iter().map(|&(_, c)| c).collect(),
            },
            first: members[0].1,
            size: members.len(),
        });
    }
    out
}

/// A recommendation of `members` (claim indices) shown as `representative`, citing each supporter's claims.
fn recommendation_of(
    members: &[usize],
    representative: usize,
    input: &RecommendationInput,
) -> Ranked {
    let limits = &params().limits;
    let mut experts: Vec<usize> = members.iter().map(|&c| input.claims[c].expert).collect();
    experts.sort_unstable();
    experts.dedup();
    let mut evidence = Vec::new();
    let mut cited = Vec::new();
    for &e in &experts {
        let mut k = 0;
        for &c in members {
            if input.claims[c].expert != e || k >= limits.max_evidence_per_supporter {
                continue;
            }
            evidence.push(Evidence {
                expert_id: input.ids[e].clone(),
                text: input.claims[c].text.to_string(),
            });
            cited.push(c);
            k += 1;
        }
    }
    let mut vote = 0.0;
    for &e in &experts {
        vote += input.votes[e];
    }
    Ranked {
        rec: Recommendation {
            recommendation: CommonRecommendation {
                text: plain_text(input.claims[representative].text),
                supporters: experts.iter().map(|&e| input.ids[e].clone()).collect(),
                support: vote / input.total_vote,
                evidence,
            },
            claims: cited,
        },
        first: members[0],
        size: experts.len(),
    }
}

/// The matches of `/`([^`\n]+)`/gu`: the inner text of each code span.
fn code_spans(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        match b[i + 1..].iter().position(|&c| c == b'`' || c == b'\n') {
            Some(k) if k > 0 && b[i + 1 + k] == b'`' => {
                out.push(&text[i + 1..i + 1 + k]);
                i += k + 2;
            }
            _ => i += 1,
        }
    }
    out
}

/// The matches of `/[\p{L}\p{N}][\p{L}\p{N}'’.+#-]*/gu`.
fn thing_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let continues =
            js::is_letter_or_number(c) || matches!(c, '\'' | '’' | '.' | '+' | '#' | '-');
        match start {
            Some(_) if continues => {}
            Some(s) => {
                out.push(&text[s..i]);
                start = js::is_letter_or_number(c).then_some(i);
            }
            None if js::is_letter_or_number(c) => start = Some(i),
            None => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The specific things claims name: entities (capitalised mid-sentence somewhere in the panel) and code spans.
fn panel_things(claims: &[Claim]) -> Vec<String> {
    let per_claim: Vec<Vec<String>> = claims
        .par_iter()
        .map(|claim| {
            if !is_substantive(claim) {
                return Vec::new();
            }
            let mut found = entities_of(claim.text);
            for code in code_spans(claim.text) {
                let code = js::fold_text(js::trim(code));
                if code.chars().any(js::is_letter_or_number) {
                    found.push(code);
                }
            }
            found
        })
        .collect();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut things = Vec::new();
    for t in per_claim.iter().flatten() {
        if seen.insert(t) {
            things.push(t.clone());
        }
    }
    things
}

/// Specific things (a name, a code identifier, a quantity with its unit) that two or more
/// experts, but not all, bring up in their claims are points they share even when the
/// sentences around them differ ("Floyd's bottom-up algorithm", "the Caspian Sea"). Things
/// every expert names are the topic; things that are a bottom line's key are its position.
/// A name counts wherever it appears, at the start of a sentence or in lower case too.
fn specific_recommendations(
    input: &RecommendationInput,
    taken: &FxHashSet<usize>,
    covered: &[Ranked],
) -> Vec<Ranked> {
    let n = input.lines.len();
    if n < 3 {
        return Vec::new();
    }
    // `folded[c].includes(needle)` with both padded word lists (" w1 w2 "): the thing's words
    // appear in a row among the claim's. Found through an index of the claims' words, then
    // noted in the fallback's order (claims in order, things in order within a claim).
    let eligible: Vec<bool> = (0..input.claims.len())
        .map(|c| {
            !taken.contains(&c)
                && is_substantive(&input.claims[c])
                && input.claims[c].context.is_none()
        })
        .collect();
    let folded: Vec<String> = input
        .claims
        .par_iter()
        .zip(&eligible)
        .map(|(c, &ok)| {
            if ok {
                js::fold_text(c.text)
            } else {
                String::new()
            }
        })
        .collect();
    let quantities: Vec<Vec<Quantity>> = input
        .claims
        .par_iter()
        .zip(&eligible)
        .map(|(c, &ok)| {
            if ok {
                find_quantities(c.text)
            } else {
                Vec::new()
            }
        })
        .collect();
    let words: Vec<Vec<&str>> = folded.iter().map(|t| thing_words(t)).collect();
    let mut index: rustc_hash::FxHashMap<&str, Vec<(usize, usize)>> =
        rustc_hash::FxHashMap::default();
    for (c, list) in words.iter().enumerate() {
        for (p, &w) in list.iter().enumerate() {
            index.entry(w).or_default().push((c, p));
        }
    }
    let things = panel_things(input.claims);
    let mut per_claim: Vec<Vec<usize>> = vec![Vec::new(); input.claims.len()];
    for (t, thing) in things.iter().enumerate() {
        let needle = thing_words(thing);
        let Some(occurrences) = needle.first().and_then(|w| index.get(w)) else {
            continue;
        };
        for &(c, p) in occurrences {
            let list = &words[c];
            let fits = list.len() >= p + needle.len() && list[p..p + needle.len()] == needle[..];
            if fits && per_claim[c].last() != Some(&t) {
                per_claim[c].push(t);
            }
        }
    }
    // A JS Map: keys in the order first noted.
    let mut keys: Vec<String> = Vec::new();
    let mut by_thing: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
    let mut note = |thing: String, c: usize| {
        let expert = input.claims[c].expert;
        let list = by_thing.entry(thing.clone()).or_insert_with(|| {
            keys.push(thing);
            Vec::new()
        });
        if !list.iter().any(|&x| input.claims[x].expert == expert) {
            list.push(c);
        }
    };
    for c in 0..input.claims.len() {
        if !eligible[c] {
            continue;
        }
        for &t in &per_claim[c] {
            note(format!("e:{}", things[t]), c);
        }
        for q in &quantities[c] {
            if !q.dimension.is_empty() {
                let value = js::number_to_string(js::round_to_precision(q.value, 4));
                note(format!("q:{}:{value}", q.dimension), c);
            }
        }
    }
    let position_keys: FxHashSet<String> = input
        .lines
        .iter()
        .flat_map(|l| l.entities.iter().map(|e| format!("e:{e}")))
        .collect();
    let mut out: Vec<Ranked> = Vec::new();
    for thing in keys {
        let members = &by_thing[&thing];
        if members.len() < 2 || members.len() >= n || position_keys.contains(&thing) {
            continue;
        }
        let mut experts: Vec<&str> = members
            .iter()
            .map(|&c| input.ids[input.claims[c].expert].as_str())
            .collect();
        experts.sort_by(|a, b| js::utf16_cmp(a, b));
        let joined = experts.join(",");
        // Already said by a listed recommendation with the same supporters.
        let same = |r: &Ranked| r.rec.recommendation.supporters.join(",") == joined;
        if covered.iter().any(same) || out.iter().any(same) {
            continue;
        }
        out.push(recommendation_of(
            members,
            medoid(members, input.claims, input.meaning),
            input,
        ));
    }
    out
}

pub fn common_recommendations(input: &RecommendationInput) -> Vec<Recommendation> {
    let limits = &params().limits;
    let mut out = position_recommendations(input);
    let mut taken: FxHashSet<usize> = input.caveats.order.iter().copied().collect();
    taken.extend(out.iter().flat_map(|o| o.rec.claims.iter().copied()));
    for group in input.groups {
        if group.experts.len() < 2 {
            continue;
        }
        // A bottom line already shown as its position's recommendation is not shown again.
        let members: Vec<usize> = coherent_members(group, input)
            .into_iter()
            .filter(|c| !taken.contains(c))
            .collect();
        let distinct: FxHashSet<usize> = members.iter().map(|&c| input.claims[c].expert).collect();
        if distinct.len() < 2 {
            continue;
        }
        out.push(recommendation_of(
            &members,
            medoid(&members, input.claims, input.meaning),
            input,
        ));
    }
    taken.extend(out.iter().flat_map(|o| o.rec.claims.iter().copied()));
    let specific = specific_recommendations(input, &taken, &out);
    out.extend(specific);
    // A stable sort, as Array.prototype.sort is.
    out.sort_by(|a, b| {
        share_key(b.rec.recommendation.support)
            .cmp(&share_key(a.rec.recommendation.support))
            .then(b.size.cmp(&a.size))
            .then(a.first.cmp(&b.first))
    });
    out.truncate(limits.max_recommendations);
    out.into_iter().map(|o| o.rec).collect()
}

pub struct InsightInput<'a> {
    pub claims: &'a [Claim<'a>],
    pub groups: &'a [ClaimGroup],
    pub nearest: &'a [f64],
    pub meaning: &'a Meaning,
    /// Claims cited by a recommendation.
    pub used: &'a FxHashSet<usize>,
    pub caveats: &'a Caveats,
    pub ids: &'a [String],
}

/// Whether a claim puts a condition on something ("only if", "as long as", "unless").
pub fn states_condition(text: &str) -> bool {
    let cleaned: String = js::lower(text)
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    let lower = format!(" {cleaned} ");
    params()
        .condition_cues
        .iter()
        .any(|cue| lower.contains(&format!(" {cue} ")) || lower.contains(&format!(" {cue},")))
}

/// A set of claim indices that remembers the order they were added (a JS Set).
#[derive(Default)]
pub struct Caveats {
    pub order: Vec<usize>,
    members: FxHashSet<usize>,
}

impl Caveats {
    fn add(&mut self, c: usize) {
        if self.members.insert(c) {
            self.order.push(c);
        }
    }

    pub fn contains(&self, c: usize) -> bool {
        self.members.contains(&c)
    }
}

/// Bottom lines stated with a condition ("Yes, but only if the recipe does not rely on
/// creaming") by an expert whose position others share without it: that expert's caveat.
pub fn caveat_claims(
    claims: &[Claim],
    line_claims: &[Option<usize>],
    camps: &[Vec<usize>],
) -> Caveats {
    let mut out = Caveats::default();
    for camp in camps {
        if camp.len() < 2 {
            continue;
        }
        for &e in camp {
            if let Some(c) = line_claims[e] {
                if states_condition(claims[c].sentence) {
                    out.add(c);
                }
            }
        }
    }
    out
}

#[derive(Clone)]
struct InsightItem {
    claim: usize,
    caveat: bool,
}

pub fn unique_insights(input: &InsightInput) -> Vec<UniqueInsight> {
    let p = params();
    let novelty = if input.meaning.semantic {
        p.thresholds.insight_novelty
    } else {
        p.thresholds.claim_match_lexical * p.thresholds.insight_novelty
    };
    // Experts in the order they first appear (a JS Map keeps insertion order).
    let mut order: Vec<usize> = Vec::new();
    let mut per_expert: Vec<Vec<InsightItem>> = vec![Vec::new(); input.ids.len()];
    let mut add = |e: usize, item: InsightItem, order: &mut Vec<usize>| {
        if per_expert[e].is_empty() {
            order.push(e);
        }
        per_expert[e].push(item);
    };
    for &c in &input.caveats.order {
        add(
            input.claims[c].expert,
            InsightItem {
                claim: c,
                caveat: true,
            },
            &mut order,
        );
    }
    // Points framed as an alternative are matched with nobody: each is its expert's insight, with its frame.
    for (c, claim) in input.claims.iter().enumerate() {
        if claim.context.is_none()
            || !is_substantive(claim)
            || input.used.contains(&c)
            || input.caveats.contains(c)
        {
            continue;
        }
        add(
            claim.expert,
            InsightItem {
                claim: c,
                caveat: false,
            },
            &mut order,
        );
    }
    for group in input.groups {
        if group.experts.len() != 1 {
            continue;
        }
        for &c in &group.members {
            // A table row read alone ("Point reads | excellent | excellent") is no insight.
            if input.claims[c].kind == UnitKind::Table
                || input.used.contains(&c)
                || input.caveats.contains(c)
                || input.nearest[c] >= novelty
            {
                continue;
            }
            add(
                input.claims[c].expert,
                InsightItem {
                    claim: c,
                    caveat: false,
                },
                &mut order,
            );
        }
    }
    let mut out: Vec<(UniqueInsight, bool, usize)> = Vec::new();
    for e in order {
        let list = &mut per_expert[e];
        js::sort_by(list, |a, b| {
            b.caveat
                .cmp(&a.caveat)
                .then_with(|| js::ordering(input.nearest[a.claim] - input.nearest[b.claim]))
                .then(a.claim.cmp(&b.claim))
        });
        for item in list.iter().take(p.limits.max_insights_per_expert) {
            let claim = &input.claims[item.claim];
            out.push((
                UniqueInsight {
                    expert_id: input.ids[claim.expert].clone(),
                    text: plain_text(if item.caveat {
                        claim.sentence
                    } else {
                        claim.text
                    }),
                    context: claim.context.map(plain_text),
                    kind: if item.caveat { "caveat" } else { "insight" }.to_string(),
                },
                item.caveat,
                item.claim,
            ));
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    out.into_iter().map(|o| o.0).collect()
}
