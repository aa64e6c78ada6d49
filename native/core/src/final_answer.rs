//! Short final answers at the end of an answer: "The answer is 42", "#### 42",
//! "Answer: (B)", "**Final answer: B**", "\boxed{42}". Only the last three
//! non-blank lines are searched; among the markers found there the last one
//! that normalises to a short answer wins; other short answers keep their case. Mirrored in
//! server/core/fallback/finalAnswer.ts (all markers are ASCII, so byte offsets
//! here and UTF-16 offsets there order candidates the same way).

use crate::chars::is_space;

const TAIL_LINES: usize = 3;
const MAX_LITERAL_CHARS: usize = 100;
const MAX_NAME_CHARS: usize = 48;
const MAX_NAME_WORDS: usize = 5;
const MAX_UNIT_WORDS: usize = 3;
/// How far a \boxed{ looks for its closing brace, in characters.
const MAX_BOXED_CHARS: usize = 1000;

struct Candidate {
    position: usize,
    raw: String,
}

fn byte_at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Case-insensitive match of an ASCII lower-case word at byte i.
fn matches_word(b: &[u8], i: usize, word: &str) -> bool {
    let w = word.as_bytes();
    i + w.len() <= b.len()
        && b[i..i + w.len()]
            .iter()
            .zip(w)
            .all(|(&c, &x)| c | 0x20 == x)
}

fn line_end_from(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |k| i + k)
}

fn is_blank(text: &str, start: usize, end: usize) -> bool {
    text[start..end].chars().all(is_space)
}

/// Start of the last few non-blank lines.
fn tail_start(text: &str) -> usize {
    let b = text.as_bytes();
    let mut end = b.len();
    let mut seen = 0;
    while end > 0 {
        let nl = b[..end].iter().rposition(|&c| c == b'\n');
        let start = nl.map_or(0, |k| k + 1);
        if !is_blank(text, start, end) {
            seen += 1;
            if seen == TAIL_LINES {
                return start;
            }
        }
        match nl {
            Some(k) => end = k,
            None => break,
        }
    }
    0
}

fn skip_decoration(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\t' | b'*' | b'_') {
        p += 1;
    }
    p
}

const BOXED: &[u8] = b"\\boxed{";

fn find_candidates(text: &str, from: usize) -> Vec<Candidate> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // \boxed{...}, braces balanced.
    let mut search = b.len();
    while search > from {
        if b.len() < BOXED.len() {
            break;
        }
        let last_start = (search - 1).min(b.len() - BOXED.len());
        if last_start < from {
            break;
        }
        // Occurrences before `from` are not wanted, so the search stops there.
        let Some(at) = (from..=last_start)
            .rev()
            .find(|&s| b[s..].starts_with(BOXED))
        else {
            break;
        };
        let mut depth = 1;
        let mut p = at + BOXED.len();
        for (count, c) in text[p..].chars().enumerate() {
            if count >= MAX_BOXED_CHARS || depth == 0 {
                break;
            }
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                depth -= 1;
            }
            p += c.len_utf8();
        }
        if depth == 0 {
            found.push(Candidate {
                position: at,
                raw: text[at + BOXED.len()..p - 1].to_string(),
            });
        }
        search = at;
    }
    // "#### 42" lines, and "answer: X" / "answer is X".
    let mut line_start = from;
    while line_start <= b.len() {
        let line_end = line_end_from(b, line_start);
        let mut p = line_start;
        while p < line_end && (b[p] == b' ' || b[p] == b'\t') {
            p += 1;
        }
        if b[p..].starts_with(b"####") {
            found.push(Candidate {
                position: p,
                raw: text[p + 4..line_end].to_string(),
            });
        }
        let mut i = line_start;
        while i + 6 <= line_end {
            if matches_word(b, i, "answer") && !(i > 0 && b[i - 1].is_ascii_alphabetic()) {
                let mut q = skip_decoration(b, i + 6);
                let c = byte_at(b, q);
                let matched = if c == b':' || c == b'=' {
                    q += 1;
                    true
                } else if matches_word(b, q, "is") && !byte_at(b, q + 2).is_ascii_alphabetic() {
                    q = skip_decoration(b, q + 2);
                    if byte_at(b, q) == b':' {
                        q += 1;
                    }
                    true
                } else {
                    false
                };
                if matched && q <= line_end {
                    found.push(Candidate {
                        position: i,
                        raw: text[q..line_end].to_string(),
                    });
                }
            }
            i += 1;
        }
        line_start = line_end + 1;
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.position));
    found
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

