//! Step 1 of docs/consensus.md, "Claims": every answer cut into units (sentences, list
//! items, table rows, headings) with the role each plays. Only units with the role
//! `Claim` can be recommendations or insights; headings and the first units feed the
//! bottom line; filler, questions and unfinished fragments count for nothing.
//! A unit under a heading or a list intro that frames an alternative ("When X is
//! reasonable:", "If price matters:") keeps that frame as its `context`.
//! Twin of server/core/fallback/claims.ts.

use crate::documents::Corpus;
use crate::js;
use crate::markdown::UnitKind;
use crate::params::params;
use crate::pipeline::Unit;
use crate::vectors::{count_terms, weigh_owned, SparseVector};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Claim,
    Heading,
    Question,
    Filler,
    Fragment,
    Code,
}

#[derive(Clone, Debug)]
pub struct Claim<'a> {
    pub expert: usize,
    /// Position among its expert's units.
    pub order: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// The whole unit this claim was cut from (the same as text unless the unit was cut into clauses).
    pub sentence: &'a str,
    pub kind: UnitKind,
    /// Heading level (1 for "#"), 0 for other units.
    pub level: usize,
    pub role: Role,
    /// The heading or list intro it sits under, when that frames an alternative.
    pub context: Option<&'a str>,
    /// Content terms (lexical features, negation kept).
    pub vector: SparseVector,
    pub term_count: usize,
}

#[inline]
fn is_trailing(c: char) -> bool {
    js::is_space(c) || matches!(c, '*' | '_' | '`' | ')' | '"' | '\'' | '”' | '’' | ']')
}

/// `text.replace(/[\s*_`)"'”’\]]+$/u, '')`.
fn without_trailing(text: &str) -> &str {
    text.trim_end_matches(is_trailing)
}

fn ends_sentence(text: &str) -> bool {
    matches!(
        without_trailing(text).chars().last(),
        Some('.' | '!' | '?' | '…' | ':' | '。')
    )
}

/// `/^[\s*_#>"'“]*([\p{L}']+)/u`, lower-cased, or "".
fn first_word(text: &str) -> String {
    let lead = |c: char| js::is_space(c) || matches!(c, '*' | '_' | '#' | '>' | '"' | '\'' | '“');
    let word = |c: char| js::is_letter(c) || c == '\'';
    let prefix_end = text.len() - text.trim_start_matches(lead).len();
    // The capture starts at the last position of the prefix (or just after it) where a
    // word character is: what the regex's backtracking finds.
    let mut p = prefix_end;
    loop {
        if let Some(c) = text[p..].chars().next().filter(|&c| word(c)) {
            let _ = c;
            let run = &text[p..];
            let len = run.len() - run.trim_start_matches(word).len();
            return js::lower(&run[..len]);
        }
        if p == 0 {
            return String::new();
        }
        p -= 1;
        while !text.is_char_boundary(p) {
            p -= 1;
        }
    }
}

