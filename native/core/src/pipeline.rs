//! The text pipeline: markdown units -> words (our segmentation rules) -> case
//! folding -> negation scopes -> stop words -> Porter2 stems, interned as term ids.
//! A feature is `term_id * 2 + negated`: terms inside a negated clause ("do not
//! use X", "avoid X") are distinct features from the same terms asserted. Code
//! (fenced blocks and inline spans) becomes case-kept tokens prefixed with a
//! backtick, never stemmed. Mirrored in server/core/fallback/pipeline.ts.

use crate::chars::{char_at, char_class, is_space, CharClass};
use crate::markdown::{match_inline_code, segment_markdown, UnitKind};
use crate::stemmer::{stem, stem_into};
use crate::stopwords::{CLAUSE_BREAK_WORDS, FILLER_WORDS, NEGATION_CUES, STOP_WORDS};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::OnceLock;

const STOP: i32 = -1;
const CUE: i32 = -2;
const CLAUSE_BREAK: i32 = -3;

struct WordLists {
    stop: FxHashSet<&'static str>,
    cue: FxHashSet<&'static str>,
    clause_break: FxHashSet<&'static str>,
    filler_stems: FxHashSet<String>,
}

fn word_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| WordLists {
        stop: STOP_WORDS.iter().copied().collect(),
        cue: NEGATION_CUES.iter().copied().collect(),
        clause_break: CLAUSE_BREAK_WORDS.iter().copied().collect(),
        filler_stems: FILLER_WORDS.iter().map(|w| stem(w)).collect(),
    })
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
    /// Range of this unit's features in `AnalyzedText::features`.
    pub features: Range<usize>,
    /// Every term is boilerplate (or there is none).
    pub filler: bool,
}

impl Unit {
    pub fn is_claim(&self) -> bool {
        matches!(self.kind, UnitKind::Sentence | UnitKind::Item) && !self.filler
    }
}

#[derive(Clone, Debug, Default)]
pub struct AnalyzedText {
    pub units: Vec<Unit>,
    /// Feature ids of all units, in text order, repeats kept.
    pub features: Vec<u32>,
}

/// Term ids assigned in first-seen order.
#[derive(Default)]
pub struct Lexicon {
    pub terms: Vec<String>,
    pub filler_term: Vec<bool>,
    term_ids: FxHashMap<String, u32>,
    /// Folded word -> term id or STOP / CUE / CLAUSE_BREAK, so each distinct word is stemmed once.
    words: FxHashMap<String, i32>,
    stem_buf: Vec<u8>,
}

impl Lexicon {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.to_string());
        self.filler_term.push(word_lists().filler_stems.contains(term));
        self.term_ids.insert(term.to_string(), id);
        id
    }

    fn lookup_word(&mut self, folded: &str) -> i32 {
        if let Some(&code) = self.words.get(folded) {
            return code;
        }
        let lists = word_lists();
        let code = if lists.cue.contains(folded) || folded.ends_with("n't") {
            CUE
        } else if lists.clause_break.contains(folded) {
            CLAUSE_BREAK
        } else if lists.stop.contains(folded) {
            STOP
        } else if is_stemmable(folded) {
            let mut buf = std::mem::take(&mut self.stem_buf);
            stem_into(folded, &mut buf);
            let id = self.intern(std::str::from_utf8(&buf).unwrap_or(""));
            self.stem_buf = buf;
            id as i32
        } else {
            self.intern(folded) as i32
        };
        self.words.insert(folded.to_string(), code);
        code
    }

    pub fn feature_text(&self, feature: u32) -> String {
        let term = self.terms.get((feature >> 1) as usize).map_or("", |s| s.as_str());
        if feature & 1 == 1 {
            format!("!{term}")
        } else {
            term.to_string()
        }
    }

    pub fn is_filler_feature(&self, feature: u32) -> bool {
        self.filler_term.get((feature >> 1) as usize).copied().unwrap_or(false)
    }
}

fn is_stemmable(word: &str) -> bool {
    word.bytes().all(|c| c.is_ascii_lowercase() || c == b'\'')
}