fn strip_decoration(raw: &str) -> String {
    let mut s = raw
        .replace("**", "")
        .replace("__", "")
        .replace(['`', '$'], "");
    for pattern in ["\\(", "\\)", "\\[", "\\]"] {
        s = s.replace(pattern, "");
    }
    let mut braces = false;
    for command in ["\\text{", "\\textbf{", "\\mathrm{"] {
        if s.contains(command) {
            s = s.replace(command, "");
            braces = true;
        }
    }
    if braces {
        s = s.replace('}', "");
    }
    let mut s = collapse_spaces(&s);
    while s.ends_with(['.', ',', ';', '!']) {
        s.pop();
        s = collapse_spaces(&s);
    }
    s
}

fn is_option_letter(c: u8) -> bool {
    (b'A'..=b'J').contains(&c)
}

fn option_letter(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let (c0, c1) = (byte_at(b, 0), byte_at(b, 1));
    if c0 == b'('
        && (is_option_letter(c1)
            || is_option_letter(c1.wrapping_sub(0x20)) && c1.is_ascii_lowercase())
        && byte_at(b, 2) == b')'
    {
        return Some((c1.to_ascii_uppercase() as char).to_string());
    }
    if is_option_letter(c0) && (b.len() == 1 || matches!(c1, b'.' | b':' | b')' | b'}')) {
        return Some((c0 as char).to_string());
    }
    let c7 = byte_at(b, 7);
    let c8 = byte_at(b, 8);
    if matches_word(b, 0, "option ") && is_option_letter(c7 & !0x20) && !c8.is_ascii_alphanumeric()
    {
        return Some((c7.to_ascii_uppercase() as char).to_string());
    }
    None
}

fn is_three_digit_group(b: &[u8], i: usize) -> bool {
    byte_at(b, i).is_ascii_digit()
        && byte_at(b, i + 1).is_ascii_digit()
        && byte_at(b, i + 2).is_ascii_digit()
        && !byte_at(b, i + 3).is_ascii_digit()
}

fn word_count(s: &str) -> usize {
    if s.is_empty() {
        0
    } else {
        s.split(' ').count()
    }
}

