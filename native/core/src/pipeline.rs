//! The text pipeline: markdown units -> words (our segmentation rules) -> case
//! folding -> negation scopes -> stop words -> Porter2 stems, interned as term ids.
//! A feature is `term_id * 2 + negated`: terms after a negation in their clause
//! ("do not use X", "avoid X") are distinct features from the same terms asserted. Code
//! (fenced blocks and inline spans) becomes case-kept tokens prefixed with a
//! backtick, never stemmed. Mirrored in server/core/fallback/pipeline.ts.

use crate::chars::{char_at, char_class, is_space, CharClass};
use crate::markdown::{match_inline_code, segment_markdown, UnitKind};
use crate::stemmer::{stem, stem_into};
use crate::stopwords::words;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
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

fn str_set(list: &'static [String]) -> FxHashSet<&'static str> {
    list.iter().map(String::as_str).collect()
}

fn word_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let w = words();
        WordLists {
            stop: str_set(&w.stop_words),
            cue: str_set(&w.negation_cues),
            clause_break: str_set(&w.clause_break_words),
            filler_stems: w.filler_words.iter().map(|w| stem(w)).collect(),
        }
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

/// What the pipeline makes of each folded word, memoised per thread across calls
/// (a pure function of the word, so the memo cannot change a result). Bounded:
/// it starts over once it holds WORD_TABLE_LIMIT words.
#[derive(Default)]
struct WordTable {
    /// Folded word of up to 16 bytes, packed into an integer -> term index or STOP / CUE / CLAUSE_BREAK.
    /// (Words never contain NUL, so zero padding is unambiguous.)
    short_words: FxHashMap<u128, i32>,
    /// Longer folded words.
    long_words: FxHashMap<Box<str>, i32>,
    /// Direct-mapped cache in front of `short_words`, small enough for L1: the most
    /// frequent words (stop words, the topic) hit here. Key 0 (the empty word) marks a free slot.
    hot_keys: Vec<u128>,
    hot_codes: Vec<i32>,
    terms: Vec<Box<str>>,
    term_ids: FxHashMap<Box<str>, u32>,
    filler: Vec<bool>,
    /// Per term: the analysis that last gave it a local id, and that id. An
    /// analysis (one text) runs on one thread from start to end, so this replaces
    /// a per-text hash map with two array reads.
    stamp: Vec<u32>,
    local: Vec<u32>,
    serial: u32,
    stem_buf: Vec<u8>,
}

const WORD_TABLE_LIMIT: usize = 1 << 20;
const HOT_BITS: u32 = 11;
const HOT_SLOTS: usize = 1 << HOT_BITS;

thread_local! {
    static WORD_TABLE: RefCell<WordTable> = RefCell::new(WordTable::default());
}

impl WordTable {
    /// Starts an analysis: a fresh serial, and a fresh table when the memo is full.
    fn begin(&mut self) {
        if self.short_words.len() + self.long_words.len() + self.terms.len() > WORD_TABLE_LIMIT
            || self.serial == u32::MAX
        {
            *self = WordTable::default();
        }
        self.serial += 1;
    }

    fn term_index(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.into());
        self.filler.push(word_lists().filler_stems.contains(term));
        self.stamp.push(0);
        self.local.push(0);
        self.term_ids.insert(term.into(), id);
        id
    }

    /// Code of a folded word of up to 16 bytes, given packed (see `short_words`).
    #[inline]
    fn short_word_code(&mut self, key: u128, len: usize) -> i32 {
        if self.hot_keys.is_empty() {
            self.hot_keys = vec![0; HOT_SLOTS];
            self.hot_codes = vec![0; HOT_SLOTS];
        }
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        let slot = (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - HOT_BITS)) as usize;
        if self.hot_keys[slot] == key {
            return self.hot_codes[slot];
        }
        let code = match self.short_words.get(&key) {
            Some(&code) => code,
            None => {
                let bytes = key.to_le_bytes();
                let code = self.classify(std::str::from_utf8(&bytes[..len]).unwrap_or(""));
                self.short_words.insert(key, code);
                code
            }
        };
        self.hot_keys[slot] = key;
        self.hot_codes[slot] = code;
        code
    }

    fn word_code(&mut self, folded: &str) -> i32 {
        let bytes = folded.as_bytes();
        if bytes.len() <= 16 {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            return self.short_word_code(u128::from_le_bytes(packed), bytes.len());
        }
        if let Some(&code) = self.long_words.get(folded) {
            return code;
        }
        let code = self.classify(folded);
        self.long_words.insert(folded.into(), code);
        code
    }

    fn classify(&mut self, folded: &str) -> i32 {
        let lists = word_lists();
        if lists.cue.contains(folded) || folded.ends_with("n't") {
            CUE
        } else if lists.clause_break.contains(folded) {
            CLAUSE_BREAK
        } else if lists.stop.contains(folded) {
            STOP
        } else if is_stemmable(folded) {
            let mut buf = std::mem::take(&mut self.stem_buf);
            stem_into(folded, &mut buf);
            let id = self.term_index(std::str::from_utf8(&buf).unwrap_or(""));
            self.stem_buf = buf;
            id as i32
        } else {
            self.term_index(folded) as i32
        }
    }
}

