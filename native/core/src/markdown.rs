//! Markdown-aware segmentation of an answer into units: sentences and list items
//! (the claims), headings and table rows (topic words, not claims) and fenced
//! code blocks (code tokens, not claims). Offsets are byte offsets into the
//! original text, so a unit's text is a verbatim slice the UI can highlight.
//! Mirrored in server/core/fallback/markdown.ts (which uses UTF-16 offsets).

use crate::chars::{char_at, is_space};
use crate::stopwords::words;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnitKind {
    Sentence,
    Item,
    Heading,
    Table,
    Code,
}

#[derive(Clone, Copy, Debug)]
pub struct UnitSpan {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
}

const BACKTICK: u8 = b'`';

/// Bytes the sentence splitter must look at: ASCII terminators, the backtick and
/// the lead bytes of the non-ASCII terminators (U+2026, U+3002, U+FF01, U+FF1F).
static MAY_END_SENTENCE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[BACKTICK as usize] = true;
    table[0xe2] = true;
    table[0xe3] = true;
    table[0xef] = true;
    table
};

#[inline]
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}') || is_wide_terminator(c)
}

#[inline]
fn is_wide_terminator(c: char) -> bool {
    matches!(c, '\u{3002}' | '\u{ff01}' | '\u{ff1f}')
}

#[inline]
fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '\'' | '*' | '_' | '\u{bb}' | '\u{201d}' | '\u{2019}'
    )
}

fn run_length(b: &[u8], i: usize, end: usize, code: u8) -> usize {
    let mut j = i;
    while j < end && b[j] == code {
        j += 1;
    }
    j - i
}

/// If an inline code span opens at i (a run of backticks), the index just after its closing run.
pub fn match_inline_code(text: &str, i: usize, end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let k = run_length(b, i, end, BACKTICK);
    let mut j = i + k;
    while j < end {
        let idx = j + b[j..end].iter().position(|&c| c == BACKTICK)?;
        let m = run_length(b, idx, end, BACKTICK);
        if m == k {
            return Some(idx + m);
        }
        j = idx + m;
    }
    None
}

fn trimmed_span(text: &str, start: usize, end: usize, kind: UnitKind, out: &mut Vec<UnitSpan>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start_matches(is_space).len();
    let trimmed = slice[lead..].trim_end_matches(is_space);
    if !trimmed.is_empty() {
        out.push(UnitSpan {
            start: start + lead,
            end: start + lead + trimmed.len(),
            kind,
        });
    }
}

/// A period after an abbreviation or an initial does not end the sentence; after a
/// number abbreviation ("No. 4") only when a digit follows, so "No. State files..." splits.
fn ends_with_abbreviation(text: &str, start: usize, dot: usize, digit_follows: bool) -> bool {
    let b = text.as_bytes();
    let mut s = dot;
    while s > start {
        let c = b[s - 1];
        if !c.is_ascii_alphabetic() && c != b'.' {
            break;
        }
        s -= 1;
    }
    if s == dot {
        return false;
    }
    let word = &text[s..dot];
    let w = words();
    word.len() == 1
        || w.abbreviations.iter().any(|a| a.eq_ignore_ascii_case(word))
        || (digit_follows
            && w.number_abbreviations
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word)))
}

/// "**1. Hash with ...**": a number and emphasis marks before the period open a numbered point, not a sentence.
fn is_enumerator(text: &str, start: usize, dot: usize) -> bool {
    let mut digits = 0;
    for c in text[start..dot].chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c != '*' && c != '_' && !is_space(c) {
            return false;
        }
    }
    digits > 0 && digits <= 3
}

/// Splits a paragraph or list item into sentences.
pub fn split_sentences(
    text: &str,
    start: usize,
    end: usize,
    kind: UnitKind,
    out: &mut Vec<UnitSpan>,
) {
    let b = text.as_bytes();
    let mut sentence_start = start;
    let mut i = start;
    while i < end {
        if b[i] == BACKTICK {
            i = match match_inline_code(text, i, end) {
                Some(close) => close,
                None => i + run_length(b, i, end, BACKTICK),
            };
            continue;
        }
        if !MAY_END_SENTENCE[b[i] as usize] {
            i = b[i..end]
                .iter()
                .position(|&c| MAY_END_SENTENCE[c as usize])
                .map_or(end, |k| i + k);
            continue;
        }
        let (c, len) = char_at(text, i);
        if !is_terminator(c) {
            i += len;
            continue;
        }
        let mut k = i + len;
        while k < end {
            let (next, nlen) = char_at(text, k);
            if !is_terminator(next) && !is_closer(next) {
                break;
            }
            k += nlen;
        }
        let mut boundary = false;
        if is_wide_terminator(c) || k >= end {
            boundary = true;
        } else if is_space(char_at(text, k).0) {
            boundary = true;
            let mut n = k;
            while n < end {
                let (sc, slen) = char_at(text, n);
                if !is_space(sc) {
                    break;
                }
                n += slen;
            }
            let digit_follows = n < end && b[n].is_ascii_digit();
            if c == '.' && ends_with_abbreviation(text, sentence_start, i, digit_follows) {
                boundary = false;
            }
            if c == '.' && is_enumerator(text, sentence_start, i) {
                boundary = false;
            }
            if n < end && b[n].is_ascii_lowercase() {
                boundary = false;
            }
        }
        if boundary {
            trimmed_span(text, sentence_start, k, kind, out);
            sentence_start = k;
        }
        i = k;
    }
    trimmed_span(text, sentence_start, end, kind, out);
}