/// Canonical number: no currency, sign or thousands separators noise, no trailing zeros.
fn number_answer(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut p = 0;
    let mut negative = false;
    if matches!(byte_at(b, p), b'-' | b'+') {
        negative = b[p] == b'-';
        p += 1;
    }
    if byte_at(b, p) == b'$' {
        p += 1;
    } else if s[p..].starts_with('\u{20ac}') || s[p..].starts_with('\u{a3}') {
        p += s[p..].chars().next().map_or(0, char::len_utf8);
    }
    if !byte_at(b, p).is_ascii_digit() {
        return None;
    }
    let mut integer = String::new();
    while p < b.len() && b[p].is_ascii_digit() {
        integer.push(b[p] as char);
        p += 1;
    }
    // Thousands separators: groups of exactly three digits after a comma ("3,2,1" is no number).
    while byte_at(b, p) == b',' && is_three_digit_group(b, p + 1) {
        integer.push_str(&s[p + 1..p + 4]);
        p += 4;
    }
    let mut fraction = String::new();
    if byte_at(b, p) == b'.' && byte_at(b, p + 1).is_ascii_digit() {
        p += 1;
        while p < b.len() && b[p].is_ascii_digit() {
            fraction.push(b[p] as char);
            p += 1;
        }
    }
    let mut denominator = String::new();
    if byte_at(b, p) == b'/' && byte_at(b, p + 1).is_ascii_digit() {
        p += 1;
        while p < b.len() && b[p].is_ascii_digit() {
            denominator.push(b[p] as char);
            p += 1;
        }
    }
    // A unit follows after a space ("21 minutes"), or as % or /unit; "987abc" is no number.
    let rest = s[p..].trim_matches(' ');
    let spaced = byte_at(b, p) == b' ';
    let first = rest.as_bytes().first().copied().unwrap_or(0);
    let unit = rest.is_empty()
        || first == b'%'
        || first == b'/'
        || (spaced && first.is_ascii_alphabetic());
    if !unit || word_count(rest) > MAX_UNIT_WORDS {
        return None;
    }
    let strip_leading = |d: &str| -> String {
        let t = d.trim_start_matches('0');
        if t.is_empty() && !d.is_empty() {
            "0".to_string()
        } else {
            t.to_string()
        }
    };
    let integer = strip_leading(&integer);
    let fraction = fraction.trim_end_matches('0');
    let denominator = strip_leading(&denominator);
    let mut out = integer.clone();
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    if !denominator.is_empty() {
        out.push('/');
        out.push_str(&denominator);
    }
    let zero = integer
        .bytes()
        .chain(fraction.bytes())
        .all(|c| c == b'0' || c == b'.');
    Some(if negative && !zero {
        format!("-{out}")
    } else {
        out
    })
}

fn literal_answer(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let first = byte_at(b, 0);
    let literal = matches!(first, b'\'' | b'"' | b'[' | b'(' | b'{')
        || s.starts_with("b'")
        || s.starts_with("b\"");
    if !literal || s.chars().count() > MAX_LITERAL_CHARS {
        return None;
    }
    let last = b[b.len() - 1];
    if b.len() >= 2
        && (first == b'\'' || first == b'"')
        && last == first
        && !b[1..b.len() - 1].contains(&first)
    {
        return Some(s[1..s.len() - 1].to_string());
    }
    Some(s.to_string())
}

/// Names and other short strings are kept as written: case can be the answer (program output).
fn name_answer(s: &str) -> Option<String> {
    if s.chars().count() > MAX_NAME_CHARS || word_count(s) > MAX_NAME_WORDS {
        return None;
    }
    Some(s.to_string())
}

/// Normalised short answer from the text after a marker, or None when it is no short answer.
pub fn normalize_answer(raw: &str) -> Option<String> {
    let s = strip_decoration(raw);
    if s.is_empty() {
        return None;
    }
    option_letter(&s)
        .or_else(|| number_answer(&s))
        .or_else(|| literal_answer(&s))
        .or_else(|| name_answer(&s))
}

pub fn extract_final_answer(text: &str) -> Option<String> {
    find_candidates(text, tail_start(text))
        .into_iter()
        .find_map(|c| normalize_answer(&c.raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_usual_markers() {
        let cases = [
            ("Some reasoning.\nThe answer is 42.", Some("42")),
            ("work\n#### 1,000", Some("1000")),
            ("Answer: (b)", Some("B")),
            ("**Final answer: B**", Some("B")),
            ("so \\boxed{3/4}", Some("3/4")),
            ("The answer is $2.50.", Some("2.5")),
            ("Answer: 'hello'", Some("hello")),
            ("Answer: [1, 2]", Some("[1, 2]")),
            ("The answer is Paris.", Some("Paris")),
            ("Answer: 3,2,1", Some("3,2,1")),
            ("Answer: 987abc", Some("987abc")),
            ("Answer: 21 minutes", Some("21")),
            (
                "The answer is not straightforward, as it depends on several factors.",
                None,
            ),
            ("Just some prose without a marker.", None),
        ];
        for (text, want) in cases {
            assert_eq!(extract_final_answer(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn ignores_markers_before_the_last_lines() {
        assert_eq!(extract_final_answer("The answer is 7.\na\nb\nc"), None);
    }
}
