//! Query analysis: finds the secrets and personal data a user is about to send
//! to third-party model providers, returns the question with them redacted,
//! flags likely prompt injection, and estimates tokens and complexity.
//!
//! Detectors are hand-written scanners over ASCII classes (see `scan`), not
//! regular expressions: they run in one pass, stay linear on hostile input, and
//! the TypeScript fallback (`server/core/fallback/query.ts`) mirrors them rule
//! for rule, so both backends return identical findings. Offsets are reported
//! in UTF-16 code units, the indices of the JavaScript string.

mod candidate;
mod estimate;
mod injection;
mod jwt;
mod keys;
mod offsets;
mod password;
mod pem;
mod personal;
mod scan;
mod words;

use crate::error::CoreResult;
use crate::validate::validate_text;
use candidate::{resolve_overlaps, Candidate};
use rayon::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    OpenaiKey,
    AnthropicKey,
    GoogleApiKey,
    GoogleOauthToken,
    PrivateKey,
    Jwt,
    PasswordAssignment,
    Email,
    CardNumber,
    PromptInjection,
}

impl FindingKind {
    /// The wire name, identical to the TypeScript `FindingKind` literal.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::OpenaiKey => "openai_key",
            FindingKind::AnthropicKey => "anthropic_key",
            FindingKind::GoogleApiKey => "google_api_key",
            FindingKind::GoogleOauthToken => "google_oauth_token",
            FindingKind::PrivateKey => "private_key",
            FindingKind::Jwt => "jwt",
            FindingKind::PasswordAssignment => "password_assignment",
            FindingKind::Email => "email",
            FindingKind::CardNumber => "card_number",
            FindingKind::PromptInjection => "prompt_injection",
        }
    }

    /// Tie-break between candidates with the same span: the more specific kind wins.
    fn priority(self) -> u8 {
        match self {
            FindingKind::PrivateKey => 0,
            FindingKind::Jwt => 1,
            FindingKind::AnthropicKey => 2,
            FindingKind::OpenaiKey => 3,
            FindingKind::GoogleApiKey => 4,
            FindingKind::GoogleOauthToken => 5,
            FindingKind::CardNumber => 6,
            FindingKind::PasswordAssignment => 7,
            FindingKind::Email => 8,
            FindingKind::PromptInjection => 9,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complexity {
    Low,
    Medium,
    High,
}

impl Complexity {
    pub fn as_str(self) -> &'static str {
        match self {
            Complexity::Low => "low",
            Complexity::Medium => "medium",
            Complexity::High => "high",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryFinding {
    pub kind: FindingKind,
    /// UTF-16 code-unit offsets into the original text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub redacted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryAnalysis {
    pub sanitized: String,
    pub findings: Vec<QueryFinding>,
    pub token_estimate: usize,
    pub complexity: Complexity,
}

/// The text a redacted span is replaced with, e.g. `[REDACTED:openai_key]`.
pub fn placeholder(kind: FindingKind) -> String {
    format!("[REDACTED:{}]", kind.as_str())
}

/// Analyses one question. Texts over the core's per-text limit are TOO_LARGE.
pub fn analyze_query(text: &str) -> CoreResult<QueryAnalysis> {
    validate_text(text)?;
    Ok(analyze_valid(text))
}

/// Analyses every question: all are checked first (the first bad one in input
/// order is the error), then they are analysed in parallel on the rayon pool.
pub fn analyze_queries<S: AsRef<str> + Sync>(texts: &[S]) -> CoreResult<Vec<QueryAnalysis>> {
    texts.iter().try_for_each(|t| validate_text(t.as_ref()))?;
    Ok(texts
        .par_iter()
        .map(|t| analyze_valid(t.as_ref()))
        .collect())
}

fn analyze_valid(text: &str) -> QueryAnalysis {
    let bytes = text.as_bytes();
    let redacted = resolve_overlaps(detect_sensitive(bytes));
    let words = words::ascii_words(bytes);
    let flagged = injections_outside(&redacted, injection::find_injections(&words));

    let mut spans: Vec<(Candidate, bool)> = redacted
        .iter()
        .map(|&c| (c, true))
        .chain(flagged.into_iter().map(|c| (c, false)))
        .collect();
    spans.sort_by_key(|(c, _)| c.start);
    let byte_offsets: Vec<usize> = spans.iter().flat_map(|(c, _)| [c.start, c.end]).collect();
    let utf16 = offsets::utf8_to_utf16_offsets(text, &byte_offsets);
    let findings = spans
        .iter()
        .zip(utf16.chunks_exact(2))
        .map(|(&(c, redacted), o)| QueryFinding {
            kind: c.kind,
            start: o[0],
            end: o[1],
            redacted,
        })
        .collect();

    let shape = estimate::shape(bytes);
    QueryAnalysis {
        sanitized: sanitize(text, &redacted),
        findings,
        token_estimate: estimate::token_estimate(&shape, offsets::utf16_len_of(bytes)),
        complexity: estimate::complexity(bytes, &shape, &words),
    }
}

/// Bytes at which some detector must look. Frequent letters are not in it: a
/// prefix is recognised at a rarer byte inside it (`sk-` at its `-`, `eyJ` at its
/// `J`, `ya29.` at its `2`) and the detector is called where the prefix starts.
const INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"AJ-123456@=:";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Every secret and personal-data candidate, possibly overlapping, in one pass.
fn detect_sensitive(bytes: &[u8]) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut pem = pem::PemScanner::default();
    let mut passwords = password::PasswordScanner::default();
    let preceded_by =
        |at: usize, prefix: &[u8]| at >= prefix.len() && &bytes[at - prefix.len()..at] == prefix;
    for at in 0..bytes.len() {
        let b = bytes[at];
        if !INTERESTING[usize::from(b)] {
            continue;
        }
        let mut push = |hit: Option<Candidate>| found.extend(hit);
        match b {
            b'A' => push(keys::google_api_key_at(bytes, at)),
            b'J' if preceded_by(at, b"ey") => push(jwt::jwt_at(bytes, at - 2)),
            b'-' => {
                push(pem.block_at(bytes, at));
                if preceded_by(at, b"sk") {
                    push(keys::sk_key_at(bytes, at - 2));
                }
            }
            b'1' => push(keys::google_refresh_token_at(bytes, at)),
            b'2'..=b'6' => {
                push(personal::card_at(bytes, at));
                if b == b'2' && preceded_by(at, b"ya") {
                    push(keys::google_access_token_at(bytes, at - 2));
                }
            }
            b'@' => push(personal::email_at(bytes, at)),
            b'=' | b':' => push(passwords.at_operator(bytes, at)),
            _ => {}
        }
    }
    found
}

/// Injection phrases that do not overlap a redacted span (both lists in text order).
fn injections_outside(redacted: &[Candidate], phrases: Vec<(usize, usize)>) -> Vec<Candidate> {
    let mut r = 0;
    phrases
        .into_iter()
        .filter(|&(start, end)| {
            while r < redacted.len() && redacted[r].end <= start {
                r += 1;
            }
            redacted.get(r).is_none_or(|c| c.start >= end)
        })
        .map(|(start, end)| Candidate::new(FindingKind::PromptInjection, start, end))
        .collect()
}

fn sanitize(text: &str, redacted: &[Candidate]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in redacted {
        out.push_str(&text[at..c.start]);
        out.push_str(&placeholder(c.kind));
        at = c.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
