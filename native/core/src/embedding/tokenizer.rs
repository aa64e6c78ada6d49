//! BERT's uncased tokenizer: the BasicTokenizer (as HF tokenizers' `BertNormalizer`
//! and `BertPreTokenizer` do it) followed by WordPiece. Twin of
//! `server/core/fallback/embedding/tokenizer.ts`; both are checked against ids from HF
//! `tokenizers` (tests/fixtures/wordpiece-golden.json) and against each other.
//!
//! Normalisation, in HF's order:
//! 1. clean text: drop NUL, U+FFFD and every `C*` code point (Cc, Cf, Cs, Co, Cn) except
//!    tab, newline and carriage return; map whitespace (Rust's `char::is_whitespace`) to ' '.
//!    (So U+000B, U+000C and U+0085, being Cc, are dropped rather than turned into spaces.)
//! 2. a space on each side of a CJK ideograph (HF's ranges, which start Extension E at
//!    U+2B920 where Google's BERT has U+2B820);
//! 3. NFD, then drop every nonspacing mark (Mn): "café" -> "cafe";
//! 4. lowercase, code point by code point (no context rules: 'Σ' is always 'σ').
//!
//! Then split on whitespace, and make every punctuation character (ASCII 33-47, 58-64,
//! 91-96, 123-126, or Unicode `P*`) a word of its own. Each word becomes WordPiece ids,
//! greedy longest match first with "##" continuations; a word over 100 code points, or one
//! that cannot be covered, is one `[UNK]`. Special tokens written in the text ("[CLS]")
//! are not recognised as such: they are ordinary punctuation and letters here.
//!
//! Unicode tables: `unicode-properties` and `unicode-normalization` (Unicode 18) and the
//! standard library's lowercase mapping. Node's ICU may be a version behind; code points
//! assigned only in the newer version are the one place the twins can differ
//! (tests/core/embedding-model.test.ts checks every code point Node assigns).

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// `max_input_chars_per_word` of the model's WordPiece.
pub const MAX_WORD_CHARS: usize = 100;
pub const UNK_TOKEN: &str = "[UNK]";
pub const CONTINUATION: &str = "##";

/// Dropped by the cleaning step (tab, newline and carriage return are whitespace instead).
pub fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c == '\0' || c == '\u{fffd}' || c.general_category_group() == GeneralCategoryGroup::Other
}

/// Whitespace as the cleaning step and the word split see it (the White_Space property).
pub fn is_whitespace(c: char) -> bool {
    c.is_whitespace()
}

/// CJK ideographs that get a space on each side (HF tokenizers' `is_chinese_char`).
pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(
        c as u32,
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

/// ASCII punctuation (33-47, 58-64, 91-96, 123-126) or Unicode category P*.
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || (!c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Punctuation)
}

fn is_nonspacing_mark(c: char) -> bool {
    !c.is_ascii() && c.general_category() == GeneralCategory::NonspacingMark
}