/// The terms of one analysis (one text), with ids assigned in first-seen order,
/// stored back to back in one string.
#[derive(Default)]
pub struct Lexicon {
    text: String,
    ends: Vec<usize>,
    pub filler_term: Vec<bool>,
}

impl Lexicon {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn term(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// Our id for a word-table term index, during the analysis numbered `table.serial`.
    #[inline]
    fn local_id(&mut self, table: &mut WordTable, index: u32) -> u32 {
        let i = index as usize;
        if table.stamp[i] == table.serial {
            return table.local[i];
        }
        let id = self.ends.len() as u32;
        self.text.push_str(&table.terms[i]);
        self.ends.push(self.text.len());
        self.filler_term.push(table.filler[i]);
        table.stamp[i] = table.serial;
        table.local[i] = id;
        id
    }

    pub fn feature_text(&self, feature: u32) -> String {
        let id = (feature >> 1) as usize;
        let term = if id < self.len() { self.term(id) } else { "" };
        if feature & 1 == 1 {
            format!("!{term}")
        } else {
            term.to_string()
        }
    }

    pub fn is_filler_feature(&self, feature: u32) -> bool {
        self.filler_term
            .get((feature >> 1) as usize)
            .copied()
            .unwrap_or(false)
    }
}

fn is_stemmable(word: &str) -> bool {
    word.bytes().all(|c| c.is_ascii_lowercase() || c == b'\'')
}

const ASCII_HIGH_BITS: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
const ONES: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;

/// Lower-cases 16 packed ASCII bytes at once: adds 0x20 to every byte in A..=Z.
#[inline]
fn ascii_lowercase_packed(x: u128) -> u128 {
    // With no high bit set, each byte + (0x80 - 'A') carries into its own high bit exactly
    // when the byte is >= 'A', and + (0x7f - 'Z') when it is > 'Z'; no carry crosses bytes.
    let at_least_a = x + ONES * u128::from(0x80 - b'A');
    let above_z = x + ONES * u128::from(0x7f - b'Z');
    let upper = at_least_a & !above_z & ASCII_HIGH_BITS;
    x | (upper >> 2)
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

/// ASCII bytes the prose scanner can skip: not a word character, not a clause
/// break, not the start of inline code or of a link target.
static QUIET_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        table[c] = !b.is_ascii_alphanumeric()
            && !matches!(
                b,
                b'_' | b',' | b';' | b':' | b'(' | b')' | b'.' | b'!' | b'?' | b'|' | b'`' | b']'
            );
        c += 1;
    }
    table
};

/// ASCII letters, digits and `_`: the bytes the word fast path runs over.
static ASCII_WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'_';
        c += 1;
    }
    table
};

#[inline]
fn is_clause_break_char(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?' | '|' | '\u{2013}' | '\u{2014}'
    )
}

