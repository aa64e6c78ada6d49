//! Passwords in assignments (`password=...`, `"pwd": "..."`, `DB_PASSWORD: ...`,
//! `Password=...;` in connection strings) and in URL credentials
//! (`scheme://user:password@host`). Only the value is a finding, so the
//! sanitized text still shows which setting it was.
//!
//! The rule is about syntax, never about words: "how should I hash passwords?"
//! has no assignment and is left alone. A few guards keep code and prose that
//! merely mention a password field from being redacted: references and format
//! placeholders (`$DB_PASS`, `{pw}`, `%s`), masks (`****`), type names and null-ish
//! values, unclosed quotes (the end of another string literal), call or index expressions
//! (`input()`, `form["pw"]`), dotted paths (`user.password`), and, after a
//! colon, a single word in running text ("Password: must be 8 characters").

use super::candidate::Candidate;
use super::scan::{byte_before, is_alnum, is_space};
use super::FindingKind;

/// Names whose assignment holds a password (compared case-insensitively as a suffix,
/// so `DB_PASSWORD`, `new_passwd` and `adminPwd` count).
const PASSWORD_NAMES: [&[u8]; 4] = [b"password", b"passwd", b"pwd", b"passphrase"];
/// Values that are placeholders or types, not secrets (compared case-insensitively).
const NON_SECRET_VALUES: [&[u8]; 17] = [
    b"null",
    b"none",
    b"nil",
    b"undefined",
    b"true",
    b"false",
    b"required",
    b"optional",
    b"string",
    b"str",
    b"password",
    b"passwd",
    b"pwd",
    b"secret",
    b"your_password",
    b"your-password",
    b"yourpassword",
];
/// Values longer than this (in UTF-16 units) skip the guards: nobody writes a
/// 100-character placeholder, and skipping keeps pathological inputs linear.
const GUARDED_VALUE_MAX: usize = 128;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// `=`, `:=`, `=>`
    Assign,
    /// `:` (YAML, JSON, prose)
    Colon,
    /// `==` or `===`: only a quoted literal is a hard-coded password.
    Compare,
}

/// Stateful so a long unquoted run shared by several assignments
/// (`password=password=...`) is measured once.
#[derive(Default)]
pub struct PasswordScanner {
    /// A byte range known to contain no value-stop byte, and that range's end without trailing dots.
    run: Option<(usize, usize, usize)>,
}

impl PasswordScanner {
    /// Called at every `=` and `:`.
    pub fn at_operator(&mut self, bytes: &[u8], at: usize) -> Option<Candidate> {
        if bytes[at] == b':' && bytes[at + 1..].starts_with(b"//") {
            return url_password(bytes, at);
        }
        let (op, op_len) = operator_at(bytes, at)?;
        if !assigned_name_is_password(bytes, at) {
            return None;
        }
        let mut v = at + op_len;
        while v < bytes.len() && matches!(bytes[v], b' ' | b'\t') {
            v += 1;
        }
        match bytes.get(v) {
            Some(&q @ (b'"' | b'\'' | b'`')) => quoted_value(bytes, v + 1, q),
            Some(_) if op != Operator::Compare => self.unquoted_value(bytes, v, op),
            _ => None,
        }
    }

    fn unquoted_value(&mut self, bytes: &[u8], start: usize, op: Operator) -> Option<Candidate> {
        let (run_end, trimmed_end) = match self.run {
            Some((from, run_end, trimmed_end)) if from <= start && start <= run_end => {
                (run_end, trimmed_end)
            }
            _ => {
                let run_end = start
                    + bytes[start..]
                        .iter()
                        .take_while(|&&b| !is_value_stop(b))
                        .count();
                let mut trimmed_end = run_end;
                // A trailing full stop ends the sentence, not the password.
                while trimmed_end > start && bytes[trimmed_end - 1] == b'.' {
                    trimmed_end -= 1;
                }
                self.run = Some((start, run_end, trimmed_end));
                (run_end, trimmed_end)
            }
        };
        if trimmed_end <= start {
            return None;
        }
        let value = &bytes[start..trimmed_end];
        if is_guarded(value) {
            if is_non_secret(value) || is_code_expression(value) {
                return None;
            }
            if op == Operator::Colon
                && value.iter().all(u8::is_ascii_alphabetic)
                && !line_ends_at(bytes, run_end)
            {
                return None;
            }
        }
        Some(Candidate::new(
            FindingKind::PasswordAssignment,
            start,
            trimmed_end,
        ))
    }
}