/// Case folding: lower case, typographic apostrophe to ', final sigma to sigma.
pub fn fold_word(raw: &str, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        out.push_str(raw);
        out.make_ascii_lowercase();
        return;
    }
    for c in raw.to_lowercase().chars() {
        out.push(match c {
            '\u{2019}' => '\'',
            '\u{3c2}' => '\u{3c3}',
            c => c,
        });
    }
}

#[inline]
fn is_clause_break_char(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?' | '|' | '\u{2013}' | '\u{2014}')
}

/// End of the word starting at i (letters, digits, _ and marks; ' and . between letters; , between digits).
fn word_end(text: &str, i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    let mut prev_alnum = false;
    let mut prev_digit = false;
    while j < end {
        let (c, len) = if b[j] < 0x80 { (b[j] as char, 1) } else { char_at(text, j) };
        let cls = char_class(c);
        if matches!(cls, CharClass::Alnum | CharClass::Connector | CharClass::Extend) {
            prev_alnum = cls == CharClass::Alnum;
            prev_digit = c.is_ascii_digit();
            j += len;
            continue;
        }
        let joiner = matches!(cls, CharClass::Apostrophe | CharClass::Period | CharClass::Comma);
        if !joiner || j + len >= end {
            break;
        }
        let next = char_at(text, j + len).0;
        let joins = if cls == CharClass::Comma {
            prev_digit && next.is_ascii_digit()
        } else {
            prev_alnum && char_class(next) == CharClass::Alnum
        };
        if !joins {
            break;
        }
        j += len;
        prev_alnum = false;
        prev_digit = false;
    }
    j
}

fn trim_connectors(raw: &str) -> &str {
    raw.trim_matches('_')
}

/// Code identifiers in [start, end): case kept, prefixed with a backtick.
fn scan_code(text: &str, start: usize, end: usize, lex: &mut Lexicon, buf: &mut String, mut sink: impl FnMut(u32)) {
    let mut i = start;
    while i < end {
        let (c, len) = char_at(text, i);
        let cls = char_class(c);
        if !matches!(cls, CharClass::Alnum | CharClass::Connector | CharClass::Ideograph) {
            i += len;
            continue;
        }
        let mut j = i + len;
        while j < end {
            let (next, nlen) = char_at(text, j);
            if !matches!(char_class(next), CharClass::Alnum | CharClass::Connector | CharClass::Extend) {
                break;
            }
            j += nlen;
        }
        buf.clear();
        buf.push('`');
        buf.push_str(&text[i..j]);
        sink(lex.intern(buf));
        i = j;
    }
}

struct ProseScanner<'a> {
    lex: &'a mut Lexicon,
    out: &'a mut Vec<u32>,
    clause: Vec<u32>,
    cues: i32,
    prev_was_not: bool,
    pending_contrast: bool,
    fold_buf: String,
}

impl ProseScanner<'_> {
    fn flush(&mut self) {
        let negated = u32::from(self.cues % 2 == 1);
        for &term in &self.clause {
            self.out.push(term * 2 + negated);
        }
        self.clause.clear();
        self.cues = 0;
    }

    fn handle_word(&mut self, raw: &str) {
        let mut folded = std::mem::take(&mut self.fold_buf);
        fold_word(raw, &mut folded);
        self.handle_folded(&folded);
        self.fold_buf = folded;
    }

    fn handle_folded(&mut self, folded: &str) {
        let code = self.lex.lookup_word(folded);
        if code == CUE {
            self.cues += 1;
            self.prev_was_not = folded == "not";
            self.pending_contrast = false;
            return;
        }
        if self.prev_was_not && folded == "only" {
            // "not only ... but also" asserts; it negates nothing.
            self.cues -= 1;
            self.prev_was_not = false;
            return;
        }
        self.prev_was_not = false;
        if code == CLAUSE_BREAK {
            self.flush();
            self.pending_contrast = folded == "instead" || folded == "rather";
            return;
        }
        if code == STOP {
            // "instead of X", "rather than X": X is what is advised against.
            if self.pending_contrast && (folded == "of" || folded == "than") {
                self.cues += 1;
            }
            self.pending_contrast = false;
            return;
        }
        self.pending_contrast = false;
        self.clause.push(code as u32);
    }
}

