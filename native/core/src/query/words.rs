//! ASCII word tokens for phrase matching (prompt injection) and technical terms.
//! A word is a maximal run of `[A-Za-z0-9]`; everything else separates words.
//!
//! Each word carries its lowercase bytes packed into a `u128` ([`pack`]), so the
//! phrase and term tables compare one integer per candidate instead of strings.

use super::scan::is_alnum;

#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// A sentence ends between the previous word and this one (`.`, `!` or `?`
    /// in the gap), so a phrase must not continue across it.
    pub after_break: bool,
    /// `pack` of the lowercased word; 0 for words longer than 16 bytes, which no table holds.
    pub key: u128,
}

/// Packs up to 16 lowercase ASCII bytes into an integer (first byte lowest).
pub const fn pack(word: &str) -> u128 {
    let b = word.as_bytes();
    assert!(
        !b.is_empty() && b.len() <= 16,
        "table words are 1 to 16 bytes"
    );
    let mut key = 0u128;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// A constant set of packed words. Most lookups end at one table load: `shapes`
/// records which (first byte, length) pairs occur, and only a word with such a
/// shape goes on to the binary search.
pub struct KeySet<const N: usize> {
    keys: [u128; N],
    shapes: [u32; 256],
}

impl<const N: usize> KeySet<N> {
    pub const fn new(mut keys: [u128; N]) -> Self {
        // Insertion sort: `sort` is not const.
        let mut i = 1;
        while i < N {
            let mut j = i;
            while j > 0 && keys[j - 1] > keys[j] {
                let t = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = t;
                j -= 1;
            }
            i += 1;
        }
        let mut shapes = [0u32; 256];
        let mut k = 0;
        while k < N {
            shapes[(keys[k] & 0xFF) as usize] |= 1 << key_len(keys[k]);
            k += 1;
        }
        KeySet { keys, shapes }
    }

    /// Position of `key` in the sorted set (stable for a given set, so usable as a bit index).
    #[inline]
    pub fn index_of(&self, key: u128) -> Option<usize> {
        if self.shapes[(key & 0xFF) as usize] & (1 << key_len(key)) == 0 {
            return None;
        }
        self.keys.binary_search(&key).ok()
    }
}

/// Number of bytes packed in `key`.
const fn key_len(key: u128) -> u32 {
    (128 - key.leading_zeros()).div_ceil(8)
}

/// `pack` of the lowercased word at `bytes[start..end]`; 0 past 16 bytes.
///
/// One 16-byte load and a few word-wide operations instead of a loop per byte:
/// a word holds ASCII letters and digits only, so adding a constant to every
/// byte never carries into the next one, and the sums' high bits flag `A..=Z`.
fn key_of(bytes: &[u8], start: usize, end: usize) -> u128 {
    const ONES: u128 = u128::from_le_bytes([1; 16]);
    let len = end - start;
    if len > 16 {
        return 0;
    }
    let raw = match bytes.get(start..start + 16) {
        Some(window) => u128::from_le_bytes(window.try_into().unwrap_or([0; 16])),
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&bytes[start..end]);
            u128::from_le_bytes(buf)
        }
    };
    let word = if len == 16 {
        raw
    } else {
        raw & ((1u128 << (8 * len)) - 1)
    };
    let at_least_a = word + ONES * u128::from(0x80 - b'A');
    let past_z = word + ONES * u128::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !past_z & (ONES * 0x80);
    word | (upper >> 2)
}

pub fn ascii_words(bytes: &[u8]) -> Vec<Word> {
    // About one word per six bytes of prose; one allocation in the common case.
    let mut words = Vec::with_capacity(bytes.len() / 6 + 1);
    let mut i = 0;
    let mut after_break = false;
    while i < bytes.len() {
        let b = bytes[i];
        if is_alnum(b) {
            let start = i;
            while i < bytes.len() && is_alnum(bytes[i]) {
                i += 1;
            }
            words.push(Word {
                start,
                end: i,
                after_break,
                key: key_of(bytes, start, i),
            });
            after_break = false;
        } else {
            after_break |= matches!(b, b'.' | b'!' | b'?');
            i += 1;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lowercase_packs() {
        let text = b"Ignore ALL previous-Instructions zZ09 averyveryverylongword x";
        let keys: Vec<u128> = ascii_words(text).iter().map(|w| w.key).collect();
        assert_eq!(
            keys[..4],
            [
                pack("ignore"),
                pack("all"),
                pack("previous"),
                pack("instructions")
            ]
        );
        assert_eq!(keys[4], pack("zz09"));
        assert_eq!(keys[5], 0, "longer than 16 bytes");
        assert_eq!(keys[6], pack("x"), "a word near the end of the text");
    }

    #[test]
    fn key_sets_find_members_only() {
        const SET: KeySet<3> = KeySet::new([pack("zeta"), pack("alpha"), pack("mid")]);
        assert!(SET.index_of(pack("alpha")).is_some() && SET.index_of(pack("zeta")).is_some());
        assert_eq!(SET.index_of(pack("alph")), None);
        assert_eq!(SET.index_of(0), None);
    }
}