fn operator_at(bytes: &[u8], at: usize) -> Option<(Operator, usize)> {
    let prev = byte_before(bytes, at);
    let next = bytes.get(at + 1).copied();
    match bytes[at] {
        // `::` is a path separator, not an assignment.
        b':' if prev == Some(b':') || next == Some(b':') => None,
        b':' if next == Some(b'=') => Some((Operator::Assign, 2)),
        b':' => Some((Operator::Colon, 1)),
        // The second character of `:=`, `==`, `!=`, `<=`, `>=` was handled at the first.
        b'=' if matches!(prev, Some(b':' | b'=' | b'!' | b'<' | b'>')) => None,
        b'=' if next == Some(b'>') => Some((Operator::Assign, 2)),
        b'=' if next == Some(b'=') => Some((
            Operator::Compare,
            if bytes.get(at + 2) == Some(&b'=') {
                3
            } else {
                2
            },
        )),
        b'=' => Some((Operator::Assign, 1)),
        _ => None,
    }
}

/// Whether the name before the operator (spaces and one closing quote allowed) ends with a password name.
fn assigned_name_is_password(bytes: &[u8], op_at: usize) -> bool {
    let mut k = op_at;
    while k > 0 && matches!(bytes[k - 1], b' ' | b'\t') {
        k -= 1;
    }
    if k > 0 && matches!(bytes[k - 1], b'"' | b'\'' | b'`') {
        k -= 1;
    }
    let name_end = k;
    while k > 0 && is_name_char(bytes[k - 1]) {
        k -= 1;
    }
    let name = &bytes[k..name_end];
    // `$PWD:/app` reads a shell variable; it does not assign one.
    if byte_before(bytes, k) == Some(b'$') {
        return false;
    }
    PASSWORD_NAMES
        .iter()
        .any(|n| name.len() >= n.len() && name[name.len() - n.len()..].eq_ignore_ascii_case(n))
}

fn quoted_value(bytes: &[u8], start: usize, quote: u8) -> Option<Candidate> {
    let mut j = start;
    while j < bytes.len() && bytes[j] != quote && bytes[j] != b'\n' && bytes[j] != b'\r' {
        // A backslash escapes the next ASCII character (so `\"` does not close the string).
        let escapes = bytes[j] == b'\\'
            && bytes
                .get(j + 1)
                .is_some_and(|&b| b < 0x80 && b != b'\n' && b != b'\r');
        j += if escapes { 2 } else { 1 };
    }
    // An unclosed quote is the end of some other string ("Password: " in a print call), not a value.
    if bytes.get(j) != Some(&quote) {
        return None;
    }
    let value = &bytes[start..j];
    let placeholder = is_guarded(value) && is_non_secret(value);
    (!value.is_empty() && !placeholder)
        .then(|| Candidate::new(FindingKind::PasswordAssignment, start, j))
}

/// `scheme://user:password@host`: the password between the colon and the `@`.
fn url_password(bytes: &[u8], colon: usize) -> Option<Candidate> {
    if !byte_before(bytes, colon).is_some_and(is_alnum) {
        return None;
    }
    let user_start = colon + 3;
    let user_end = user_start
        + bytes[user_start..]
            .iter()
            .take_while(|&&b| is_url_user_char(b))
            .count();
    if bytes.get(user_end) != Some(&b':') {
        return None;
    }
    let start = user_end + 1;
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|&&b| !is_space(b) && b != b'/' && b != b'@')
            .count();
    let host_follows = bytes.get(end) == Some(&b'@')
        && bytes
            .get(end + 1)
            .is_some_and(|&b| is_alnum(b) || b == b'[');
    let value = &bytes[start..end];
    let placeholder = is_guarded(value) && is_non_secret(value);
    (end > start && host_follows && !placeholder)
        .then(|| Candidate::new(FindingKind::PasswordAssignment, start, end))
}

/// Characters of the user part of URL credentials.
pub fn is_url_user_char(b: u8) -> bool {
    !is_space(b) && !matches!(b, b'/' | b'@' | b':' | b'?' | b'#')
}