fn skip_indent(b: &[u8], mut p: usize, end: usize) -> usize {
    while p < end && (b[p] == b' ' || b[p] == b'\t') {
        p += 1;
    }
    p
}

fn content_start(b: &[u8], line_start: usize, line_end: usize) -> usize {
    let mut p = skip_indent(b, line_start, line_end);
    while p < line_end && b[p] == b'>' {
        p = skip_indent(b, p + 1, line_end);
    }
    p
}

fn fence_at(b: &[u8], p: usize, end: usize) -> Option<(u8, usize)> {
    let code = *b.get(p).filter(|_| p < end)?;
    if code != BACKTICK && code != b'~' {
        return None;
    }
    let length = run_length(b, p, end, code);
    (length >= 3).then_some((code, length))
}

fn is_blank_from(text: &str, p: usize, end: usize) -> bool {
    text[p..end].chars().all(is_space)
}

fn is_thematic_break(b: &[u8], p: usize, end: usize) -> bool {
    if p >= end {
        return false;
    }
    let mark = b[p];
    if mark != b'-' && mark != b'*' && mark != b'_' {
        return false;
    }
    let mut count = 0;
    for &c in &b[p..end] {
        if c == mark {
            count += 1;
        } else if c != b' ' && c != b'\t' {
            return false;
        }
    }
    count >= 3
}

fn heading_content(b: &[u8], p: usize, end: usize) -> Option<usize> {
    let hashes = run_length(b, p, end, b'#');
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = p + hashes;
    if after < end && b[after] != b' ' && b[after] != b'\t' {
        return None;
    }
    Some(skip_indent(b, after, end))
}

fn item_content(b: &[u8], p: usize, end: usize) -> Option<usize> {
    if p >= end {
        return None;
    }
    let c = b[p];
    let after = if c == b'-' || c == b'*' || c == b'+' {
        p + 1
    } else if b[p..end].starts_with("\u{2022}".as_bytes()) {
        p + 3
    } else {
        let mut q = p;
        while q < end && q - p < 9 && b[q].is_ascii_digit() {
            q += 1;
        }
        if q > p && q < end && (b[q] == b'.' || b[q] == b')') {
            q + 1
        } else {
            return None;
        }
    };
    if after >= end || (b[after] != b' ' && b[after] != b'\t') {
        return None;
    }
    Some(skip_indent(b, after, end))
}

fn is_table_separator(b: &[u8], p: usize, end: usize) -> bool {
    b[p..end]
        .iter()
        .all(|&c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t'))
}

struct Open {
    kind: UnitKind,
    start: usize,
    end: usize,
}

struct Fence {
    code: u8,
    length: usize,
    start: Option<usize>,
    end: usize,
}

/// Splits a markdown answer into units, in text order.
pub fn segment_markdown(text: &str) -> Vec<UnitSpan> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut fence: Option<Fence> = None;

    let close_open = |open: &mut Option<Open>, out: &mut Vec<UnitSpan>| {
        if let Some(o) = open.take() {
            split_sentences(text, o.start, o.end, o.kind, out);
        }
    };

    let length = b.len();
    let mut line_start = 0;
    while line_start <= length {
        let nl = b[line_start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(length, |k| line_start + k);
        let mut line_end = nl;
        if line_end > line_start && b[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let p = content_start(b, line_start, line_end);

        if let Some(f) = fence.as_mut() {
            let closes = fence_at(b, p, line_end).is_some_and(|(code, len)| {
                code == f.code && len >= f.length && is_blank_from(text, p + len, line_end)
            });
            if closes {
                if let Some(start) = f.start {
                    trimmed_span(text, start, f.end, UnitKind::Code, &mut out);
                }
                fence = None;
            } else {
                f.start.get_or_insert(line_start);
                f.end = line_end;
            }
        } else if is_blank_from(text, p, line_end) {
            close_open(&mut open, &mut out);
        } else {
            let opening = fence_at(b, p, line_end);
            let heading = if opening.is_none() {
                heading_content(b, p, line_end)
            } else {
                None
            };
            let item = if opening.is_none() && heading.is_none() {
                item_content(b, p, line_end)
            } else {
                None
            };
            if let Some((code, len)) = opening {
                close_open(&mut open, &mut out);
                fence = Some(Fence {
                    code,
                    length: len,
                    start: None,
                    end: 0,
                });
            } else if is_thematic_break(b, p, line_end) {
                close_open(&mut open, &mut out);
            } else if let Some(h) = heading {
                close_open(&mut open, &mut out);
                trimmed_span(text, h, line_end, UnitKind::Heading, &mut out);
            } else if b[p] == b'|' {
                close_open(&mut open, &mut out);
                if !is_table_separator(b, p, line_end) {
                    trimmed_span(text, p, line_end, UnitKind::Table, &mut out);
                }
            } else if let Some(start) = item {
                close_open(&mut open, &mut out);
                open = Some(Open {
                    kind: UnitKind::Item,
                    start,
                    end: line_end,
                });
            } else if let Some(o) = open.as_mut() {
                o.end = line_end;
            } else {
                open = Some(Open {
                    kind: UnitKind::Sentence,
                    start: p,
                    end: line_end,
                });
            }
        }
        line_start = nl + 1;
    }
    if let Some(f) = fence {
        if let Some(start) = f.start {
            trimmed_span(text, start, f.end, UnitKind::Code, &mut out);
        }
    }
    close_open(&mut open, &mut out);
    out
}
