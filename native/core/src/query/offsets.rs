//! UTF-8 byte offsets to UTF-16 code-unit offsets (JavaScript string indices).

/// Converts ascending byte offsets (each on a char boundary) of `text` to
/// UTF-16 offsets in one pass. A UTF-8 sequence is one UTF-16 unit, except
/// 4-byte sequences (astral characters), which are a surrogate pair.
pub fn utf8_to_utf16_offsets(text: &str, ascending: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return ascending.to_vec();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(ascending.len());
    let (mut at, mut units) = (0usize, 0usize);
    for &target in ascending {
        units += utf16_len_of(&bytes[at..target]);
        at = target;
        out.push(units);
    }
    out
}

/// Number of UTF-16 code units encoding the (valid UTF-8) bytes.
pub fn utf16_len_of(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rust_own_utf16_encoding() {
        let text = "aé€😀b\u{FFFD}c";
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let got = utf8_to_utf16_offsets(text, &boundaries);
        let want: Vec<usize> = boundaries
            .iter()
            .map(|&i| text[..i].encode_utf16().count())
            .collect();
        assert_eq!(got, want);
        assert_eq!(utf16_len_of(text.as_bytes()), text.encode_utf16().count());
    }

    #[test]
    fn ascii_offsets_are_unchanged() {
        assert_eq!(utf8_to_utf16_offsets("hello", &[0, 2, 5]), vec![0, 2, 5]);
    }
}