fn is_name_char(b: u8) -> bool {
    is_alnum(b) || b == b'_' || b == b'-'
}

/// Where an unquoted value ends: whitespace, separators of query strings and
/// connection strings, quotes, and closing brackets of the surrounding code.
fn is_value_stop(b: u8) -> bool {
    is_space(b)
        || matches!(
            b,
            b';' | b',' | b'&' | b'"' | b'\'' | b'`' | b'<' | b'>' | b')' | b']' | b'}'
        )
}

fn is_guarded(value: &[u8]) -> bool {
    utf16_len_within(value, GUARDED_VALUE_MAX)
}

/// Whether the UTF-8 `bytes` are at most `max` UTF-16 units, reading no further than needed.
fn utf16_len_within(bytes: &[u8], max: usize) -> bool {
    if bytes.len() <= max {
        return true;
    }
    let mut units = 0;
    for &b in bytes {
        units += usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0);
        if units > max {
            return false;
        }
    }
    true
}

fn is_non_secret(value: &[u8]) -> bool {
    // References and format placeholders: `$DB_PASS`, `${pw}`, `{pw}`, `%s`.
    matches!(value.first(), Some(b'$' | b'{' | b'%'))
        // Masks and punctuation (`****`, `", "`): nothing alphanumeric, nothing non-ASCII.
        || value.iter().all(|&b| b < 0x80 && !is_alnum(b))
        || value.iter().all(|&b| b == b'x' || b == b'X')
        || NON_SECRET_VALUES.iter().any(|v| value.eq_ignore_ascii_case(v))
}

/// `input()`, `form["pw"]`, `user.password`, `settings.DB_PASSWORD`: code, not a literal.
fn is_code_expression(value: &[u8]) -> bool {
    if value.iter().any(|&b| b == b'(' || b == b'[') {
        return true;
    }
    let mut parts = value.split(|&b| b == b'.');
    let is_identifier = |p: &[u8]| {
        p.first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
            && p.iter().all(|&b| is_alnum(b) || b == b'_')
    };
    value.contains(&b'.') && parts.all(is_identifier)
}

/// Whether only spaces or tabs separate `at` from the end of its line.
fn line_ends_at(bytes: &[u8], at: usize) -> bool {
    bytes[at..]
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_none_or(|&b| b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<&str> {
        let mut scanner = PasswordScanner::default();
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i] == b'=' || bytes[i] == b':')
            .filter_map(|i| scanner.at_operator(bytes, i))
            .map(|c| &text[c.start..c.end])
            .collect()
    }

    #[test]
    fn assignment_forms() {
        assert_eq!(values("password=hunter2"), ["hunter2"]);
        assert_eq!(values("DB_PASSWORD: s3cr3t!\nuser: bob"), ["s3cr3t!"]);
        assert_eq!(
            values(r#"{"pwd": "c0rrect horse", "user": "x"}"#),
            ["c0rrect horse"]
        );
        assert_eq!(
            values("Server=db;User Id=sa;Password=Tr0ub4dor!3;"),
            ["Tr0ub4dor!3"]
        );
        assert_eq!(values("adminPwd := 'p\\'q'"), ["p\\'q"]);
        assert_eq!(values("my password is: hunter2."), Vec::<&str>::new());
        assert_eq!(values("password: hunter2."), ["hunter2"]);
        assert_eq!(values("if password == \"letmein\":"), ["letmein"]);
    }

    #[test]
    fn mentions_are_not_assignments() {
        for text in [
            "how should I hash passwords?",
            "Password: must be at least 8 characters",
            "password: string;",
            "password = input(\"Password: \")",
            "print(\"Password: \", pw)",
            "print(f\"Password: {pw}\")",
            "password = user.password",
            "password=$DB_PASSWORD",
            "password: ********",
            "\"password\": null",
            "if password == other:",
            "Password::new(x)",
            "docker run -v $PWD:/app image",
            "password:\n  secret",
        ] {
            assert_eq!(values(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn url_credentials() {
        assert_eq!(
            values("postgres://admin:Sup3rS3cret@db.internal:5432/app"),
            ["Sup3rS3cret"]
        );
        assert_eq!(values("https://example.com:8080/path"), Vec::<&str>::new());
        assert_eq!(values("redis://:${REDIS_PASS}@cache"), Vec::<&str>::new());
    }
}
