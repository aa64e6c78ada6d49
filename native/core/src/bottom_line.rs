//! Step 3 of docs/consensus.md, "Bottom lines": what each answer concludes, found by
//! structure (a conclusion marker such as "Short answer:", a bold span, the opening
//! claim or an opening heading that states a choice, a final-answer line) and
//! normalised: its quantity (quantities.rs), its yes or no, its named entities and
//! its key terms. Twin of server/core/fallback/bottomLine.ts; the TS regexes are
//! written out as scanners here, with the same matches.

use crate::claims::{Claim, Role};
use crate::documents::PanelLexicon;
use crate::final_answer::extract_final_answer;
use crate::js;
/// Lower case without accents: how entities are compared (the fallback's `foldText`).
pub use crate::js::fold_text;
use crate::markdown::UnitKind;
use crate::params::params;
use crate::quantities::{find_quantities, Quantity};

#[derive(Clone, Debug, Default)]
pub struct BottomLine {
    /// Index in the expert's claims of the unit that holds it, or None when the answer has none (a bare list).
    pub claim: Option<usize>,
    /// The answer span: the few words that carry the conclusion.
    pub span: String,
    /// The quantity it gives as its answer.
    pub quantity: Option<Quantity>,
    /// The quantity was marked as the answer (final-answer line, bold) or the answer is short.
    pub numeric: bool,
    /// 1 yes, -1 no, 0 neither.
    pub polarity: i32,
    /// Named entities of the span ("react native", "marie curie"), folded.
    pub entities: Vec<String>,
    /// Per entity, whether the sentence negates it ("Do not use PostgreSQL").
    pub negated_entities: Vec<bool>,
    /// Content features of the span outside its entities (filler and choice words left out; odd when negated).
    pub terms: Vec<u32>,
    /// Each term's word as written, folded (so an entity elsewhere can match it).
    pub term_words: Vec<String>,
    /// Words of the span.
    pub words: usize,
    /// Content features of the whole unit that holds the bottom line.
    pub line_terms: Vec<u32>,
    /// That unit's text, folded.
    pub line_text: String,
    /// The bottom line as written (after its marker, if any), for display.
    pub statement: String,
}

/// `[\s*_>"'“”`]` (the leading edge) and `[\s*_"'“”`]` (the trailing edge).
#[inline]
fn is_edge(c: char, leading: bool) -> bool {
    js::is_space(c)
        || matches!(c, '*' | '_' | '"' | '\'' | '“' | '”' | '`')
        || (leading && c == '>')
}

/// `text.replace(/^[\s*_>"'“”`]+|[\s*_"'“”`]+$/gu, '')`.
pub fn strip(text: &str) -> &str {
    let start = text.len() - text.trim_start_matches(|c| is_edge(c, true)).len();
    let rest = &text[start..];
    rest.trim_end_matches(|c| is_edge(c, false))
}

#[inline]
fn is_word_char(c: char) -> bool {
    js::is_letter_or_number(c) || matches!(c, '\'' | '’' | '.' | '-')
}

/// The matches of `/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu` (WORD), as (start, end).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    spans_of(text, is_word_char)
}

/// Runs that start with a letter or digit and go on while `goes_on` holds, as (start, end).
fn spans_of(text: &str, goes_on: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !js::is_letter_or_number(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if !goes_on(d) {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        out.push((i, end));
    }
    out
}

pub fn word_count(text: &str) -> usize {
    word_spans(text).len()
}

/// The first `/\*\*([^*]+)\*\*|__([^_]+)__/u` match at or after byte `from`:
/// (match start, match end, inner text).
fn find_bold(text: &str, from: usize) -> Option<(usize, usize, &str)> {
    let b = text.as_bytes();
    let mut i = from;
    while i + 1 < b.len() {
        let mark = b[i];
        if (mark == b'*' || mark == b'_') && b[i + 1] == mark {
            let inner = i + 2;
            if let Some(r) = b[inner..]
                .iter()
                .position(|&c| c == mark)
                .map(|k| inner + k)
            {
                if r > inner && r + 1 < b.len() && b[r + 1] == mark {
                    return Some((i, r + 2, &text[inner..r]));
                }
            }
        }
        i += 1;
    }
    None
}

/// The case where `lower` (the lower-cased `original`) starts with `lead` followed by a
/// character that is no letter or number: the rest of `original` after it.
fn after_lead<'t>(original: &'t str, lower: &str, lead: &str) -> Option<&'t str> {
    if !lower.starts_with(lead) {
        return None;
    }
    let units = js::utf16_len(lead);
    if js::unit_char_at(lower, units).is_some_and(js::is_letter_or_number) {
        return None;
    }
    Some(&original[js::byte_offset(original, units)..])
}

