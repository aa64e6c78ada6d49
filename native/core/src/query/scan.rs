//! Byte classes shared by the detectors.
//!
//! Every rule of the analyser is stated over ASCII characters only, so the Rust
//! scanners can walk UTF-8 bytes and the TypeScript twin can walk UTF-16 code
//! units and still take the same decisions: a non-ASCII character is never in
//! any of these classes, whatever its encoding.

/// `[A-Za-z0-9]`
#[inline]
pub fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The base64url alphabet `[A-Za-z0-9_-]`, which API keys and JWT segments use.
#[inline]
pub fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// ASCII whitespace: space, tab, LF, VT, FF, CR. Non-ASCII spaces are deliberately
/// not whitespace, so both implementations agree without a Unicode table.
#[inline]
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Length of the run of bytes in `class` starting at `from`.
#[inline]
pub fn run_len(bytes: &[u8], from: usize, class: impl Fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .take_while(|&&b| class(b))
        .count()
}

/// The byte before `at`, if any.
#[inline]
pub fn byte_before(bytes: &[u8], at: usize) -> Option<u8> {
    at.checked_sub(1).map(|i| bytes[i])
}
