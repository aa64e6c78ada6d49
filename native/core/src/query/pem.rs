//! PEM private key blocks: `-----BEGIN <LABEL> PRIVATE KEY-----` up to the next
//! `-----END ...-----`. A block pasted without its END line is redacted to the
//! end of the text: losing the rest of a question is better than leaking a key.

use super::candidate::Candidate;
use super::FindingKind;

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// Remembers the last END-marker search so a text with many BEGIN lines and no
/// END stays linear instead of searching to the end once per BEGIN.
#[derive(Default)]
pub struct PemScanner {
    last: Option<LastSearch>,
}

struct LastSearch {
    from: usize,
    marker: Option<usize>,
    block_end: usize,
}

impl PemScanner {
    pub fn block_at(&mut self, bytes: &[u8], at: usize) -> Option<Candidate> {
        if !bytes[at..].starts_with(BEGIN) {
            return None;
        }
        let label_start = at + BEGIN.len();
        let label_len = bytes[label_start..]
            .iter()
            .take_while(|&&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
            .count();
        let label = &bytes[label_start..label_start + label_len];
        let header_end = label_start + label_len;
        if !bytes[header_end..].starts_with(DASHES)
            || !(label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
        {
            return None;
        }
        let body_start = header_end + DASHES.len();
        Some(Candidate::new(
            FindingKind::PrivateKey,
            at,
            self.block_end(bytes, body_start),
        ))
    }

    fn block_end(&mut self, bytes: &[u8], from: usize) -> usize {
        if let Some(last) = &self.last {
            // An earlier search from before `from` found its first marker at or after `from`
            // (or none at all): this search would find the same one.
            if last.from <= from && last.marker.is_none_or(|m| from <= m) {
                return last.block_end;
            }
        }
        let marker = find(bytes, from, END);
        let block_end = match marker {
            None => bytes.len(),
            Some(m) => find(bytes, m + END.len(), DASHES).map_or(bytes.len(), |d| d + DASHES.len()),
        };
        self.last = Some(LastSearch {
            from,
            marker,
            block_end,
        });
        block_end
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_block_with_its_end_line() {
        let text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\nthanks";
        let at = text.find("-----BEGIN").unwrap();
        let c = PemScanner::default().block_at(text.as_bytes(), at).unwrap();
        assert_eq!(
            &text[c.start..c.end],
            "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----"
        );
    }

    #[test]
    fn public_keys_and_certificates_are_not_secrets() {
        let mut s = PemScanner::default();
        assert!(s
            .block_at(
                b"-----BEGIN PUBLIC KEY-----\nMFww\n-----END PUBLIC KEY-----",
                0
            )
            .is_none());
        assert!(s.block_at(b"-----BEGIN CERTIFICATE-----", 0).is_none());
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        let text = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";
        assert_eq!(
            PemScanner::default().block_at(text, 0).unwrap().end,
            text.len()
        );
    }
}
