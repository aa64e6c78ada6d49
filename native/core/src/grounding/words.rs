//! Text as the grounding compares it (server/core/fallback/grounding/words.ts): a
//! sequence of folded words, each with its span in the original. Letters, digits and
//! combining marks make words; everything else (Markdown markup, punctuation, spaces)
//! only separates them; an ideograph is a word of its own; a Markdown link keeps its
//! text and loses its target (after "](", a run without white space up to ")").

use crate::chars::{char_class, is_space, CharClass};
use crate::pipeline::fold_word;
use rustc_hash::FxHashMap;

/// The id of an answer's word that no quote has: it equals no quote word, which is all
/// the matcher compares an answer's words with.
pub const UNSEEN: u32 = u32::MAX;

/// Word ids shared by every text of one grounding, so equal words compare as equal numbers.
/// Folded ASCII words of up to 16 bytes (nearly all) are kept as one 128-bit number, so
/// looking one up costs no string comparison; the rest are kept as strings.
#[derive(Default)]
pub struct Interner {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<String, u32>,
    buf: String,
}

/// The folded word packed into a number (bytes zero-padded: words hold no zero byte), when
/// it is ASCII and at most 16 bytes long. `lower`: fold ASCII upper case on the way, for a
/// raw word, whose ASCII bytes are letters and digits only: setting bit 0x20 lowers a
/// letter and leaves a digit as it is.
#[inline]
fn pack(word: &[u8], lower: bool) -> Option<u128> {
    pack_at(word, 0, word.len(), lower)
}

/// `pack` of text[start..end]: when 16 bytes from `start` are there, one load and a mask
/// (no copy of a variable length).
#[inline]
fn pack_at(text: &[u8], start: usize, end: usize, lower: bool) -> Option<u128> {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    const CASE: u128 = u128::from_le_bytes([0x20; 16]);
    let len = end - start;
    if len > 16 {
        return None;
    }
    let used = if len == 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    let key = match text.get(start..start + 16) {
        Some(sixteen) => u128::from_le_bytes(sixteen.try_into().unwrap_or([0x80; 16])) & used,
        None => {
            let mut bytes = [0u8; 16];
            bytes[..len].copy_from_slice(&text[start..end]);
            u128::from_le_bytes(bytes)
        }
    };
    if key & HIGH != 0 {
        return None;
    }
    if !lower {
        return Some(key);
    }
    Some(key | (CASE & used))
}

impl Interner {
    /// Distinct words seen so far (ids are 0..len).
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of a word seen before, or `UNSEEN` (nothing is added).
    pub fn find(&mut self, raw: &str) -> u32 {
        self.find_packed(raw, pack(raw.as_bytes(), true))
    }

    /// `find` with `raw` packed (`pack(raw, true)`) by the caller.
    fn find_packed(&mut self, raw: &str, packed: Option<u128>) -> u32 {
        if let Some(key) = packed {
            return self.short.get(&key).copied().unwrap_or(UNSEEN);
        }
        fold_word(raw, &mut self.buf);
        match pack(self.buf.as_bytes(), false) {
            Some(key) => self.short.get(&key),
            None => self.long.get(self.buf.as_str()),
        }
        .copied()
        .unwrap_or(UNSEEN)
    }

    pub fn id(&mut self, raw: &str) -> u32 {
        self.id_packed(raw, pack(raw.as_bytes(), true))
    }

    /// `id` with `raw` packed (`pack(raw, true)`) by the caller.
    fn id_packed(&mut self, raw: &str, packed: Option<u128>) -> u32 {
        let next = self.len() as u32;
        if let Some(key) = packed {
            return *self.short.entry(key).or_insert(next);
        }
        fold_word(raw, &mut self.buf);
        if let Some(key) = pack(self.buf.as_bytes(), false) {
            return *self.short.entry(key).or_insert(next);
        }
        if let Some(&id) = self.long.get(self.buf.as_str()) {
            return id;
        }
        self.long.insert(self.buf.clone(), next);
        next
    }
}

