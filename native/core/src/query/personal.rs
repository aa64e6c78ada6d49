//! Personal data: email addresses and payment card numbers.

use super::candidate::Candidate;
use super::password::is_url_user_char;
use super::scan::{byte_before, is_alnum};
use super::FindingKind;

const MIN_CARD_DIGITS: usize = 13;
const MAX_CARD_DIGITS: usize = 19;

fn is_local_char(b: u8) -> bool {
    is_alnum(b) || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_char(b: u8) -> bool {
    is_alnum(b) || b == b'.' || b == b'-'
}

/// The address around the `@` at `at`: `local@label.label...tld`, with a
/// letters-only top-level domain of two or more letters (so `pkg@1.2.3` and
/// `user@localhost` are not addresses). `git@host` is the SSH convention, not
/// a person, and the password part of URL credentials belongs to `password`.
pub fn email_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    let mut start = at;
    while start > 0 && is_local_char(bytes[start - 1]) {
        start -= 1;
    }
    while start < at && bytes[start] == b'.' {
        start += 1;
    }
    if start == at || &bytes[start..at] == b"git" || follows_url_user(bytes, start) {
        return None;
    }
    let mut end = at
        + 1
        + bytes[at + 1..]
            .iter()
            .take_while(|&&b| is_domain_char(b))
            .count();
    while end > at + 1 && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let domain = &bytes[at + 1..end];
    let labels_ok = domain.split(|&b| b == b'.').all(|label| !label.is_empty());
    let tld = domain.rsplit(|&b| b == b'.').next().unwrap_or_default();
    let tld_ok = tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic);
    (domain.contains(&b'.') && labels_ok && tld_ok)
        .then(|| Candidate::new(FindingKind::Email, start, end))
}

/// Whether `local_start` follows `scheme://user:`, i.e. the "local part" is a URL password.
fn follows_url_user(bytes: &[u8], local_start: usize) -> bool {
    if byte_before(bytes, local_start) != Some(b':') {
        return false;
    }
    let mut k = local_start - 1;
    while k > 0 && is_url_user_char(bytes[k - 1]) {
        k -= 1;
    }
    bytes[..k].ends_with(b"://")
}

/// A card number starting at `at`: 13 to 19 digits, optionally grouped by single
/// spaces or dashes, starting with 2-6 (the ranges card networks issue; this also
/// leaves millisecond timestamps alone), passing the Luhn checksum, and not part
/// of a longer number or word.
pub fn card_at(bytes: &[u8], at: usize) -> Option<Candidate> {
    if !matches!(bytes[at], b'2'..=b'6')
        || byte_before(bytes, at).is_some_and(|b| is_alnum(b) || b == b'_' || b == b'.')
    {
        return None;
    }
    let mut digits = [0u8; MAX_CARD_DIGITS];
    let (mut count, mut j) = (0usize, at);
    loop {
        if count == MAX_CARD_DIGITS {
            return None; // a longer number: an id, not a card
        }
        digits[count] = bytes[j] - b'0';
        count += 1;
        j += 1;
        match bytes.get(j) {
            Some(b) if b.is_ascii_digit() => {}
            Some(b' ' | b'-') if bytes.get(j + 1).is_some_and(u8::is_ascii_digit) => j += 1,
            _ => break,
        }
    }
    let after = bytes.get(j).copied();
    let continues = after.is_some_and(|b| is_alnum(b) || b == b'_')
        || (matches!(after, Some(b'.' | b',')) && bytes.get(j + 1).is_some_and(u8::is_ascii_digit));
    (count >= MIN_CARD_DIGITS && !continues && luhn_valid(&digits[..count]))
        .then(|| Candidate::new(FindingKind::CardNumber, at, j))
}

pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(text: &str) -> Option<&str> {
        let at = text.find('@')?;
        email_at(text.as_bytes(), at).map(|c| &text[c.start..c.end])
    }

    fn card(text: &str) -> Option<&str> {
        (0..text.len())
            .find_map(|i| card_at(text.as_bytes(), i))
            .map(|c| &text[c.start..c.end])
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("write to jane.doe+tag@mail.example.co.uk."),
            Some("jane.doe+tag@mail.example.co.uk")
        );
        assert_eq!(email("mailto:bob@example.org"), Some("bob@example.org"));
        assert_eq!(email("npm i pkg@1.2.3"), None);
        assert_eq!(email("user@localhost"), None);
        assert_eq!(email("git@github.com:me/repo.git"), None);
        assert_eq!(email("@decorator"), None);
        assert_eq!(email("postgres://u:pw@db.example.com/x"), None);
    }

    #[test]
    fn cards() {
        assert_eq!(
            card("card 4111 1111 1111 1111 exp"),
            Some("4111 1111 1111 1111")
        );
        assert_eq!(card("4111-1111-1111-1111"), Some("4111-1111-1111-1111"));
        assert_eq!(card("amex 378282246310005."), Some("378282246310005"));
        assert_eq!(card("4111 1111 1111 1112"), None, "Luhn");
        assert_eq!(card("ts 1700000000000"), None);
        assert_eq!(card("pi 3.4111111111111111"), None);
        assert_eq!(card("id 41111111111111112222"), None);
        assert_eq!(card("v4111111111111111"), None);
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid(&[
            4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2
        ]));
        assert!(!luhn_valid(&[1, 2, 3, 4]));
    }
}