/// End of the word starting at i (letters, digits, _ and marks; ' and . between letters; , between digits).
fn word_end(text: &str, i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    let mut prev_alnum = false;
    let mut prev_digit = false;
    while j < end {
        let (c, len) = if b[j] < 0x80 {
            (b[j] as char, 1)
        } else {
            char_at(text, j)
        };
        let cls = char_class(c);
        if matches!(
            cls,
            CharClass::Alnum | CharClass::Connector | CharClass::Extend
        ) {
            prev_alnum = cls == CharClass::Alnum;
            prev_digit = c.is_ascii_digit();
            j += len;
            continue;
        }
        let joiner = matches!(
            cls,
            CharClass::Apostrophe | CharClass::Period | CharClass::Comma
        );
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

/// The word b[start..end] without leading and trailing `_`.
fn trim_connectors(b: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && b[start] == b'_' {
        start += 1;
    }
    while end > start && b[end - 1] == b'_' {
        end -= 1;
    }
    (start, end)
}

/// Code identifiers in [start, end): case kept, prefixed with a backtick.
fn scan_code(
    text: &str,
    start: usize,
    end: usize,
    words: &mut Words,
    buf: &mut String,
    mut sink: impl FnMut(u32),
) {
    let mut i = start;
    while i < end {
        let (c, len) = char_at(text, i);
        let cls = char_class(c);
        if !matches!(
            cls,
            CharClass::Alnum | CharClass::Connector | CharClass::Ideograph
        ) {
            i += len;
            continue;
        }
        let mut j = i + len;
        while j < end {
            let (next, nlen) = char_at(text, j);
            if !matches!(
                char_class(next),
                CharClass::Alnum | CharClass::Connector | CharClass::Extend
            ) {
                break;
            }
            j += nlen;
        }
        buf.clear();
        buf.push('`');
        buf.push_str(&text[i..j]);
        sink(words.term(buf));
        i = j;
    }
}

/// A lexicon with the thread's word table borrowed for the length of one text.
struct Words<'a> {
    lex: &'a mut Lexicon,
    table: &'a mut WordTable,
}

impl Words<'_> {
    #[inline]
    fn local(&mut self, code: i32) -> i32 {
        if code < 0 {
            code
        } else {
            self.lex.local_id(self.table, code as u32) as i32
        }
    }

    fn term(&mut self, term: &str) -> u32 {
        let index = self.table.term_index(term);
        self.lex.local_id(self.table, index)
    }
}

/// Negation state of the prose scanner; one per text, reset per unit, buffers reused.
struct ProseScanner<'a> {
    words: Words<'a>,
    out: Vec<u32>,
    /// Negation cues seen so far in the current clause.
    cues: i32,
    prev_was_not: bool,
    prev_was_or: bool,
    pending_contrast: bool,
    fold_buf: String,
}