#[derive(Default, Debug, Clone)]
pub struct Words {
    pub ids: Vec<u32>,
    /// UTF-16 offsets of each word, end exclusive.
    pub starts: Vec<u32>,
    pub ends: Vec<u32>,
    /// Byte offsets of each word (to slice the Rust string).
    pub byte_starts: Vec<u32>,
    pub byte_ends: Vec<u32>,
}

/// Words of a quote, a claim or a bottom line: every word gets an id.
pub fn read_words(text: &str, interner: &mut Interner) -> Words {
    scan(text, |word, packed| interner.id_packed(word, packed))
}

/// Words of an answer, read after every quote: words no quote has are `UNSEEN`.
pub fn read_answer_words(text: &str, interner: &mut Interner) -> Words {
    scan(text, |word, packed| interner.find_packed(word, packed))
}

fn scan(text: &str, mut id: impl FnMut(&str, Option<u128>) -> u32) -> Words {
    let bytes = text.as_bytes();
    let mut out = Words::default();
    let guess = bytes.len() / 6 + 1;
    out.ids.reserve(guess);
    out.starts.reserve(guess);
    out.ends.reserve(guess);
    out.byte_starts.reserve(guess);
    out.byte_ends.reserve(guess);
    let ascii = text.is_ascii();
    // (byte, UTF-16 unit) where the open word starts.
    let mut open: Option<(usize, usize)> = None;
    let mut push = |out: &mut Words, (b, u): (usize, usize), byte: usize, unit: usize| {
        out.ids
            .push(id(&text[b..byte], pack_at(bytes, b, byte, true)));
        out.starts.push(u as u32);
        out.ends.push(unit as u32);
        out.byte_starts.push(b as u32);
        out.byte_ends.push(byte as u32);
    };
    // A failed scan for a link target stopped at `open_until` (white space or the end):
    // every "](" before it fails there too. (Byte and UTF-16 positions, in step.)
    let mut open_until: Option<(usize, usize)> = None;
    let mut i = 0; // bytes
    let mut u = 0; // UTF-16 units
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_ALNUM[b as usize] {
                if open.is_none() {
                    open = Some((i, u));
                }
                let from = i;
                i += 1;
                while i < bytes.len() && ASCII_ALNUM[bytes[i] as usize] {
                    i += 1;
                }
                u += i - from;
                continue;
            }
            if let Some(o) = open.take() {
                push(&mut out, o, i, u);
            }
            if b == b']' && bytes.get(i + 1) == Some(&b'(') {
                let (mut j, mut ju) = (i + 2, u + 2);
                match open_until {
                    Some((ob, ou)) if j <= ob => {
                        j = ob;
                        ju = ou;
                    }
                    _ => {
                        while j < bytes.len() && bytes[j] != b')' {
                            let c = if ascii {
                                bytes[j] as char
                            } else {
                                text[j..].chars().next().unwrap_or(' ')
                            };
                            if is_space(c) {
                                break;
                            }
                            j += c.len_utf8();
                            ju += c.len_utf16();
                        }
                    }
                }
                if j < bytes.len() && bytes[j] == b')' {
                    i = j + 1;
                    u = ju + 1;
                } else {
                    open_until = Some((j, ju));
                    i += 1;
                    u += 1;
                }
                continue;
            }
            i += 1;
            u += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        let (len, units) = (c.len_utf8(), c.len_utf16());
        match char_class(c) {
            CharClass::Ideograph => {
                if let Some(o) = open.take() {
                    push(&mut out, o, i, u);
                }
                push(&mut out, (i, u), i + len, u + units);
            }
            CharClass::Alnum => {
                if open.is_none() {
                    open = Some((i, u));
                }
            }
            CharClass::Extend => {}
            _ => {
                if let Some(o) = open.take() {
                    push(&mut out, o, i, u);
                }
            }
        }
        i += len;
        u += units;
    }
    if let Some(o) = open.take() {
        push(&mut out, o, bytes.len(), u);
    }
    out
}

/// ASCII letters and digits (the ASCII part of CharClass::Alnum).
/// (Indexed by any byte: none past 0x7f is one.)
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    table
};
