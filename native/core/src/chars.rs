//! Code point classes of the word segmenter, identical to
//! server/core/fallback/chars.ts. Letters and numbers are Unicode `Alphabetic`
//! or `N`: `char::is_alphabetic() || char::is_numeric()`, which is what the JS
//! side tests with `/[\p{Alphabetic}\p{N}]/u`.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CharClass {
    Other,
    Alnum,
    Connector,
    Apostrophe,
    Period,
    Comma,
    Extend,
    Ideograph,
}

const fn ascii_table() -> [CharClass; 128] {
    let mut table = [CharClass::Other; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() {
            table[c] = CharClass::Alnum;
        }
        c += 1;
    }
    table[b'_' as usize] = CharClass::Connector;
    table[b'\'' as usize] = CharClass::Apostrophe;
    table[b'.' as usize] = CharClass::Period;
    table[b',' as usize] = CharClass::Comma;
    table
}

pub static ASCII_CLASS: [CharClass; 128] = ascii_table();

pub fn is_ideograph(cp: u32) -> bool {
    (0x4e00..=0x9fff).contains(&cp)
        || (0x3400..=0x4dbf).contains(&cp)
        || (0xf900..=0xfaff).contains(&cp)
        || (0x20000..=0x2fa1f).contains(&cp)
        || (0x3040..=0x309f).contains(&cp)
}

pub fn is_combining_mark(cp: u32) -> bool {
    (0x0300..=0x036f).contains(&cp)
        || (0x1ab0..=0x1aff).contains(&cp)
        || (0x1dc0..=0x1dff).contains(&cp)
        || (0x20d0..=0x20ff).contains(&cp)
        || (0xfe20..=0xfe2f).contains(&cp)
        || cp == 0x200d
        || (0xfe00..=0xfe0f).contains(&cp)
}

#[inline]
pub fn char_class(c: char) -> CharClass {
    let cp = c as u32;
    if cp < 128 {
        return ASCII_CLASS[cp as usize];
    }
    if cp == 0x2019 {
        return CharClass::Apostrophe;
    }
    if is_ideograph(cp) {
        return CharClass::Ideograph;
    }
    if is_combining_mark(cp) {
        return CharClass::Extend;
    }
    if c.is_alphabetic() || c.is_numeric() {
        CharClass::Alnum
    } else {
        CharClass::Other
    }
}

/// White space as both backends define it.
#[inline]
pub fn is_space(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        return cp == 0x20 || (0x09..=0x0d).contains(&cp);
    }
    cp == 0x85
        || cp == 0xa0
        || cp == 0x1680
        || (0x2000..=0x200a).contains(&cp)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202f
        || cp == 0x205f
        || cp == 0x3000
        || cp == 0xfeff
}

/// The char starting at byte `i` (which must be a char boundary) and its length.
#[inline]
pub fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{fffd}');
    (c, c.len_utf8())
}

/// Like `char_at` but a NUL past the end, as JS `charCodeAt` gives NaN that matches nothing.
#[inline]
pub fn char_at_or_nul(text: &str, i: usize, end: usize) -> (char, usize) {
    if i >= end {
        ('\0', 0)
    } else {
        char_at(text, i)
    }
}