impl ProseScanner<'_> {
    #[inline]
    fn push_term(&mut self, term: u32) {
        self.out.push(term * 2 + u32::from(self.cues % 2 == 1));
    }

    /// Handles the word text[start..end].
    fn handle_word(&mut self, text: &str, start: usize, end: usize) {
        let raw = &text[start..end];
        let bytes = raw.as_bytes();
        if bytes.len() <= 16 {
            // Fast path: fold an ASCII word straight into its packed key (one 16-byte load
            // when the text goes on that far, masked to the word).
            let all = text.as_bytes();
            let raw_key = match all.get(start..start + 16) {
                Some(wide) => {
                    let mut packed = [0u8; 16];
                    packed.copy_from_slice(wide);
                    let mask = if bytes.len() == 16 {
                        u128::MAX
                    } else {
                        (1u128 << (8 * bytes.len())) - 1
                    };
                    u128::from_le_bytes(packed) & mask
                }
                None => {
                    let mut packed = [0u8; 16];
                    for (slot, &c) in packed.iter_mut().zip(bytes) {
                        *slot = c;
                    }
                    u128::from_le_bytes(packed)
                }
            };
            if raw_key & ASCII_HIGH_BITS == 0 {
                let key = ascii_lowercase_packed(raw_key);
                let code = self.words.table.short_word_code(key, bytes.len());
                let code = self.words.local(code);
                let folded = key.to_le_bytes();
                self.handle_code(code, &folded[..bytes.len()]);
                return;
            }
        }
        let mut folded = std::mem::take(&mut self.fold_buf);
        fold_word(raw, &mut folded);
        let code = self.words.table.word_code(&folded);
        let code = self.words.local(code);
        self.handle_code(code, folded.as_bytes());
        self.fold_buf = folded;
    }

    fn handle_code(&mut self, code: i32, folded: &[u8]) {
        let after_or = self.prev_was_or;
        if code >= 0 {
            // A term ("or", "only", "of" and "than" are stop words: no rule below applies).
            self.prev_was_or = false;
            self.prev_was_not = false;
            self.pending_contrast = false;
            self.push_term(code as u32);
            return;
        }
        self.prev_was_or = folded == b"or";
        if code == CUE {
            self.pending_contrast = false;
            if after_or && folded == b"not" {
                // "whether or not" negates nothing.
                self.prev_was_not = false;
                return;
            }
            self.cues += 1;
            self.prev_was_not = folded == b"not";
            return;
        }
        if self.prev_was_not && folded == b"only" {
            // "not only ... but also" asserts; it negates nothing.
            self.cues -= 1;
            self.prev_was_not = false;
            return;
        }
        self.prev_was_not = false;
        if code == CLAUSE_BREAK {
            self.cues = 0;
            self.pending_contrast = folded == b"instead" || folded == b"rather";
            return;
        }
        // A stop word. "instead of X", "rather than X": X is what is advised against.
        if self.pending_contrast && (folded == b"of" || folded == b"than") {
            self.cues += 1;
        }
        self.pending_contrast = false;
    }
}

