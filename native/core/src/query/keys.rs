//! Provider credentials recognised by their documented prefixes:
//! OpenAI `sk-` (incl. `sk-proj-`, `sk-svcacct-`), Anthropic `sk-ant-`,
//! Google API keys `AIza`, Google OAuth access tokens `ya29.` and refresh tokens `1//0`.
//!
//! A key must start a token (the byte before it is not part of the key alphabet),
//! so a prefix in the middle of a longer identifier never matches.

use super::candidate::Candidate;
use super::scan::{byte_before, is_b64url, run_len};
use super::FindingKind;

/// Shortest body accepted after `sk-` / `sk-ant-` / `ya29.`: real keys are far
/// longer, and short hyphenated words (`sk-learn`) stay untouched.
const MIN_SECRET_BODY: usize = 20;
/// Google API keys are `AIza` + 35 characters; a little slack for truncated pastes.
const MIN_GOOGLE_API_KEY_BODY: usize = 30;

/// `sk-ant-...` (Anthropic) or `sk-...` (OpenAI) starting at `at`.
pub fn sk_key_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    let rest = &bytes[at..];
    if !rest.starts_with(b"sk-") || byte_before(bytes, at).is_some_and(is_b64url) {
        return None;
    }
    let body_start = at + 3;
    let body_len = run_len(bytes, body_start, is_b64url);
    let body = &bytes[body_start..body_start + body_len];
    // Keys mix letters and digits; a long hyphenated phrase after "sk-" has no digit.
    let looks_random =
        body.iter().any(u8::is_ascii_digit) && body.iter().any(u8::is_ascii_alphabetic);
    if body_len < MIN_SECRET_BODY || !looks_random {
        return None;
    }
    let kind = if rest.starts_with(b"sk-ant-") {
        FindingKind::AnthropicKey
    } else {
        FindingKind::OpenaiKey
    };
    Some(Candidate::new(kind, at, body_start + body_len))
}

/// `AIza` followed by at least 30 base64url characters.
pub fn google_api_key_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    if !bytes[at..].starts_with(b"AIza") || byte_before(bytes, at).is_some_and(is_b64url) {
        return None;
    }
    let body_len = run_len(bytes, at + 4, is_b64url);
    (body_len >= MIN_GOOGLE_API_KEY_BODY)
        .then(|| Candidate::new(FindingKind::GoogleApiKey, at, at + 4 + body_len))
}

/// `ya29.` access token. The body may contain dots; a trailing dot is the
/// sentence's full stop, not part of the token.
pub fn google_access_token_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    let token_char = |b: u8| is_b64url(b) || b == b'.';
    if !bytes[at..].starts_with(b"ya29.") || byte_before(bytes, at).is_some_and(token_char) {
        return None;
    }
    let body_start = at + 5;
    let mut end = body_start + run_len(bytes, body_start, token_char);
    while end > body_start && bytes[end - 1] == b'.' {
        end -= 1;
    }
    (end - body_start >= MIN_SECRET_BODY)
        .then(|| Candidate::new(FindingKind::GoogleOauthToken, at, end))
}

/// `1//0...` refresh token.
pub fn google_refresh_token_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    if !bytes[at..].starts_with(b"1//0")
        || byte_before(bytes, at).is_some_and(|b| is_b64url(b) || b == b'/')
    {
        return None;
    }
    // The body starts at the '0' after "1//".
    let body_len = run_len(bytes, at + 3, is_b64url);
    (body_len > MIN_SECRET_BODY)
        .then(|| Candidate::new(FindingKind::GoogleOauthToken, at, at + 3 + body_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_at(
        f: fn(&[u8], usize) -> Option<Candidate>,
        text: &str,
        at: usize,
    ) -> Option<(FindingKind, usize, usize)> {
        f(text.as_bytes(), at).map(|c| (c.kind, c.start, c.end))
    }

    #[test]
    fn openai_and_anthropic_keys() {
        let key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
        assert_eq!(
            kind_at(sk_key_at, key, 0),
            Some((FindingKind::OpenaiKey, 0, key.len()))
        );
        let ant = "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0-Fe_dCbA";
        assert_eq!(
            kind_at(sk_key_at, ant, 0),
            Some((FindingKind::AnthropicKey, 0, ant.len()))
        );
    }

    #[test]
    fn sk_needs_a_random_looking_body_at_a_token_start() {
        assert_eq!(kind_at(sk_key_at, "sk-learn", 0), None);
        assert_eq!(
            kind_at(sk_key_at, "sk-this-is-a-long-hyphenated-phrase", 0),
            None
        );
        assert_eq!(
            kind_at(sk_key_at, "task-Ab3dEf6hIj9kLm2nOp5qRs8tUv", 2),
            None
        );
    }

    #[test]
    fn google_credentials() {
        let api = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
        assert_eq!(
            kind_at(google_api_key_at, api, 0),
            Some((FindingKind::GoogleApiKey, 0, api.len()))
        );
        let access = "ya29.a0AfH6SMBx1y2z3A4b5C6d7E8f9G0h.";
        assert_eq!(
            kind_at(google_access_token_at, access, 0),
            Some((FindingKind::GoogleOauthToken, 0, access.len() - 1))
        );
        let refresh = "1//0gLq2x3Y4z5A6b7C8d9E0f1G2h3I4j";
        assert_eq!(
            kind_at(google_refresh_token_at, refresh, 0),
            Some((FindingKind::GoogleOauthToken, 0, refresh.len()))
        );
        assert_eq!(
            kind_at(
                google_refresh_token_at,
                "http://1//0gLq2x3Y4z5A6b7C8d9E0f1G2h3I4j",
                6
            ),
            None
        );
    }
}
