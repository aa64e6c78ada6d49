//! The verified map (server/core/fallback/grounding/index.ts; docs/consensus.md, "Grounding
//! the analyst's map"): every quote is looked up in the answer its letter names; what is
//! not found is dropped and counted; then camps, majority, claim support and findings are
//! computed from what is left, with the experts' weights and the analyst's confidences.

use super::matcher::{find_quote, AnswerIndex};
use super::types::*;
use super::words::{read_answer_words, read_words, Interner};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::js;
use crate::limits::{MAX_PANEL_BYTES, MAX_TEXT_BYTES};
use crate::params::{params, Grounding};
use crate::shares::share_key;
use crate::types::{BottomLineSummary, CommonRecommendation, Evidence, UniqueInsight};
use rustc_hash::{FxHashMap, FxHashSet};

struct Answer<'a> {
    label: &'a str,
    expert_id: &'a str,
    text: &'a str,
    weight: f64,
    index: AnswerIndex,
}

/// Grounded quotes of one side of a claim, one per answer, in the order they were found.
#[derive(Default)]
struct Side {
    order: Vec<usize>,
    quotes: FxHashMap<usize, GroundedQuote>,
}

impl Side {
    fn has(&self, at: usize) -> bool {
        self.quotes.contains_key(&at)
    }
    fn insert(&mut self, at: usize, quote: GroundedQuote) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.quotes.entry(at) {
            e.insert(quote);
            self.order.push(at);
        }
    }
    fn remove(&mut self, at: usize) -> Option<GroundedQuote> {
        let q = self.quotes.remove(&at)?;
        self.order.retain(|&x| x != at);
        Some(q)
    }
    fn len(&self) -> usize {
        self.quotes.len()
    }
    /// Answers ascending.
    fn sorted(&self) -> Vec<usize> {
        let mut v = self.order.clone();
        v.sort_unstable();
        v
    }
}

struct Claim {
    text: String,
    support: Side,
    oppose: Side,
}

fn err(code: ErrorCode, message: String) -> CoreError {
    CoreError::new(code, message)
}

/// Texts the analyst wrote (claims, bottom lines) are cut at a bound (UTF-16 units), on a
/// code point boundary.
fn clip(text: &str, max_units: usize) -> &str {
    if js::utf16_len(text) <= max_units {
        return text;
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max_units {
            return &text[..i];
        }
    }
    text
}

struct Grounder<'a> {
    g: &'static Grounding,
    answers: Vec<Answer<'a>>,
    by_label: FxHashMap<&'a str, usize>,
    interner: Interner,
    dropped: Vec<DroppedAttribution>,
    attributions: u32,
    grounded: u32,
}

impl<'a> Grounder<'a> {
    fn drop_attribution(
        &mut self,
        claim: &str,
        label: &str,
        stance: &str,
        quote: &str,
        reason: &str,
    ) {
        let expert_id = self
            .by_label
            .get(label)
            .map(|&at| self.answers[at].expert_id.to_string());
        self.dropped.push(DroppedAttribution {
            claim: claim.to_string(),
            label: label.to_string(),
            expert_id,
            stance: stance.to_string(),
            quote: quote.to_string(),
            reason: reason.to_string(),
        });
    }

    /// Grounds one attribution: the quote (its words read beforehand, `words`) found in its
    /// answer, or None (and the drop recorded).
    fn ground(
        &mut self,
        claim: &str,
        label: &str,
        quote: &str,
        words: &[u32],
        stance: &str,
    ) -> CoreResult<Option<(usize, GroundedQuote)>> {
        self.attributions += 1;
        if js::utf16_len(quote) > self.g.max_quote_chars {
            return Err(err(
                ErrorCode::TooLarge,
                format!("a quote exceeds {} characters", self.g.max_quote_chars),
            ));
        }
        let Some(&at) = self.by_label.get(label) else {
            self.drop_attribution(claim, label, stance, quote, "unknown_label");
            return Ok(None);
        };
        if words.is_empty() {
            self.drop_attribution(claim, label, stance, quote, "empty_quote");
            return Ok(None);
        }
        let answer = &self.answers[at];
        let Some(found) = find_quote(&answer.index, words, self.g.tolerance) else {
            self.drop_attribution(claim, label, stance, quote, "quote_not_found");
            return Ok(None);
        };
        let w = &answer.index.words;
        let (first, last) = (w.spans[found.first], w.spans[found.last - 1]);
        let (start, end) = (first.start, last.end);
        let (bs, be) = (first.byte_start as usize, last.byte_end as usize);
        self.grounded += 1;
        Ok(Some((
            at,
            GroundedQuote {
                expert_id: answer.expert_id.to_string(),
                quote: quote.to_string(),
                matched: answer.text[bs..be].to_string(),
                start,
                end,
                edits: found.edits as u32,
            },
        )))
    }
}

