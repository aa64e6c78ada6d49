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

/// Where a word of an answer is: UTF-16 offsets (for JS) and byte offsets (to slice the
/// Rust string), end exclusive. One record, so a word costs one push.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

#[derive(Default, Debug, Clone)]
pub struct Words {
    pub ids: Vec<u32>,
    /// One per id (answers only: `read_words` leaves it empty).
    pub spans: Vec<Span>,
}

/// Words of a quote, a claim or a bottom line: every word gets an id (no spans: only an
/// answer's are ever used).
pub fn read_words(text: &str, interner: &mut Interner) -> Words {
    scan::<false>(text, |word, packed| interner.id_packed(word, packed))
}

/// Words of an answer, read after every quote: words no quote has are `UNSEEN`.
pub fn read_answer_words(text: &str, interner: &mut Interner) -> Words {
    scan::<true>(text, |word, packed| interner.find_packed(word, packed))
}

/// The words of `text`; their spans too when `SPANS`.
fn scan<const SPANS: bool>(text: &str, mut id: impl FnMut(&str, Option<u128>) -> u32) -> Words {
    let bytes = text.as_bytes();
    let mut out = Words::default();
    let guess = bytes.len() / 6 + 1;
    out.ids.reserve(guess);
    if SPANS {
        out.spans.reserve(guess);
    }
    let ascii = text.is_ascii();
    // (byte, UTF-16 unit) where the open word starts.
    let mut open: Option<(usize, usize)> = None;
    let mut push = |out: &mut Words, (b, u): (usize, usize), byte: usize, unit: usize| {
        out.ids
            .push(id(&text[b..byte], pack_at(bytes, b, byte, true)));
        if SPANS {
            out.spans.push(Span {
                start: u as u32,
                end: unit as u32,
                byte_start: b as u32,
                byte_end: byte as u32,
            });
        }
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
                i = skip_while(bytes, i + 1, alnum_bits, &ASCII_ALNUM);
                u += i - from;
                continue;
            }
            if let Some(o) = open.take() {
                push(&mut out, o, i, u);
            }
            if b != b']' {
                // Spaces and punctuation: nothing to do up to the next word, "]" or
                // non-ASCII character (each ASCII byte is one UTF-16 unit).
                let from = i;
                i = skip_while(bytes, i + 1, quiet_bits, &QUIET);
                u += i - from;
                continue;
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

/// The end of the run from `i` of bytes in the class that `bits` and `table` describe
/// alike: eight bytes at a time while eight are there (one load and a few arithmetic
/// operations instead of a branch per byte, which mispredicts at every word's end), then
/// byte by byte.
#[inline(always)]
fn skip_while(bytes: &[u8], mut i: usize, bits: fn(u64) -> u64, table: &[bool; 256]) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
        let outside = !bits(word) & HIGH_BITS;
        if outside != 0 {
            return i + (outside.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && table[bytes[i] as usize] {
        i += 1;
    }
    i
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// Bit 7 of each byte of `v` (bytes below 0x80) set when the byte is in a..=b. Adding
/// 0x80 - a sets bit 7 from a on, adding 0x7f - b from b + 1 on; no sum carries into the
/// next byte.
#[inline(always)]
fn in_range(v: u64, a: u8, b: u8) -> u64 {
    v.wrapping_add(splat(0x80 - a)) & !v.wrapping_add(splat(0x7f - b))
}

/// Bit 7 of each of the eight bytes (little-endian) set when the byte is an ASCII letter or
/// digit: `ASCII_ALNUM` for eight bytes at once. (x | 0x20 maps A..Z onto a..z and nothing
/// else into a..z.)
#[inline(always)]
fn alnum_bits(word: u64) -> u64 {
    let seven = word & !HIGH_BITS;
    let letter = in_range(seven | splat(0x20), b'a', b'z');
    let digit = in_range(seven, b'0', b'9');
    (letter | digit) & !word
}

/// Bit 7 set for the bytes that `QUIET` holds: ASCII, neither a letter, a digit nor "]".
#[inline(always)]
fn quiet_bits(word: u64) -> u64 {
    let seven = word & !HIGH_BITS;
    // Bit 7 of (y + 0x7f) is clear only where the 7-bit y is zero: where the byte is "]".
    let not_bracket = (seven ^ splat(b']')).wrapping_add(splat(0x7f));
    !alnum_bits(word) & not_bracket & !word
}

/// ASCII bytes that neither make a word nor start a link target (see `quiet_bits`).
static QUIET: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = !(c as u8).is_ascii_alphanumeric() && c as u8 != b']';
        c += 1;
    }
    table
};

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-byte tests agree with the tables on every byte, wherever it stands.
    #[test]
    fn byte_classes_agree_with_their_tables() {
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'a', b' ', b']', 0x80, b'Z', b'0', b'-', 0xff];
                eight[at] = byte;
                let word = u64::from_le_bytes(eight);
                for (k, &b) in eight.iter().enumerate() {
                    let bit = |bits: u64| bits >> (8 * k + 7) & 1 == 1;
                    assert_eq!(bit(alnum_bits(word)), ASCII_ALNUM[b as usize], "{b:#x}");
                    assert_eq!(bit(quiet_bits(word)), QUIET[b as usize], "{b:#x}");
                }
            }
        }
    }
}
