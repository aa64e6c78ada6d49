//! A detector hit before overlap resolution, in UTF-8 byte offsets.

use super::FindingKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
}

impl Candidate {
    pub fn new(kind: FindingKind, start: usize, end: usize) -> Self {
        Candidate { kind, start, end }
    }
}

/// Keeps a set of non-overlapping candidates: earliest start first, then the
/// longest (redacting more is the safe side), then the more specific kind.
/// The TypeScript twin sorts with the same key, so both keep the same spans.
pub fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.priority().cmp(&b.kind.priority()))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        if kept.last().is_none_or(|last| c.start >= last.end) {
            kept.push(c);
        }
    }
    kept
}