fn validate_answers<'a>(
    answers: &'a [LabelledAnswer],
    g: &Grounding,
) -> CoreResult<Vec<Answer<'a>>> {
    if answers.is_empty() {
        return Err(err(
            ErrorCode::EmptyPanel,
            "there are no answers to ground against".into(),
        ));
    }
    if answers.len() > g.max_answers {
        return Err(err(
            ErrorCode::TooLarge,
            format!("at most {} answers are grounded", g.max_answers),
        ));
    }
    let mut labels = FxHashSet::default();
    let mut experts = FxHashSet::default();
    let mut total = 0;
    let mut out = Vec::with_capacity(answers.len());
    for (i, a) in answers.iter().enumerate() {
        let (label, expert_id) = (a.label.as_str(), a.expert_id.as_str());
        if label.is_empty() {
            return Err(err(
                ErrorCode::InvalidArgument,
                format!("answer {i} needs a non-empty label"),
            ));
        }
        if expert_id.is_empty() {
            return Err(err(
                ErrorCode::InvalidArgument,
                format!("answer {i} needs a non-empty expertId"),
            ));
        }
        if !labels.insert(label) {
            return Err(err(
                ErrorCode::DuplicateExpert,
                format!("label \"{label}\" appears more than once"),
            ));
        }
        if !experts.insert(expert_id) {
            return Err(err(
                ErrorCode::DuplicateExpert,
                format!("expert \"{expert_id}\" appears more than once"),
            ));
        }
        let weight = a.weight.unwrap_or(1.0);
        if !weight.is_finite() || weight <= 0.0 {
            return Err(err(
                ErrorCode::InvalidWeight,
                format!("expert \"{expert_id}\": weight must be a finite number greater than 0"),
            ));
        }
        let bytes = a.text.len();
        if bytes > MAX_TEXT_BYTES {
            return Err(err(
                ErrorCode::TooLarge,
                format!("expert \"{expert_id}\": the text exceeds {MAX_TEXT_BYTES} bytes"),
            ));
        }
        total += bytes;
        if total > MAX_PANEL_BYTES {
            return Err(err(
                ErrorCode::TooLarge,
                format!("the answers exceed {MAX_PANEL_BYTES} bytes in total"),
            ));
        }
        out.push(Answer {
            label,
            expert_id,
            text: &a.text,
            weight,
            index: AnswerIndex::empty(),
        });
    }
    Ok(out)
}

