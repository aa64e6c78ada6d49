//! Token estimate and complexity of a question: cheap, deterministic, and
//! computed with integer arithmetic so both backends return the same numbers.
//!
//! tokenEstimate = max(ceil((ascii + 4 * nonAscii) / 4), ceil(4 * words / 3))
//!   - ascii: UTF-16 units below 128; English BPE tokenizers average ~4 characters per token.
//!   - nonAscii: every other UTF-16 unit counts as a whole token (CJK is ~1 token per
//!     character; accented letters are overestimated, the safe side for a budget).
//!   - words: runs of non-whitespace; ~0.75 words per token in English prose.
//!     Taking the larger of the two keeps short-word text and dense code from being underestimated.
//!
//! complexity: the sum of four scores, low for 0-1, medium for 2-3, high for 4 or more.
//!   - length: 30+ words 1, 100+ words 2, 300+ words 3
//!   - sub-questions (runs of `?` plus list items at the start of a line): 2+ 1, 4+ 2
//!   - a fenced code block (```): 2
//!   - distinct technical terms from TECH_TERMS (a plural `s` is ignored): 1+ 1, 3+ 2, 6+ 3

use super::scan::is_space;
use super::words::{pack, sorted, Word};
use super::Complexity;

const TECH_TERMS: [&str; 64] = [
    "algorithm", "api", "architecture", "async", "asynchronous", "backend", "benchmark", "binary", "cache",
    "compile", "compiler", "complexity", "concurrency", "concurrent", "container", "cryptography", "database",
    "debug", "deployment", "derivative", "distributed", "docker", "eigenvalue", "encryption", "frontend",
    "function", "gradient", "hash", "integral", "kernel", "kubernetes", "latency", "matrix", "microservice",
    "multithreading", "mutex", "network", "neural", "optimization", "optimize", "parallel", "parse",
    "polynomial", "probability", "protocol", "query", "recursion", "recursive", "regression", "runtime",
    "scalability", "schema", "server", "sql", "statistics", "synchronization", "theorem", "thread",
    "throughput", "transaction", "vector", "compute", "tensor", "pointer",
];

/// TECH_TERMS packed and sorted at compile time, for a binary search per word.
const TECH_KEYS: [u128; TECH_TERMS.len()] = {
    let mut keys = [0u128; TECH_TERMS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(TECH_TERMS[i]);
        i += 1;
    }
    sorted(keys)
};

pub fn token_estimate(bytes: &[u8], utf16_len: usize) -> usize {
    let ascii = bytes.iter().filter(|&&b| b < 0x80).count();
    let non_ascii = utf16_len - ascii;
    let by_chars = (ascii + 4 * non_ascii).div_ceil(4);
    let by_words = (4 * whitespace_words(bytes)).div_ceil(3);
    by_chars.max(by_words)
}

pub fn whitespace_words(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for &b in bytes {
        let space = is_space(b);
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

pub fn complexity(bytes: &[u8], words: &[Word]) -> Complexity {
    let word_count = whitespace_words(bytes);
    let length_score = match word_count {
        0..30 => 0,
        30..100 => 1,
        100..300 => 2,
        _ => 3,
    };
    let sub_questions = question_mark_runs(bytes) + list_items(bytes);
    let question_score = match sub_questions {
        0..2 => 0,
        2..4 => 1,
        _ => 2,
    };
    let code_score = if contains(bytes, b"```") { 2 } else { 0 };
    let term_score = match distinct_tech_terms(words) {
        0 => 0,
        1..3 => 1,
        3..6 => 2,
        _ => 3,
    };
    match length_score + question_score + code_score + term_score {
        0..=1 => Complexity::Low,
        2..=3 => Complexity::Medium,
        _ => Complexity::High,
    }
}

fn question_mark_runs(bytes: &[u8]) -> usize {
    (0..bytes.len()).filter(|&i| bytes[i] == b'?' && (i == 0 || bytes[i - 1] != b'?')).count()
}

/// Lines starting (after spaces or tabs) with `-`, `*` or `+` and a space, or a number followed by `.` or `)` and a space.
fn list_items(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').filter(|line| is_list_item(line)).count()
}

fn is_list_item(line: &[u8]) -> bool {
    let line = &line[line.iter().take_while(|&&b| b == b' ' || b == b'\t').count()..];
    match line.first() {
        Some(b'-' | b'*' | b'+') => line.get(1) == Some(&b' '),
        Some(b) if b.is_ascii_digit() => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(line.get(digits), Some(b'.' | b')')) && line.get(digits + 1) == Some(&b' ')
        }
        _ => false,
    }
}

fn distinct_tech_terms(words: &[Word]) -> usize {
    let mut seen = 0u64;
    for w in words {
        let len = w.end - w.start;
        if w.key == 0 {
            continue;
        }
        // The plural `s` is the last packed byte; dropping it gives the singular's key.
        let last_shift = 8 * (len - 1);
        let singular = if len > 3 && (w.key >> last_shift) as u8 == b's' { w.key & !(0xFF << last_shift) } else { w.key };
        if let Ok(index) = TECH_KEYS.binary_search(&w.key) {
            seen |= 1 << index;
        }
        if singular != w.key {
            if let Ok(index) = TECH_KEYS.binary_search(&singular) {
                seen |= 1 << index;
            }
        }
    }
    seen.count_ones() as usize
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::super::words::ascii_words;
    use super::*;

    fn complexity_of(text: &str) -> Complexity {
        complexity(text.as_bytes(), &ascii_words(text.as_bytes()))
    }

    #[test]
    fn token_estimate_rules() {
        assert_eq!(token_estimate(b"", 0), 0);
        // 11 ASCII chars -> 3; 2 words -> 3
        assert_eq!(token_estimate(b"hello world", 11), 3);
        // "a b c d e f": 11 chars -> 3, 6 words -> 8
        assert_eq!(token_estimate(b"a b c d e f", 11), 8);
        // three CJK characters: 3 UTF-16 units, 9 bytes -> 3
        let cjk = "日本語";
        assert_eq!(token_estimate(cjk.as_bytes(), 3), 3);
    }

    #[test]
    fn complexity_rules() {
        assert_eq!(complexity_of("What is the capital of France?"), Complexity::Low);
        assert_eq!(complexity_of("How should I hash passwords?"), Complexity::Low);
        assert_eq!(
            complexity_of("Explain how a distributed database handles concurrency and transactions"),
            Complexity::Medium
        );
        let code = "Why does this fail?\n```rust\nfn main() { let v: Vec<i32> = vec![]; v[0]; }\n```\nIs it the runtime or the compiler? What about the thread?";
        assert_eq!(complexity_of(code), Complexity::High);
    }
}