/// `text.toLowerCase().match(/[\p{L}']+/gu)`.
fn letter_words(text: &str) -> Vec<String> {
    let lower = js::lower(text);
    lower
        .split(|c: char| !(js::is_letter(c) || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a heading or list intro frames what follows as an alternative or an exception.
pub fn frames_alternative(text: &str) -> bool {
    if params().alternative_frames.contains(&first_word(text)) {
        return true;
    }
    letter_words(text)
        .iter()
        .any(|w| w == "alternative" || w == "alternatives" || w == "instead")
}

/// How many '#' open the line a heading starts on (setext headings count as level 1).
fn heading_level(text: &str, start: usize) -> usize {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = js::trim_start(&text[line_start..start]);
    let hashes = before.len() - before.trim_start_matches('#').len();
    if hashes == 0 {
        1
    } else {
        hashes
    }
}

struct Piece {
    start: usize,
    end: usize,
    features: Vec<u32>,
}

/// `/;\s+|\s[—–]\s/gu`: the clause breaks of a unit, as (index, length), left to right.
fn clause_breaks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c == ';' {
            let after = &rest[1..];
            let spaces = after.len() - js::trim_start(after).len();
            if spaces > 0 {
                out.push((i, 1 + spaces));
                i += 1 + spaces;
                continue;
            }
        } else if js::is_space(c) {
            let mut it = rest[c.len_utf8()..].chars();
            if let (Some(d @ ('—' | '–')), Some(s)) = (it.next(), it.next()) {
                if js::is_space(s) {
                    let len = c.len_utf8() + d.len_utf8() + s.len_utf8();
                    out.push((i, len));
                    i += len;
                    continue;
                }
            }
        }
        i += c.len_utf8();
    }
    out
}

/// A sentence that makes several points ("keep flag checks behind an interface; and put an
/// owner on every flag") is cut at semicolons and dashes into clauses, when every clause
/// can stand as a claim; None when it stays whole.
fn clauses(text: &str, unit: &UnitView, corpus: &mut Corpus) -> Option<Vec<Piece>> {
    let unit_text = &text[unit.start..unit.end];
    let breaks = clause_breaks(unit_text);
    if breaks.is_empty() {
        return None;
    }
    let min_words = params().limits.min_claim_words;
    let mut pieces = Vec::with_capacity(breaks.len() + 1);
    let mut from = 0;
    let mut cut = |from: usize, to: usize, pieces: &mut Vec<Piece>| -> bool {
        let raw = &unit_text[from..to];
        let lead = raw.len() - js::trim_start(raw).len();
        let body = js::trim(raw);
        let doc = corpus.lex.analyze(body);
        let features = doc.features;
        if count_terms(&features).ids.len() < min_words {
            return false;
        }
        let start = unit.start + from + lead;
        pieces.push(Piece {
            start,
            end: start + body.len(),
            features,
        });
        true
    };
    for (index, length) in breaks {
        if !cut(from, index, &mut pieces) {
            return None;
        }
        from = index + length;
    }
    if pieces.is_empty() || !cut(from, unit_text.len(), &mut pieces) {
        return None;
    }
    Some(pieces)
}

/// `/^\s*(\*\*|__)[^*_]+(\*\*|__)\s*$/u`: a bold label, alone ("**Crisper skin.**").
fn is_bold_label(text: &str) -> bool {
    let t = js::trim(text);
    if !(t.starts_with("**") || t.starts_with("__")) {
        return false;
    }
    let b = t.as_bytes();
    match b[2..].iter().position(|&c| c == b'*' || c == b'_') {
        Some(k) => k > 0 && (&t[k + 2..] == "**" || &t[k + 2..] == "__"),
        None => false,
    }
}

/// A list item's opening bold label ("**Crisper skin.**"): a heading for the sentence that follows it.
fn is_label(text: &str, unit: &Unit) -> bool {
    unit.kind == UnitKind::Item && is_bold_label(&text[unit.start..unit.end])
}

/// A unit as the claims see it (a bold label's sentence carries the label).
struct UnitView {
    start: usize,
    end: usize,
    kind: UnitKind,
    filler: bool,
    features: Vec<u32>,
}

fn role_of(unit: &UnitView, text: &str, is_last: bool, streaming: bool) -> Role {
    if unit.kind == UnitKind::Code {
        return Role::Code;
    }
    // A bold label that opens a list item ("**Crisper skin.** A wet brine ...") names the point; it makes none.
    if unit.kind == UnitKind::Heading || (unit.kind == UnitKind::Item && is_bold_label(text)) {
        return Role::Heading;
    }
    if unit.filler {
        return Role::Filler;
    }
    if streaming && is_last && !ends_sentence(text) {
        return Role::Fragment;
    }
    if without_trailing(text).ends_with('?') {
        return Role::Question;
    }
    Role::Claim
}

/// The claims of one answer, in order, with roles and alternative frames.
pub fn answer_claims<'a>(
    expert: usize,
    text: &'a str,
    corpus: &mut Corpus,
    streaming: bool,
) -> Vec<Claim<'a>> {
    let mut out: Vec<Claim<'a>> = Vec::new();
    let mut heading_frame: Option<&'a str> = None;
    let mut intro_frame: Option<&'a str> = None;
    let mut in_list = false;
    let cap = params().limits.max_claims_per_expert;
    let units = std::mem::take(&mut corpus.docs[expert].units);
    let count = units.len();
    for (order, raw) in units.iter().enumerate() {
        if out.len() >= cap {
            break;
        }
        let all = &corpus.docs[expert].features;
        let mut unit = UnitView {
            start: raw.start,
            end: raw.end,
            kind: raw.kind,
            filler: raw.filler,
            features: all[raw.features.clone()].to_vec(),
        };
        // The sentence after a bold label in the same list item carries the label with it.
        if order > 0 {
            let previous = &units[order - 1];
            if is_label(text, previous)
                && raw.kind == UnitKind::Item
                && !text[previous.end..raw.start].contains('\n')
            {
                unit.start = previous.start;
                let mut features = all[previous.features.clone()].to_vec();
                features.extend_from_slice(&unit.features);
                unit.features = features;
            }
        }
        let unit = &unit;
        let unit_text = &text[unit.start..unit.end];
        let role = role_of(unit, unit_text, order == count - 1, streaming);
        if unit.kind == UnitKind::Heading {
            heading_frame = frames_alternative(unit_text).then_some(unit_text);
            intro_frame = None;
        }
        if unit.kind == UnitKind::Item {
            in_list = true;
        } else if unit.kind != UnitKind::Code {
            if in_list {
                intro_frame = None;
            }
            in_list = false;
        }
        let context = if matches!(unit.kind, UnitKind::Item | UnitKind::Table) {
            intro_frame.or(heading_frame)
        } else {
            heading_frame
        };
        let pieces = if role == Role::Claim {
            clauses(text, unit, corpus)
        } else {
            None
        };
        let pieces = pieces.unwrap_or_else(|| {
            vec![Piece {
                start: unit.start,
                end: unit.end,
                features: unit.features.clone(),
            }]
        });
        for piece in pieces {
            let counts = count_terms(&piece.features);
            let term_count = counts.ids.len();
            out.push(Claim {
                expert,
                order,
                start: piece.start,
                end: piece.end,
                text: &text[piece.start..piece.end],
                sentence: unit_text,
                kind: unit.kind,
                level: if unit.kind == UnitKind::Heading {
                    heading_level(text, unit.start)
                } else {
                    0
                },
                role,
                context: if unit.kind == UnitKind::Heading {
                    None
                } else {
                    context
                },
                vector: weigh_owned(counts, &corpus.idf),
                term_count,
            });
        }
        if unit.kind == UnitKind::Sentence {
            let trimmed = js::trim_end(unit_text);
            if let Some(frame) = trimmed.strip_suffix(':') {
                intro_frame = frames_alternative(unit_text).then_some(frame);
            }
        }
    }
    corpus.docs[expert].units = units;
    out
}