/// If text starts with a conclusion marker ("Short answer:", "**Answer:**"), the text after it.
pub fn after_marker(text: &str) -> Option<String> {
    // text.replace(/^#+\s*/u, '')
    let unhashed = match text.trim_start_matches('#') {
        rest if rest.len() < text.len() => js::trim_start(rest),
        _ => text,
    };
    let original = strip(unhashed);
    let lower = js::lower(original);
    for marker in &params().conclusion_markers {
        if !lower.starts_with(marker.as_str()) {
            continue;
        }
        let rest = &lower[marker.len()..];
        // /^[*_\s]*[:—–-]/u
        let run = rest.len()
            - rest
                .trim_start_matches(|c: char| c == '*' || c == '_' || js::is_space(c))
                .len();
        let sep_len = match rest[run..].chars().next() {
            Some(c @ (':' | '—' | '–' | '-')) => Some(run + c.len_utf8()),
            _ => None,
        };
        if sep_len.is_none() && !js::trim(rest).is_empty() {
            continue;
        }
        let units = js::utf16_len(marker) + js::utf16_len(&rest[..sep_len.unwrap_or(rest.len())]);
        return Some(strip(&original[js::byte_offset(original, units)..]).to_string());
    }
    None
}

/// Lead-in words ("I'd go with", "It's the", "Honestly,") taken off the front, repeatedly.
pub fn without_lead_ins(text: &str) -> String {
    let mut t = strip(text).to_string();
    let leads = &params().lead_ins;
    loop {
        let lower = js::lower(&t);
        let Some(after) = leads.iter().find_map(|lead| after_lead(&t, &lower, lead)) else {
            return t;
        };
        let trimmed = after.trim_start_matches(|c: char| {
            js::is_space(c) || matches!(c, ',' | ':' | '—' | '–' | '-')
        });
        t = strip(trimmed).to_string();
    }
}

fn states_choice(text: &str) -> bool {
    let stripped = strip(text);
    let lower = js::lower(stripped);
    params()
        .choice_leads
        .iter()
        .any(|lead| after_lead(stripped, &lower, lead).is_some())
}

/// The first bold span of text when it can be an answer; a bold label ("**Who:** X") gives what follows it.
fn bold_span(text: &str) -> Option<String> {
    let (_, end, inner) = find_bold(text, 0)?;
    let inner = js::trim(inner);
    if inner.ends_with(':') {
        let after = strip(&text[end..]);
        return if after.is_empty() {
            None
        } else {
            Some(after.to_string())
        };
    }
    let span = after_marker(inner).unwrap_or_else(|| inner.to_string());
    (!span.is_empty() && word_count(&span) <= 8).then_some(span)
}

