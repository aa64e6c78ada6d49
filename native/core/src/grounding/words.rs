//! Text as the grounding compares it (server/core/fallback/grounding/words.ts): a
//! sequence of folded words, each with its span in the original. Letters, digits and
//! combining marks make words; everything else (Markdown markup, punctuation, spaces)
//! only separates them; an ideograph is a word of its own; a Markdown link keeps its
//! text and loses its target (after "](", a run without white space up to ")").

use crate::chars::{char_class, is_space, CharClass};
use crate::pipeline::fold_word;
use rustc_hash::FxHashMap;

/// Word ids shared by every text of one grounding, so equal words compare as equal numbers.
#[derive(Default)]
pub struct Interner {
    ids: FxHashMap<String, u32>,
    buf: String,
}

impl Interner {
    fn id(&mut self, raw: &str) -> u32 {
        fold_word(raw, &mut self.buf);
        if let Some(&id) = self.ids.get(self.buf.as_str()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(self.buf.clone(), id);
        id
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

struct Open {
    byte: usize,
    unit: usize,
}

pub fn read_words(text: &str, interner: &mut Interner) -> Words {
    let mut out = Words::default();
    let bytes = text.as_bytes();
    let mut open: Option<Open> = None;
    let mut close = |open: &mut Option<Open>, out: &mut Words, byte: usize, unit: usize| {
        if let Some(o) = open.take() {
            out.ids.push(interner.id(&text[o.byte..byte]));
            out.starts.push(o.unit as u32);
            out.ends.push(unit as u32);
            out.byte_starts.push(o.byte as u32);
            out.byte_ends.push(byte as u32);
        }
    };
    // A failed scan for a link target stopped at `open_until` (white space or the end):
    // every "](" before it fails there too. (Byte and UTF-16 positions, in step.)
    let mut open_until: Option<(usize, usize)> = None;
    let mut i = 0; // bytes
    let mut u = 0; // UTF-16 units
    while i < bytes.len() {
        if bytes[i] == b']' && bytes.get(i + 1) == Some(&b'(') {
            close(&mut open, &mut out, i, u);
            let (mut j, mut ju) = (i + 2, u + 2);
            match open_until {
                Some((b, bu)) if j <= b => {
                    j = b;
                    ju = bu;
                }
                _ => {
                    while j < bytes.len() && bytes[j] != b')' {
                        let c = text[j..].chars().next().unwrap_or(' ');
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
        let (c, len) = if bytes[i] < 0x80 {
            (bytes[i] as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            (c, c.len_utf8())
        };
        let units = c.len_utf16();
        match char_class(c) {
            CharClass::Ideograph => {
                close(&mut open, &mut out, i, u);
                open = Some(Open { byte: i, unit: u });
                close(&mut open, &mut out, i + len, u + units);
            }
            CharClass::Alnum => {
                if open.is_none() {
                    open = Some(Open { byte: i, unit: u });
                }
            }
            CharClass::Extend => {}
            _ => close(&mut open, &mut out, i, u),
        }
        i += len;
        u += units;
    }
    close(&mut open, &mut out, bytes.len(), u);
    out
}