/// Checks the analyst's quotes against the answers and computes the verified map.
pub fn ground_analysis(
    answers_in: &[LabelledAnswer],
    output: &AnalystOutput,
    options: &GroundingOptions,
) -> CoreResult<VerifiedMap> {
    let p = params();
    let g = &p.grounding;
    let mut answers = validate_answers(answers_in, g)?;
    let n = answers.len();
    let threshold = options
        .confidence_threshold
        .unwrap_or(p.thresholds.confidence_threshold);
    if !threshold.is_finite() || !(0.0..=1.0).contains(&threshold) {
        return Err(err(
            ErrorCode::InvalidArgument,
            "confidenceThreshold must be a number between 0 and 1".into(),
        ));
    }
    let asked = options.experts_asked.unwrap_or(n as f64);
    if !asked.is_finite() || asked.fract() != 0.0 || asked < 0.0 || asked > g.max_answers as f64 {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "expertsAsked must be a whole number between 0 and {}",
                g.max_answers
            ),
        ));
    }
    let experts_asked = (asked as usize).max(n);
    if output.claims.len() > g.max_claims {
        return Err(err(
            ErrorCode::TooLarge,
            format!("at most {} claims are grounded", g.max_claims),
        ));
    }
    if output.answers.len() > g.max_claims {
        return Err(err(
            ErrorCode::TooLarge,
            format!("at most {} answer summaries are read", g.max_claims),
        ));
    }

    // The quotes' words first; an answer's other words only need to differ from them
    // (words.rs, UNSEEN). Quotes too long to ground are refused later, in order. Each
    // quote's words are kept for its grounding, in this order: the summaries' quotes, then
    // each claim's support and opposition (`quote_words`, `summary_quote`, `claim_quotes`).
    let mut interner = Interner::default();
    let fits = |quote: &str| js::utf16_len(quote) <= g.max_quote_chars;
    let quotes = output
        .answers
        .iter()
        .filter_map(|a| a.quote.as_deref())
        .chain(
            output
                .claims
                .iter()
                .flat_map(|c| c.support.iter().chain(&c.oppose))
                .map(|q| q.quote.as_str()),
        );
    let quote_words: Vec<Vec<u32>> = quotes
        .map(|q| {
            if fits(q) {
                read_words(q, &mut interner).ids
            } else {
                Vec::new()
            }
        })
        .collect();
    // Where each summary's quote and each claim's first attribution are in `quote_words`.
    let mut next = 0;
    let summary_quote: Vec<usize> = output
        .answers
        .iter()
        .map(|a| {
            let at = next;
            next += usize::from(a.quote.is_some());
            at
        })
        .collect();
    let claim_quotes: Vec<usize> = output
        .claims
        .iter()
        .map(|c| {
            let at = next;
            next += c.support.len() + c.oppose.len();
            at
        })
        .collect();
    let vocabulary = interner.len();
    for a in &mut answers {
        a.index = AnswerIndex::new(read_answer_words(a.text, &mut interner), vocabulary);
    }

    let by_label: FxHashMap<&str, usize> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| (a.label, i))
        .collect();
    let mut gr = Grounder {
        g,
        answers,
        by_label,
        interner,
        dropped: Vec::new(),
        attributions: 0,
        grounded: 0,
    };

    // Bottom lines and confidences: the first summary per answer counts.
    let mut bottom_line: Vec<String> = vec![String::new(); n];
    let mut confidence: Vec<f64> = vec![1.0; n];
    let mut summarised = vec![false; n];
    for (j, summary) in output.answers.iter().enumerate() {
        let text = clip(js::trim(&summary.bottom_line), g.max_text_chars).to_string();
        let Some(&at) = gr.by_label.get(summary.expert.as_str()) else {
            gr.attributions += 1;
            let quote = summary.quote.as_deref().unwrap_or("");
            gr.drop_attribution(
                &text,
                &summary.expert,
                "bottom_line",
                quote,
                "unknown_label",
            );
            continue;
        };
        if summarised[at] {
            continue;
        }
        summarised[at] = true;
        if let Some(c) = summary.confidence {
            if !c.is_finite() {
                return Err(err(
                    ErrorCode::InvalidConfidence,
                    format!(
                        "answer {}: confidence must be a number between 0 and 1",
                        summary.expert
                    ),
                ));
            }
            confidence[at] = js::min(1.0, js::max(0.0, c));
        }
        if let Some(quote) = &summary.quote {
            let words = &quote_words[summary_quote[j]];
            gr.ground(&text, &summary.expert, quote, words, "bottom_line")?;
        }
        bottom_line[at] = text;
    }

    // Claims: grounded, merged by wording, kept when someone grounded asserts them.
    let mut claims: Vec<Claim> = Vec::new();
    let mut by_key: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let mut claims_given = 0u32;
    let mut claims_merged = 0u32;
    for (r, raw) in output.claims.iter().enumerate() {
        let text = clip(js::trim(&raw.text), g.max_text_chars);
        let key = read_words(text, &mut gr.interner).ids;
        if key.is_empty() {
            continue;
        }
        claims_given += 1;
        if raw.support.len() + raw.oppose.len() > g.max_attributions_per_claim {
            return Err(err(
                ErrorCode::TooLarge,
                format!(
                    "a claim has more than {} attributions",
                    g.max_attributions_per_claim
                ),
            ));
        }
        let c = match by_key.get(&key) {
            Some(&c) => {
                claims_merged += 1;
                c
            }
            None => {
                claims.push(Claim {
                    text: text.to_string(),
                    support: Side::default(),
                    oppose: Side::default(),
                });
                by_key.insert(key, claims.len() - 1);
                claims.len() - 1
            }
        };
        // (A merged claim's drops name the claim as first worded.)
        let words = &quote_words[claim_quotes[r]..];
        let (support_words, oppose_words) = words.split_at(raw.support.len());
        for (q, words) in raw.support.iter().zip(support_words) {
            if let Some((at, quote)) =
                gr.ground(&claims[c].text, &q.expert, &q.quote, words, "support")?
            {
                claims[c].support.insert(at, quote);
            }
        }
        for (q, words) in raw.oppose.iter().zip(oppose_words) {
            if let Some((at, quote)) =
                gr.ground(&claims[c].text, &q.expert, &q.quote, words, "oppose")?
            {
                claims[c].oppose.insert(at, quote);
            }
        }
    }
    // An answer said to assert and to contradict one claim says neither.
    for claim in &mut claims {
        for at in claim.support.order.clone() {
            if !claim.oppose.has(at) {
                continue;
            }
            let quote = claim.support.remove(at).expect("present");
            let other = claim.oppose.remove(at).expect("present");
            gr.grounded -= 2;
            let label = gr.answers[at].label.to_string();
            for (stance, q) in [("support", quote), ("oppose", other)] {
                gr.dropped.push(DroppedAttribution {
                    claim: claim.text.clone(),
                    label: label.clone(),
                    expert_id: Some(q.expert_id),
                    stance: stance.to_string(),
                    quote: q.quote,
                    reason: "both_sides".to_string(),
                });
            }
        }
    }
    let claims_total = claims.len();
    let kept: Vec<Claim> = claims.into_iter().filter(|c| c.support.len() > 0).collect();
    let answers = &gr.answers;

    // Votes: weight x confidence; the missing experts vote the mean (as the offline engine).
    let mut votes: Vec<f64> = answers
        .iter()
        .zip(&confidence)
        .map(|(a, &c)| a.weight * c)
        .collect();
    let mut total_vote = votes.iter().fold(0.0, |s, &v| s + v);
    if total_vote == 0.0 {
        votes = vec![1.0; n];
        total_vote = n as f64;
    }
    let all_votes = total_vote + (experts_asked - n) as f64 * (total_vote / n as f64);
    let share = |members: &[usize]| members.iter().fold(0.0, |s, &m| s + votes[m]) / all_votes;

    // Camps: the same bottom line, and no claim one asserts and the other contradicts. The
    // answers in most conflicts are placed first; each joins the compatible camp with the
    // largest vote so far (the earliest on a tie), else starts its own.
    let line_key: Vec<Vec<u32>> = bottom_line
        .iter()
        .map(|line| read_words(line, &mut gr.interner).ids)
        .collect();
    // opposed(a, b): some kept claim one of them asserts and the other contradicts.
    let mut opposition_matrix = vec![false; n * n];
    let mut supported = vec![0u32; n];
    let mut opposed_count = vec![0u32; n];
    for c in &kept {
        for &s in &c.support.order {
            supported[s] += 1;
            for &o in &c.oppose.order {
                opposition_matrix[s * n + o] = true;
                opposition_matrix[o * n + s] = true;
            }
        }
        for &o in &c.oppose.order {
            opposed_count[o] += 1;
        }
    }
    let opposed = |a: usize, b: usize| opposition_matrix[a * n + b];
    let conflicts: Vec<usize> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i && line_key[i] == line_key[j] && opposed(i, j))
                .count()
        })
        .collect();
    let mut placing: Vec<usize> = (0..n).collect();
    placing.sort_by(|&a, &b| conflicts[b].cmp(&conflicts[a]).then(a.cmp(&b)));
    let mut camp_members: Vec<Vec<usize>> = Vec::new();
    for i in placing {
        let mut home: Option<usize> = None;
        let mut home_vote = -1.0;
        if !line_key[i].is_empty() {
            for (ci, camp) in camp_members.iter().enumerate() {
                if line_key[camp[0]] != line_key[i] || camp.iter().any(|&m| opposed(m, i)) {
                    continue;
                }
                let vote = share(camp);
                if share_key(vote) > share_key(home_vote) {
                    home = Some(ci);
                    home_vote = vote;
                }
            }
        }
        match home {
            Some(ci) => camp_members[ci].push(i),
            None => camp_members.push(vec![i]),
        }
    }
    let mut camps: Vec<(Vec<usize>, f64)> = camp_members
        .into_iter()
        .map(|mut members| {
            members.sort_unstable();
            let s = share(&members);
            (members, s)
        })
        .collect();
    camps.sort_by(|a, b| {
        share_key(b.1)
            .cmp(&share_key(a.1))
            .then(a.0[0].cmp(&b.0[0]))
    });
    let (leading, consensus_confidence) = (camps[0].0.clone(), camps[0].1);
    let mut in_majority = vec![false; n];
    for &m in &leading {
        in_majority[m] = true;
    }

    let id = |m: usize| answers[m].expert_id.to_string();
    let verified: Vec<VerifiedClaim> = kept
        .iter()
        .map(|c| {
            let supporters = c.support.sorted();
            let opponents = c.oppose.sorted();
            let kind = if !opponents.is_empty() {
                "contradiction"
            } else if supporters.len() >= 2 {
                "shared"
            } else {
                "unique"
            };
            VerifiedClaim {
                text: c.text.clone(),
                kind: kind.to_string(),
                supporters: supporters.iter().map(|&m| id(m)).collect(),
                opponents: opponents.iter().map(|&m| id(m)).collect(),
                support: share(&supporters),
                opposition: share(&opponents),
                support_quotes: supporters
                    .iter()
                    .map(|m| c.support.quotes[m].clone())
                    .collect(),
                oppose_quotes: opponents
                    .iter()
                    .map(|m| c.oppose.quotes[m].clone())
                    .collect(),
            }
        })
        .collect();
    let rank = |kind: &str| match kind {
        "contradiction" => 0,
        "shared" => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..verified.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&verified[a], &verified[b]);
        rank(&x.kind)
            .cmp(&rank(&y.kind))
            .then(share_key(y.support).cmp(&share_key(x.support)))
            .then(a.cmp(&b))
    });
    // Moved into their order, not cloned (each holds its quotes' strings).
    let mut verified: Vec<Option<VerifiedClaim>> = verified.into_iter().map(Some).collect();
    let sorted: Vec<VerifiedClaim> = order
        .into_iter()
        .filter_map(|i| verified[i].take())
        .collect();

    let standings: Vec<AnswerStanding> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| AnswerStanding {
            expert_id: a.expert_id.to_string(),
            label: a.label.to_string(),
            bottom_line: bottom_line[i].clone(),
            words: a.index.words.ids.len() as u32,
            claims_supported: supported[i],
            claims_opposed: opposed_count[i],
            in_majority: in_majority[i],
        })
        .collect();

    let common_recommendations = sorted
        .iter()
        .filter(|c| c.supporters.len() >= 2)
        .map(|c| CommonRecommendation {
            text: c.text.clone(),
            supporters: c.supporters.clone(),
            support: c.support,
            evidence: c
                .support_quotes
                .iter()
                .map(|q| Evidence {
                    expert_id: q.expert_id.clone(),
                    text: q.matched.clone(),
                })
                .collect(),
        })
        .collect();
    let unique_insights = sorted
        .iter()
        .filter(|c| c.kind == "unique")
        .map(|c| UniqueInsight {
            expert_id: c.supporters[0].clone(),
            text: c.text.clone(),
            context: None,
            kind: "insight".to_string(),
        })
        .collect();

    let (attributions, grounded) = (gr.attributions, gr.grounded);
    let mut dropped = gr.dropped;
    dropped.truncate(g.max_dropped_listed);
    Ok(VerifiedMap {
        consensus_confidence,
        reached: n >= 2 && consensus_confidence >= threshold,
        expert_count: n as u32,
        experts_asked: experts_asked as u32,
        bottom_lines: answers
            .iter()
            .zip(&bottom_line)
            .filter(|(_, line)| !line.is_empty())
            .map(|(a, line)| BottomLineSummary {
                expert_id: a.expert_id.to_string(),
                text: line.clone(),
            })
            .collect(),
        camps: camps
            .iter()
            .map(|(members, s)| Camp {
                members: members.iter().map(|&m| id(m)).collect(),
                bottom_line: bottom_line[members[0]].clone(),
                weight_share: *s,
            })
            .collect(),
        majority: leading.iter().map(|&m| id(m)).collect(),
        dissenters: (0..n).filter(|&i| !in_majority[i]).map(id).collect(),
        claims: sorted,
        common_recommendations,
        unique_insights,
        standings,
        grounding: GroundingStats {
            attributions,
            grounded,
            dropped: attributions - grounded,
            rate: if attributions == 0 {
                0.0
            } else {
                grounded as f64 / attributions as f64
            },
            claims_given,
            claims_merged,
            claims_unsupported: (claims_total - kept.len()) as u32,
            claims_kept: kept.len() as u32,
        },
        dropped,
    })
}