/// Features of prose in [start, end). A negation reaches forward to the end of its
/// clause: in "Disable notifications for apps that aren't essential" only `essenti`
/// is negated. "whether or not" and "not only" negate nothing.
fn scan_prose(s: &mut ProseScanner, text: &str, start: usize, end: usize, code_buf: &mut String) {
    let b = text.as_bytes();
    s.cues = 0;
    s.prev_was_not = false;
    s.prev_was_or = false;
    s.pending_contrast = false;
    let mut i = start;
    while i < end {
        let byte = b[i];
        if QUIET_BYTE[byte as usize] {
            // Spaces and punctuation that neither start a word nor end a clause.
            i = b[i..end]
                .iter()
                .position(|&c| !QUIET_BYTE[c as usize])
                .map_or(end, |k| i + k);
            continue;
        }
        if byte == b'`' {
            if let Some(close) = match_inline_code(text, i, end) {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let negated = u32::from(s.cues % 2 == 1);
                let out = &mut s.out;
                scan_code(
                    text,
                    i + ticks,
                    close - ticks,
                    &mut s.words,
                    code_buf,
                    |t| out.push(t * 2 + negated),
                );
                s.prev_was_not = false;
                s.prev_was_or = false;
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
        let (c, len) = if byte < 0x80 {
            (byte as char, 1)
        } else {
            char_at(text, i)
        };
        let cls = char_class(c);
        if matches!(cls, CharClass::Alnum | CharClass::Connector) {
            if byte == b'h' && (b[i..].starts_with(b"http://") || b[i..].starts_with(b"https://")) {
                while i < end {
                    let (sc, slen) = char_at(text, i);
                    if is_space(sc) {
                        break;
                    }
                    i += slen;
                }
                continue;
            }
            // ASCII fast path; joiners and non-ASCII letters take the general rules.
            let j = b[i + 1..end]
                .iter()
                .position(|&c| !ASCII_WORD_BYTE[c as usize])
                .map_or(end, |k| i + 1 + k);
            let j = if j < end && (b[j] >= 0x80 || matches!(b[j], b'\'' | b'.' | b',')) {
                word_end(text, i, end)
            } else {
                j
            };
            let (from, to) = trim_connectors(b, i, j);
            if from < to {
                s.handle_word(text, from, to);
            }
            i = j;
            continue;
        }
        if cls == CharClass::Ideograph {
            s.handle_word(text, i, i + len);
        } else if is_clause_break_char(c) {
            s.cues = 0;
        }
        i += len;
    }
}

/// Runs the whole pipeline over one answer; the lexicon holds the terms its features refer to.
pub fn analyze_text(text: &str) -> (Lexicon, AnalyzedText) {
    WORD_TABLE.with(|cell| {
        let mut table = cell.borrow_mut();
        table.begin();
        let mut lex = Lexicon::default();
        let analyzed = analyze_with(
            text,
            Words {
                lex: &mut lex,
                table: &mut table,
            },
        );
        (lex, analyzed)
    })
}

fn analyze_with(text: &str, words: Words) -> AnalyzedText {
    let spans = segment_markdown(text);
    let mut units = Vec::with_capacity(spans.len());
    let mut code_buf = String::new();
    let mut s = ProseScanner {
        words,
        out: Vec::with_capacity(text.len() / 8),
        cues: 0,
        prev_was_not: false,
        prev_was_or: false,
        pending_contrast: false,
        fold_buf: String::new(),
    };
    for span in spans {
        let from = s.out.len();
        if span.kind == UnitKind::Code {
            let out = &mut s.out;
            scan_code(
                text,
                span.start,
                span.end,
                &mut s.words,
                &mut code_buf,
                |t| out.push(t * 2),
            );
        } else {
            scan_prose(&mut s, text, span.start, span.end, &mut code_buf);
        }
        let lex = &s.words.lex;
        let filler = s.out[from..].iter().all(|&f| lex.is_filler_feature(f));
        units.push(Unit {
            start: span.start,
            end: span.end,
            kind: span.kind,
            features: from..s.out.len(),
            filler,
        });
    }
    AnalyzedText {
        units,
        features: s.out,
    }
}

/// The pipeline's tokens for one text, as strings: stems, `!stem` when negated, `` `code ``.
pub fn tokenize(text: &str) -> Vec<String> {
    let (lex, analyzed) = analyze_text(text);
    analyzed
        .features
        .iter()
        .map(|&f| lex.feature_text(f))
        .collect()
}

/// Number of pipeline tokens, without building strings (for throughput measurements).
pub fn count_tokens(text: &str) -> usize {
    analyze_text(text).1.features.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_reaches_forward_to_the_end_of_its_clause() {
        assert_eq!(
            tokenize("Do not use MongoDB; use PostgreSQL."),
            ["!use", "!mongodb", "use", "postgresql"]
        );
        assert_eq!(
            tokenize("Disable apps that aren't essential."),
            ["disabl", "app", "!essenti"]
        );
        assert_eq!(
            tokenize("Whether or not to hire a nanny"),
            ["whether", "hire", "nanni"]
        );
        assert_eq!(tokenize("Use Y instead of X."), ["use", "y", "!x"]);
        assert_eq!(tokenize("Not only fast but also safe."), ["fast", "safe"]);
    }

    #[test]
    fn code_is_kept_as_code_tokens() {
        assert_eq!(
            tokenize("Run `pg_dump` nightly.\n\n```\nSELECT x\n```"),
            ["run", "`pg_dump", "night", "`SELECT", "`x"]
        );
    }

    #[test]
    fn packed_lowercasing_matches_the_byte_by_byte_one() {
        for word in [
            "",
            "A",
            "Z",
            "@[`{",
            "Hello_World-42",
            "ABCDEFGHIJKLMNOP",
            "azAZ09@[`{~\x7f",
        ] {
            let mut packed = [0u8; 16];
            packed[..word.len()].copy_from_slice(word.as_bytes());
            let folded = ascii_lowercase_packed(u128::from_le_bytes(packed)).to_le_bytes();
            assert_eq!(
                &folded[..word.len()],
                word.to_ascii_lowercase().as_bytes(),
                "{word}"
            );
        }
    }

    #[test]
    fn words_follow_the_segmentation_rules() {
        assert_eq!(
            tokenize("It's 1,000.5 node.js café ΟΔΟΣ 東京"),
            ["1,000.5", "node.js", "café", "οδοσ", "東", "京"]
        );
    }
}