/// Whether `text` starts with the ASCII lower-case `word` under a `/iu` regex (simple case
/// folding: also 'ſ' for s and the Kelvin sign for k); the matched length in bytes.
fn starts_with_ci(text: &str, word: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = text.chars();
    for w in word.chars() {
        let c = chars.next()?;
        let same =
            c.to_ascii_lowercase() == w || (w == 's' && c == 'ſ') || (w == 'k' && c == '\u{212a}');
        if !same {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// "It's a common starting point, but it's a bad idea": the conclusion is what follows the contrast.
fn after_concession(text: &str) -> &str {
    // /[,;—–]\s*(?:but|however|yet)\s+/iu
    for (i, c) in text.char_indices() {
        if !matches!(c, ',' | ';' | '—' | '–') {
            continue;
        }
        let rest = js::trim_start(&text[i + c.len_utf8()..]);
        for word in ["but", "however", "yet"] {
            let Some(len) = starts_with_ci(rest, word) else {
                continue;
            };
            let after = &rest[len..];
            let tail = js::trim_start(after);
            if tail.len() < after.len() {
                return tail;
            }
        }
    }
    text
}

/// `/^([\p{L}']+)[^,;:—]*,\s+/u`: the leading word and the length of the match.
fn intro_phrase(t: &str) -> Option<(&str, usize)> {
    let word_len = t.len()
        - t.trim_start_matches(|c: char| js::is_letter(c) || c == '\'')
            .len();
    if word_len == 0 {
        return None;
    }
    let stop = t[word_len..]
        .find([',', ';', ':', '—'])
        .map(|k| word_len + k)?;
    if t.as_bytes()[stop] != b',' {
        return None;
    }
    let after = &t[stop + 1..];
    let spaces = after.len() - js::trim_start(after).len();
    (spaces > 0).then_some((&t[..word_len], stop + 1 + spaces))
}

/// Index of the first `/\s[—–-]\s|,(?!\d)|[;:—]|\s\(|\.(\s|$)/u` match.
fn clause_break(t: &str) -> Option<usize> {
    for (i, c) in t.char_indices() {
        let rest = &t[i + c.len_utf8()..];
        let mut next = rest.chars();
        let n1 = next.next();
        let n2 = next.next();
        let hit = match c {
            ',' => !n1.is_some_and(|d| d.is_ascii_digit()),
            ';' | ':' | '—' => true,
            '.' => n1.is_none_or(js::is_space),
            c if js::is_space(c) => {
                (matches!(n1, Some('—' | '–' | '-')) && n2.is_some_and(js::is_space))
                    || n1 == Some('(')
            }
            _ => false,
        };
        if hit {
            return Some(i);
        }
    }
    None
}

/// Up to the first clause break; a parenthesis glued to a word ("O(n)") is part of it. An
/// introductory phrase ("For a laptop at this price, ...", "Generally, ...") is skipped.
fn first_clause(text: &str) -> &str {
    let mut t = text;
    let intro = &params().intro_words;
    while let Some((word, len)) = intro_phrase(t) {
        let first = js::lower(word);
        if !(intro.contains(&first) || first.ends_with("ly")) {
            break;
        }
        t = &t[len..];
    }
    js::trim(match clause_break(t) {
        Some(i) => &t[..i],
        None => t,
    })
}

/// "The highest mountain in Africa is Mount Kilimanjaro": the answer is what follows the verb "to be".
fn copula_complement(clause: &str) -> Option<String> {
    // /\s(?:is|was|are|were)\s+/iu
    let mut found = None;
    for (i, c) in clause.char_indices() {
        if !js::is_space(c) {
            continue;
        }
        let rest = &clause[i + c.len_utf8()..];
        for word in ["is", "was", "are", "were"] {
            let Some(len) = starts_with_ci(rest, word) else {
                continue;
            };
            let after = &rest[len..];
            let tail = js::trim_start(after);
            if tail.len() < after.len() {
                found = Some(tail);
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let rest = without_lead_ins(found?);
    let words = word_count(&rest);
    // Only a named complement: in "For caching, Redis is the right tool" the answer is the subject.
    let named = rest.chars().any(|c| js::is_upper(c) || js::is_number(c));
    (words > 0 && words <= params().limits.answer_span_words && named).then_some(rest)
}

/// 1 for a leading yes ("Yes, you can"), -1 for a leading no ("No.", "Not really"), else 0.
pub fn polarity_of(text: &str) -> i32 {
    let lower = js::lower(strip(text));
    let len = lower.len()
        - lower
            .trim_start_matches(|c: char| js::is_letter(c) || c == '\'')
            .len();
    if len == 0 {
        return 0;
    }
    let first = &lower[..len];
    let after = js::trim_start(&lower[len..]);
    let punctuated =
        after.is_empty() || after.starts_with([',', '.', '!', ';', ':', '—', '–', '-']);
    let p = params();
    if first == "yes" || (punctuated && p.yes_words.contains(first)) {
        return 1;
    }
    if first == "not" || (punctuated && p.no_words.contains(first)) {
        return -1;
    }
    0
}

/// The matches of `/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu`, as (start, end).
fn name_words(text: &str) -> Vec<(usize, usize)> {
    spans_of(text, |d| {
        js::is_letter_or_number(d) || matches!(d, '\'' | '’' | '-')
    })
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(js::is_upper)
}

/// Named entities: runs of capitalised words (with connectors like "von"); a lone capital at the start is not one.
pub fn entities_of(span: &str) -> Vec<String> {
    let words = name_words(span);
    let word = |k: usize| &span[words[k].0..words[k].1];
    let connectors = &params().entity_connectors;
    let mut entities = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = word(i);
        // /^I('|’|$)/u
        let pronoun = w == "I" || w.starts_with("I'") || w.starts_with("I’");
        if !starts_upper(w) || pronoun {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() {
            let next = word(j);
            if &span[words[j - 1].1..words[j].0] != " " {
                break;
            }
            let numeric =
                next.chars().next().is_some_and(js::is_number) && js::utf16_len(next) <= 4;
            if starts_upper(next) || numeric {
                j += 1;
            } else if connectors.contains(next) && j + 1 < words.len() && starts_upper(word(j + 1))
            {
                j += 2;
            } else {
                break;
            }
        }
        let at_start = i == 0;
        // (j - i >= 2 || !atStart) && (j - i >= 2 || w.length >= 2)
        if j - i >= 2 || (!at_start && js::utf16_len(w) >= 2) {
            entities.push(js::fold_text(&span[words[i].0..words[j - 1].1]));
        }
        i = j;
    }
    entities
}

/// `/^\s*(\*\*|__)[^*_]+:(\*\*|__)/u`: a labelled field ("**Who:** X").
fn is_labelled_field(text: &str) -> bool {
    let t = js::trim_start(text);
    let b = t.as_bytes();
    if !(t.starts_with("**") || t.starts_with("__")) {
        return false;
    }
    let Some(r) = b[2..]
        .iter()
        .position(|&c| c == b'*' || c == b'_')
        .map(|k| k + 2)
    else {
        return false;
    };
    r >= 4 && b[r - 1] == b':' && (t[r..].starts_with("**") || t[r..].starts_with("__"))
}

/// `/\?\s*$/u`.
fn ends_with_question(text: &str) -> bool {
    js::trim_end(text).ends_with('?')
}

/// An opening heading that titles the whole answer states its conclusion ("## Dry-brine it",
/// "## Lambda, with provisioned concurrency"); one followed by a sibling heading of the
/// same level only names a section ("## Getting around", then "## Money").
fn is_title(index: usize, claims: &[Claim]) -> bool {
    let c = &claims[index];
    // One word ("## Caching", "## Plan") names a topic, not a conclusion.
    let words = word_count(c.text);
    if c.order != 0
        || words < 2
        || words > params().limits.heading_words
        || ends_with_question(c.text)
    {
        return false;
    }
    !claims
        .iter()
        .enumerate()
        .any(|(k, o)| k != index && o.role == Role::Heading && o.level <= c.level)
}

struct Located {
    index: usize,
    text: String,
}

/// Where the bottom line is: a unit that starts with a conclusion marker; else a
/// leading yes or no; else the opening claim, or an opening heading that states a
/// choice ("## I'd take the monthly pension"). An opening claim that only introduces
/// a list ("Three things to try:") means the answer has no single bottom line.
fn locate(claims: &[Claim]) -> Option<Located> {
    for (i, c) in claims.iter().enumerate() {
        if c.role == Role::Code || c.role == Role::Question {
            continue;
        }
        let Some(rest) = after_marker(c.sentence) else {
            continue;
        };
        if rest.chars().any(js::is_letter_or_number) {
            return Some(Located {
                index: i,
                text: rest,
            });
        }
        // A marker heading ("## Summary", "## Short answer") is answered by the first sentence of its section.
        for (j, next) in claims.iter().enumerate().skip(i + 1) {
            if next.role == Role::Heading {
                break;
            }
            if next.kind == UnitKind::Table || next.kind == UnitKind::Code {
                continue;
            }
            if next.role == Role::Claim
                || (next.role == Role::Filler && polarity_of(next.text) != 0)
            {
                return Some(Located {
                    index: j,
                    text: next.sentence.to_string(),
                });
            }
        }
    }
    for (i, c) in claims.iter().enumerate() {
        if c.role == Role::Filler {
            if polarity_of(c.text) != 0 {
                return Some(Located {
                    index: i,
                    text: c.sentence.to_string(),
                });
            }
            continue;
        }
        if c.role == Role::Heading {
            // "## 1. Clean out the dust": the answer is a list of sections
            let digits = c.text.len()
                - c.text
                    .trim_start_matches(|d: char| d.is_ascii_digit())
                    .len();
            if digits > 0 && c.text[digits..].starts_with(['.', ')']) {
                return None;
            }
            if states_choice(c.text) || is_title(i, claims) {
                return Some(Located {
                    index: i,
                    text: c.text.to_string(),
                });
            }
            continue;
        }
        if c.role != Role::Claim || c.kind == UnitKind::Table {
            continue;
        }
        // A list item that opens the answer is the first of several points, unless it is a labelled field ("**Who:** X").
        if c.kind == UnitKind::Item && !is_labelled_field(c.text) {
            return None;
        }
        let list_intro = c.kind == UnitKind::Sentence && strip(c.text).ends_with(':');
        if list_intro && find_bold(c.text, 0).is_none() && !states_choice(c.text) {
            return None;
        }
        // An opening that only describes ("PostgreSQL is a relational database.") yields to a
        // prescription soon after it ("You should use PostgreSQL for this project.").
        if !states_choice(c.sentence)
            && find_bold(c.sentence, 0).is_none()
            && polarity_of(c.sentence) == 0
        {
            let window = claims.len().min(i + params().limits.prescription_window);
            for (j, later) in claims.iter().enumerate().take(window).skip(i + 1) {
                if later.role == Role::Claim
                    && later.kind == UnitKind::Sentence
                    && states_choice(later.sentence)
                {
                    return Some(Located {
                        index: j,
                        text: later.sentence.to_string(),
                    });
                }
            }
        }
        return Some(Located {
            index: i,
            text: c.sentence.to_string(),
        });
    }
    None
}

/// The quantity an answer gives as its answer, and whether it was marked as such.
fn answer_quantity(
    text: &str,
    claims: &[Claim],
    line: Option<&Located>,
) -> (Option<Quantity>, bool) {
    let limits = &params().limits;
    if let Some(answer) = extract_final_answer(text) {
        if let Some(q) = find_quantities(&answer).into_iter().next() {
            return (Some(q), true);
        }
    }
    let mut seen = 0;
    for c in claims {
        if c.role != Role::Claim && c.role != Role::Heading {
            continue;
        }
        if seen >= limits.bottom_line_window {
            break;
        }
        seen += 1;
        let mut from = 0;
        while let Some((_, end, inner)) = find_bold(c.text, from) {
            if let Some(q) = find_quantities(inner)
                .into_iter()
                .find(|x| !x.spelled || !x.dimension.is_empty())
            {
                return (Some(q), true);
            }
            from = end;
        }
    }
    let Some(line) = line else {
        return (None, false);
    };
    let words = word_count(&line.text);
    let short = words <= limits.short_answer_words;
    // "one of history's myths" is no quantity; "Nine." and "Four and a half." are.
    let all: Vec<Quantity> = find_quantities(&line.text)
        .into_iter()
        .filter(|q| !q.spelled || !q.dimension.is_empty() || words <= limits.spelled_answer_words)
        .collect();
    if all.is_empty() {
        return (None, false);
    }
    let eq = line.text.rfind('=').max(line.text.rfind('≈'));
    let after_equals = eq.and_then(|eq| all.iter().find(|q| q.start > eq));
    let with_unit = all.iter().find(|q| !q.dimension.is_empty() || q.year);
    let q = after_equals.or(with_unit).unwrap_or(&all[0]).clone();
    (Some(q), short)
}

/// `/^\p{Lu}[\p{L}\p{N}+#.-]*[.!]?$/u`: one capitalised name ("Go", "C++", "Node.js").
fn is_single_name(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(js::is_upper) {
        return false;
    }
    let rest: Vec<char> = chars.collect();
    let body = match rest.last() {
        Some('!') => &rest[..rest.len() - 1],
        _ => &rest[..],
    };
    body.iter()
        .all(|&c| js::is_letter_or_number(c) || matches!(c, '+' | '#' | '.' | '-'))
}

pub fn bottom_line_of(text: &str, claims: &[Claim], lex: &mut PanelLexicon) -> BottomLine {
    let line = locate(claims);
    let (quantity, marked) = answer_quantity(text, claims, line.as_ref());
    let opening = claims
        .iter()
        .find(|c| c.role == Role::Claim || c.role == Role::Filler);
    let polarity = match (opening.map(|o| polarity_of(o.text)), &line) {
        (Some(p), _) if p != 0 => p,
        (_, None) => 0,
        (_, Some(l)) => polarity_of(&l.text),
    };
    let Some(line) = line else {
        return BottomLine {
            quantity,
            numeric: marked,
            polarity,
            ..BottomLine::default()
        };
    };
    let bold = bold_span(&line.text);
    let bare = without_lead_ins(after_concession(&line.text));
    let clause = first_clause(&bare);
    let clause_words = word_count(clause);
    let complement = copula_complement(clause);
    let span = match (&bold, complement) {
        (Some(b), _) => b.clone(),
        (None, Some(c)) => c,
        (None, None) if clause_words > 0 && clause_words <= params().limits.answer_span_words => {
            clause.to_string()
        }
        (None, None) => bare.clone(),
    };
    // Entities are found in the whole sentence, where a capital mid-sentence marks a name ("I would pick Go").
    let mut rest = js::fold_text(&span);
    let mut entities: Vec<String> = Vec::new();
    for e in entities_of(&line.text) {
        if !rest.contains(e.as_str()) {
            continue;
        }
        rest = rest.replace(e.as_str(), " ");
        entities.push(e);
    }
    if let Some(b) = &bold {
        let name = js::trim(b);
        if entities.is_empty() && is_single_name(name) {
            let name = name.strip_suffix(['.', '!']).unwrap_or(name);
            entities.push(js::fold_text(name));
            rest.clear();
        }
    }
    let rest = without_lead_ins(&rest);
    // Negation is read in the whole sentence: "Do not use PostgreSQL here; use MongoDB" negates PostgreSQL only.
    let mut line_terms: Vec<u32> = Vec::new();
    for f in lex.analyze(&line.text).features {
        if !line_terms.contains(&f) {
            line_terms.push(f);
        }
    }
    let negated_only =
        |term: u32| line_terms.contains(&(term * 2 + 1)) && !line_terms.contains(&(term * 2));
    let mut terms: Vec<u32> = Vec::new();
    let mut term_words: Vec<String> = Vec::new();
    for (s, e) in word_spans(&rest) {
        let word = &rest[s..e];
        for f in lex.analyze(word).features {
            let feature = (f & !1) | u32::from(negated_only(f >> 1));
            if lex.is_filler_feature(f) || terms.contains(&feature) {
                continue;
            }
            terms.push(feature);
            term_words.push(js::fold_text(word));
        }
    }
    let negated_entities = entities
        .iter()
        .map(|e| {
            lex.analyze(e)
                .features
                .iter()
                .any(|&f| negated_only(f >> 1))
        })
        .collect();
    BottomLine {
        claim: Some(line.index),
        words: word_count(&span),
        span,
        quantity,
        numeric: marked,
        polarity,
        entities,
        negated_entities,
        terms,
        term_words,
        line_terms,
        line_text: js::fold_text(&line.text),
        statement: line.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_lead_ins_and_clauses() {
        assert_eq!(
            after_marker("**Short answer:** Use Postgres.").as_deref(),
            Some("Use Postgres.")
        );
        assert_eq!(after_marker("## Summary").as_deref(), Some(""));
        assert_eq!(after_marker("Answer, in short"), None);
        assert_eq!(
            copula_complement("The highest mountain in Africa is Mount Kilimanjaro").as_deref(),
            Some("Mount Kilimanjaro")
        );
        assert_eq!(
            copula_complement("For caching Redis is the right tool"),
            None
        );
        assert_eq!(after_marker("Answers vary"), None);
        assert_eq!(without_lead_ins("I'd go with PostgreSQL"), "PostgreSQL");
        assert_eq!(without_lead_ins("Honestly, it's the Volga."), "Volga.");
        assert_eq!(
            first_clause("For a laptop at this price, the M2 is best; really"),
            "the M2 is best"
        );
        assert_eq!(first_clause("O(n) time - usually"), "O(n) time");
        assert_eq!(
            after_concession("It's common, but it's a bad idea"),
            "it's a bad idea"
        );
    }

    #[test]
    fn polarity_and_entities() {
        assert_eq!(polarity_of("Yes, you can."), 1);
        assert_eq!(polarity_of("No."), -1);
        assert_eq!(polarity_of("Not really"), -1);
        assert_eq!(polarity_of("Nothing works"), 0);
        assert_eq!(
            entities_of("I would pick Marie Curie over Ada Lovelace and Go, not Sweden"),
            ["marie curie", "ada lovelace", "go", "sweden"]
        );
        assert_eq!(
            entities_of("I would pick Ludwig van Beethoven"),
            ["ludwig van beethoven"]
        );
        assert!(entities_of("Paris").is_empty());
    }

    #[test]
    fn bold_spans() {
        assert_eq!(
            bold_span("The answer is **4.5 cups** of flour.").as_deref(),
            Some("4.5 cups")
        );
        assert_eq!(
            bold_span("**Who:** Marie Curie").as_deref(),
            Some("Marie Curie")
        );
        assert!(is_labelled_field("**Who:** Marie Curie"));
        assert!(!is_labelled_field("**Who** Marie: x"));
        assert!(is_single_name("C++") && is_single_name("Node.js!") && !is_single_name("go"));
    }
}