/// Steps 1-4 of the module doc: the text every word is cut from.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose, no marks, no ideographs: clean and lowercase byte-wise.
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if is_control(c) {
                continue;
            }
            out.push(if is_whitespace(c) {
                ' '
            } else {
                c.to_ascii_lowercase()
            });
        }
        return out;
    }
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk_ideograph(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.nfd() {
        if is_nonspacing_mark(c) {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The words (pre-tokens) of a text: normalised, split on whitespace, punctuation alone.
pub fn basic_tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(&normalize(text), |w| words.push(w.to_string()));
    words
}

fn for_each_word(normalized: &str, mut f: impl FnMut(&str)) {
    let mut start: Option<usize> = None;
    for (i, c) in normalized.char_indices() {
        if is_whitespace(c) {
            if let Some(s) = start.take() {
                f(&normalized[s..i]);
            }
        } else if is_punctuation(c) {
            if let Some(s) = start.take() {
                f(&normalized[s..i]);
            }
            f(&normalized[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        f(&normalized[s..]);
    }
}

/// WordPiece over a vocabulary (token -> id, ids in line order of vocab.txt).
#[derive(Debug, Clone)]
pub struct WordPiece {
    vocab: FxHashMap<Box<str>, u32>,
    tokens: Vec<Box<str>>,
    unk_id: u32,
    /// Longest token in bytes: no longer piece can match, so the search starts there.
    max_token_bytes: usize,
}

impl WordPiece {
    /// Parses vocab.txt: one token per line, line i is id i; a final newline is optional,
    /// a trailing '\r' is removed. Empty or duplicate tokens, or no `[UNK]`, are errors.
    pub fn from_vocab_text(text: &str) -> Result<WordPiece, String> {
        let body = text.strip_suffix('\n').unwrap_or(text);
        if body.is_empty() {
            return Err("vocab.txt is empty".into());
        }
        let mut vocab = FxHashMap::default();
        let mut tokens = Vec::new();
        for (i, line) in body.split('\n').enumerate() {
            let token = line.strip_suffix('\r').unwrap_or(line);
            if token.is_empty() {
                return Err(format!("vocab.txt line {} is empty", i + 1));
            }
            if vocab.insert(Box::<str>::from(token), i as u32).is_some() {
                return Err(format!(
                    "vocab.txt line {} repeats the token {token:?}",
                    i + 1
                ));
            }
            tokens.push(Box::<str>::from(token));
        }
        let unk_id = *vocab
            .get(UNK_TOKEN)
            .ok_or_else(|| format!("vocab.txt has no {UNK_TOKEN} token"))?;
        let max_token_bytes = tokens.iter().map(|t| t.len()).max().unwrap_or(0);
        Ok(WordPiece {
            vocab,
            tokens,
            unk_id,
            max_token_bytes,
        })
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn unk_id(&self) -> u32 {
        self.unk_id
    }

    pub fn token(&self, id: u32) -> Option<&str> {
        self.tokens.get(id as usize).map(|t| &**t)
    }

    pub fn id(&self, token: &str) -> Option<u32> {
        self.vocab.get(token).copied()
    }

    /// Token ids of `text`, without special tokens, `[UNK]` included.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        self.encode_into(text, &mut ids);
        ids
    }

    /// `encode`, appending to `ids`.
    pub fn encode_into(&self, text: &str, ids: &mut Vec<u32>) {
        let normalized = normalize(text);
        let mut piece = String::new();
        for_each_word(&normalized, |word| self.encode_word(word, &mut piece, ids));
    }

    fn encode_word(&self, word: &str, piece: &mut String, ids: &mut Vec<u32>) {
        if word.len() > MAX_WORD_CHARS && word.chars().count() > MAX_WORD_CHARS {
            ids.push(self.unk_id);
            return;
        }
        let first = ids.len();
        let mut start = 0;
        while start < word.len() {
            let prefix = if start > 0 { CONTINUATION.len() } else { 0 };
            let mut end = word
                .len()
                .min(start + self.max_token_bytes.saturating_sub(prefix));
            while !word.is_char_boundary(end) {
                end -= 1;
            }
            let mut found = None;
            while end > start {
                piece.clear();
                if start > 0 {
                    piece.push_str(CONTINUATION);
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.vocab.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
                while !word.is_char_boundary(end) {
                    end -= 1;
                }
            }
            match found {
                Some(id) => {
                    ids.push(id);
                    start = end;
                }
                None => {
                    ids.truncate(first);
                    ids.push(self.unk_id);
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> WordPiece {
        WordPiece::from_vocab_text(
            "[PAD]\n[UNK]\nun\n##aff\n##able\nhello\n,\n!\nworld\n##s\na\n##b\ncafe\n.\n東\n京\n",
        )
        .unwrap()
    }

    #[test]
    fn basic_tokenizer_cleans_folds_and_splits() {
        assert_eq!(
            basic_tokenize("Hello, World!"),
            ["hello", ",", "world", "!"]
        );
        assert_eq!(basic_tokenize("Café NAÏVE"), ["cafe", "naive"]);
        assert_eq!(basic_tokenize("a\u{0}b\u{fffd}c\u{7}d"), ["abcd"]);
        assert_eq!(basic_tokenize("x\u{b}y\u{85}z"), ["xyz"]); // VT and NEL are Cc: dropped
        assert_eq!(
            basic_tokenize("tab\tnew\nline\u{3000}ideo"),
            ["tab", "new", "line", "ideo"]
        );
        assert_eq!(basic_tokenize("東京は"), ["東", "京", "は"]);
        assert_eq!(
            basic_tokenize("“quoted”—dash"),
            ["“", "quoted", "”", "—", "dash"]
        );
        assert_eq!(basic_tokenize("$5+3=8"), ["$", "5", "+", "3", "=", "8"]);
        assert_eq!(basic_tokenize("ΟΔΟΣ"), ["οδοσ"]); // no final-sigma rule
        assert_eq!(basic_tokenize("zero\u{200b}width"), ["zerowidth"]); // Cf dropped
        assert!(basic_tokenize(" \t\r\n ").is_empty());
        assert!(basic_tokenize("").is_empty());
    }

    #[test]
    fn wordpiece_is_greedy_longest_match_first() {
        let wp = vocab();
        assert_eq!(wp.encode("unaffable"), [2, 3, 4]);
        assert_eq!(wp.encode("Hello, worlds!"), [5, 6, 8, 9, 7]);
        assert_eq!(wp.encode("unknownword"), [1]);
        assert_eq!(wp.encode("ab a"), [10, 11, 10]);
        assert_eq!(wp.encode("CAFÉ."), [12, 13]);
        assert_eq!(wp.encode("東京"), [14, 15]);
        // A word that cannot be covered is one [UNK], even after partial matches.
        assert_eq!(wp.encode("unaffablex"), [1]);
    }

    #[test]
    fn words_over_100_code_points_are_unknown() {
        let mut text = String::from("[PAD]\n[UNK]\na\n");
        text.push_str("##a\n");
        let wp = WordPiece::from_vocab_text(&text).unwrap();
        assert_eq!(
            wp.encode(&"a".repeat(100)),
            vec![2]
                .into_iter()
                .chain(std::iter::repeat_n(3, 99))
                .collect::<Vec<_>>()
        );
        assert_eq!(wp.encode(&"a".repeat(101)), [1]);
        // 100 two-byte code points are still within the limit (counted in code points).
        let wp2 = WordPiece::from_vocab_text("[UNK]\nß\n##ß\n").unwrap();
        assert_eq!(wp2.encode(&"ß".repeat(100)).len(), 100);
        assert_eq!(wp2.encode(&"ß".repeat(101)), [0]);
    }

    #[test]
    fn vocab_errors_are_clear() {
        assert_eq!(
            WordPiece::from_vocab_text("").unwrap_err(),
            "vocab.txt is empty"
        );
        assert_eq!(
            WordPiece::from_vocab_text("a\n\nb\n").unwrap_err(),
            "vocab.txt line 2 is empty"
        );
        assert!(WordPiece::from_vocab_text("[UNK]\na\na\n")
            .unwrap_err()
            .contains("repeats"));
        assert_eq!(
            WordPiece::from_vocab_text("a\nb\n").unwrap_err(),
            "vocab.txt has no [UNK] token"
        );
        let crlf = WordPiece::from_vocab_text("[UNK]\r\nhello\r\n").unwrap();
        assert_eq!(crlf.id("hello"), Some(1));
    }

    #[test]
    fn categories_that_matter() {
        assert!(is_punctuation('!') && is_punctuation('~') && is_punctuation('`'));
        assert!(is_punctuation('¿') && is_punctuation('「') && is_punctuation('‐'));
        assert!(!is_punctuation('€') && !is_punctuation('a') && !is_punctuation('©'));
        assert!(is_control('\u{7}') && is_control('\u{200d}') && is_control('\u{e000}'));
        assert!(!is_control('\t') && !is_control('a'));
        assert!(is_whitespace('\u{a0}') && is_whitespace('\u{2028}'));
        assert!(is_nonspacing_mark('\u{301}') && !is_nonspacing_mark('a'));
    }
}
