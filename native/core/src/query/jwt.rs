//! JSON Web Tokens: `header.payload.signature`, three base64url segments whose
//! header decodes to a JSON object with an `alg` member.
//!
//! The header check is structural (outer braces, an `"alg"` key followed by a
//! colon) rather than a full JSON parse: it is exact, cheap, and the TypeScript
//! twin can apply the very same rule (JSON.parse and serde differ on edge cases).

use super::candidate::Candidate;
use super::scan::{byte_before, is_b64url, run_len};
use super::FindingKind;

/// A JWT starting at `at` (which must be `eyJ`, the encoding of `{"`).
/// The signature may be empty (unsecured `alg: none` tokens).
pub fn jwt_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    if !bytes[at..].starts_with(b"eyJ")
        || byte_before(bytes, at).is_some_and(|b| is_b64url(b) || b == b'.')
    {
        return None;
    }
    let header_end = at + run_len(bytes, at, is_b64url);
    if bytes.get(header_end) != Some(&b'.') {
        return None;
    }
    let payload_end = header_end + 1 + run_len(bytes, header_end + 1, is_b64url);
    if payload_end == header_end + 1 || bytes.get(payload_end) != Some(&b'.') {
        return None;
    }
    let end = payload_end + 1 + run_len(bytes, payload_end + 1, is_b64url);
    header_has_alg(&bytes[at..header_end]).then(|| Candidate::new(FindingKind::Jwt, at, end))
}

fn header_has_alg(encoded: &[u8]) -> bool {
    let Some(decoded) = decode_base64url(encoded) else {
        return false;
    };
    let is_json_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let Some(first) = decoded.iter().position(|b| !is_json_space(b)) else {
        return false;
    };
    let last = decoded
        .iter()
        .rposition(|b| !is_json_space(b))
        .unwrap_or(first);
    if decoded[first] != b'{' || decoded[last] != b'}' {
        return false;
    }
    let body = &decoded[first..=last];
    body.windows(5).enumerate().any(|(i, w)| {
        w == b"\"alg\"" && body[i + 5..].iter().find(|b| !is_json_space(b)) == Some(&b':')
    })
}

/// Unpadded base64url; `None` when a character is outside the alphabet or the
/// length cannot come from whole bytes (a remainder of one character).
pub fn decode_base64url(encoded: &[u8]) -> Option<Vec<u8>> {
    if encoded.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(encoded.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in encoded {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn finds_a_signed_token() {
        let c = jwt_at(TOKEN.as_bytes(), 0).unwrap();
        assert_eq!((c.kind, c.start, c.end), (FindingKind::Jwt, 0, TOKEN.len()));
    }

    #[test]
    fn rejects_a_header_without_alg() {
        // {"typ":"JWT"} as header
        assert!(jwt_at(b"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.abc", 0).is_none());
        assert!(jwt_at(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.", 0).is_some());
        assert!(jwt_at(b"eyJhbGciOiJIUzI1NiJ9..sig", 0).is_none());
    }

    #[test]
    fn base64url_round_values() {
        assert_eq!(decode_base64url(b"eyJhIjoxfQ").unwrap(), b"{\"a\":1}");
        assert!(decode_base64url(b"abcde").is_none());
        assert!(decode_base64url(b"ab+c").is_none());
    }
}
