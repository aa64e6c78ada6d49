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

pub fn analyze_query(text: &str) -> QueryAnalysis {
    let bytes = text.as_bytes();
    let redacted = resolve_overlaps(detect_sensitive(bytes));
    let words = words::ascii_words(bytes);
    let flagged = injections_outside(&redacted, injection::find_injections(&words));

    let mut spans: Vec<(Candidate, bool)> = redacted.iter().map(|&c| (c, true)).chain(flagged.into_iter().map(|c| (c, false))).collect();
    spans.sort_by_key(|(c, _)| c.start);
    let byte_offsets: Vec<usize> = spans.iter().flat_map(|(c, _)| [c.start, c.end]).collect();
    let utf16 = offsets::utf8_to_utf16_offsets(text, &byte_offsets);
    let findings = spans
        .iter()
        .zip(utf16.chunks_exact(2))
        .map(|(&(c, redacted), o)| QueryFinding { kind: c.kind, start: o[0], end: o[1], redacted })
        .collect();

    let utf16_len = offsets::utf16_len_of(bytes);
    QueryAnalysis {
        sanitized: sanitize(text, &redacted),
        findings,
        token_estimate: estimate::token_estimate(bytes, utf16_len),
        complexity: estimate::complexity(bytes, &words),
    }
}

/// Analyses every text; in parallel on the rayon pool, results in input order.
pub fn analyze_queries<S: AsRef<str> + Sync>(texts: &[S]) -> Vec<QueryAnalysis> {
    texts.par_iter().map(|t| analyze_query(t.as_ref())).collect()
}

/// Every secret and personal-data candidate, possibly overlapping.
/// One pass; each byte dispatches only to the detectors that can start there.
fn detect_sensitive(bytes: &[u8]) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut pem = pem::PemScanner::default();
    let mut passwords = password::PasswordScanner::default();
    for at in 0..bytes.len() {
        let hit = match bytes[at] {
            b's' => keys::sk_key_at(bytes, at),
            b'A' => keys::google_api_key_at(bytes, at),
            b'y' => keys::google_access_token_at(bytes, at),
            b'1' => keys::google_refresh_token_at(bytes, at),
            b'e' => jwt::jwt_at(bytes, at),
            b'-' => pem.block_at(bytes, at),
            b'@' => personal::email_at(bytes, at),
            b'2'..=b'6' => personal::card_at(bytes, at),
            b'=' | b':' => passwords.at_operator(bytes, at),
            _ => None,
        };
        found.extend(hit);
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