/// A claim that may stand as a recommendation or an insight.
pub fn is_substantive(claim: &Claim) -> bool {
    // A sentence that introduces a list ("The deciding factors are:") frames points; it makes none.
    claim.role == Role::Claim
        && claim.term_count >= params().limits.min_claim_words
        && !js::trim_end(claim.text).ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::build_corpus;

    fn claims_of(text: &str, streaming: bool) -> Vec<(String, Role, Option<String>)> {
        let mut corpus = build_corpus(&[text]);
        answer_claims(0, text, &mut corpus, streaming)
            .into_iter()
            .map(|c| (c.text.to_string(), c.role, c.context.map(str::to_string)))
            .collect()
    }

    #[test]
    fn roles_and_frames() {
        let text = "## Use PostgreSQL\n\nGreat question!\n\nIs it fast? It handles joins and transactions well.\n\nWhen MongoDB is reasonable:\n\n- documents without a fixed schema shape\n\nIt is still being wri";
        let c = claims_of(text, true);
        assert_eq!(c[0].1, Role::Heading);
        assert_eq!(c[1].1, Role::Filler);
        assert_eq!(c[2].1, Role::Question);
        assert_eq!(c[3].1, Role::Claim);
        assert_eq!(
            c[5],
            (
                "documents without a fixed schema shape".to_string(),
                Role::Claim,
                Some("When MongoDB is reasonable".to_string())
            )
        );
        assert_eq!(c.last().unwrap().1, Role::Fragment);
        assert_eq!(claims_of("It is still being wri", false)[0].1, Role::Claim);
    }

    #[test]
    fn a_sentence_of_several_points_is_cut_into_clauses() {
        let c = claims_of(
            "Keep flag checks behind one interface; put an owner on every single flag — remove stale flags every quarter.",
            false,
        );
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].0, "put an owner on every single flag");
        // A clause too short to stand alone keeps the sentence whole.
        assert_eq!(claims_of("Use Redis; fast.", false).len(), 1);
    }

    #[test]
    fn first_words_follow_the_regex() {
        assert_eq!(first_word("**If** price"), "if");
        assert_eq!(first_word("''"), "'");
        assert_eq!(first_word("## 1. x"), "");
    }
}