/// Features of prose in [start, end): words grouped in clauses, each clause negated or not.
fn scan_prose(text: &str, start: usize, end: usize, lex: &mut Lexicon, out: &mut Vec<u32>, code_buf: &mut String) {
    let b = text.as_bytes();
    let mut s = ProseScanner {
        lex,
        out,
        clause: Vec::new(),
        cues: 0,
        prev_was_not: false,
        pending_contrast: false,
        fold_buf: String::new(),
    };
    let mut i = start;
    while i < end {
        let byte = b[i];
        if byte == b'`' {
            if let Some(close) = match_inline_code(text, i, end) {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut terms = Vec::new();
                scan_code(text, i + ticks, close - ticks, s.lex, code_buf, |t| terms.push(t));
                s.clause.extend(terms);
                s.prev_was_not = false;
                i = close;
            } else {
                i += 1;
            }
            continue;
        }
        if byte == b']' && i + 1 < end && b[i + 1] == b'(' {
            // Markdown link: keep its text, skip its URL.
            i = match b[i + 2..end].iter().position(|&c| c == b')') {
                Some(k) => i + 2 + k + 1,
                None => i + 1,
            };
            continue;
        }
        let (c, len) = if byte < 0x80 { (byte as char, 1) } else { char_at(text, i) };
        let cls = char_class(c);
        if matches!(cls, CharClass::Alnum | CharClass::Connector) {
            let rest = &text[i..];
            if rest.starts_with("http://") || rest.starts_with("https://") {
                while i < end {
                    let (sc, slen) = char_at(text, i);
                    if is_space(sc) {
                        break;
                    }
                    i += slen;
                }
                continue;
            }
            let j = word_end(text, i, end);
            let raw = trim_connectors(&text[i..j]);
            if !raw.is_empty() {
                s.handle_word(raw);
            }
            i = j;
            continue;
        }
        if cls == CharClass::Ideograph {
            s.handle_word(&text[i..i + len]);
        } else if is_clause_break_char(c) {
            s.flush();
        }
        i += len;
    }
    s.flush();
}

/// Runs the whole pipeline over one answer.
pub fn analyze_text(text: &str, lex: &mut Lexicon) -> AnalyzedText {
    let spans = segment_markdown(text);
    let mut features = Vec::with_capacity(text.len() / 8);
    let mut units = Vec::with_capacity(spans.len());
    let mut code_buf = String::new();
    for span in spans {
        let from = features.len();
        if span.kind == UnitKind::Code {
            scan_code(text, span.start, span.end, lex, &mut code_buf, |t| features.push(t * 2));
        } else {
            scan_prose(text, span.start, span.end, lex, &mut features, &mut code_buf);
        }
        let filler = features[from..].iter().all(|&f| lex.is_filler_feature(f));
        units.push(Unit { start: span.start, end: span.end, kind: span.kind, features: from..features.len(), filler });
    }
    AnalyzedText { units, features }
}

/// The pipeline's tokens for one text, as strings: stems, `!stem` when negated, `` `code ``.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut lex = Lexicon::new();
    let analyzed = analyze_text(text, &mut lex);
    analyzed.features.iter().map(|&f| lex.feature_text(f)).collect()
}

/// Number of pipeline tokens, without building strings (for throughput measurements).
pub fn count_tokens(text: &str) -> usize {
    let mut lex = Lexicon::new();
    analyze_text(text, &mut lex).features.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_scopes_a_clause() {
        assert_eq!(tokenize("Do not use MongoDB; use PostgreSQL."), ["!use", "!mongodb", "use", "postgresql"]);
        assert_eq!(tokenize("Use Y instead of X."), ["use", "y", "!x"]);
        assert_eq!(tokenize("Not only fast but also safe."), ["fast", "safe"]);
    }

    #[test]
    fn code_is_kept_as_code_tokens() {
        assert_eq!(tokenize("Run `pg_dump` nightly.\n\n```\nSELECT x\n```"), ["run", "`pg_dump", "night", "`SELECT", "`x"]);
    }

    #[test]
    fn words_follow_the_segmentation_rules() {
        assert_eq!(tokenize("It's 1,000.5 node.js café ΟΔΟΣ 東京"), ["1,000.5", "node.js", "café", "οδοσ", "東", "京"]);
    }
}
