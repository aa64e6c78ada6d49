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
use super::words::{pack, KeySet, Word};
use super::Complexity;

const TECH_TERMS: [&str; 64] = [
    "algorithm",
    "api",
    "architecture",
    "async",
    "asynchronous",
    "backend",
    "benchmark",
    "binary",
    "cache",
    "compile",
    "compiler",
    "complexity",
    "concurrency",
    "concurrent",
    "container",
    "cryptography",
    "database",
    "debug",
    "deployment",
    "derivative",
    "distributed",
    "docker",
    "eigenvalue",
    "encryption",
    "frontend",
    "function",
    "gradient",
    "hash",
    "integral",
    "kernel",
    "kubernetes",
    "latency",
    "matrix",
    "microservice",
    "multithreading",
    "mutex",
    "network",
    "neural",
    "optimization",
    "optimize",
    "parallel",
    "parse",
    "polynomial",
    "probability",
    "protocol",
    "query",
    "recursion",
    "recursive",
    "regression",
    "runtime",
    "scalability",
    "schema",
    "server",
    "sql",
    "statistics",
    "synchronization",
    "theorem",
    "thread",
    "throughput",
    "transaction",
    "vector",
    "compute",
    "tensor",
    "pointer",
];

const TECH_KEYS: KeySet<{ TECH_TERMS.len() }> = {
    let mut keys = [0u128; TECH_TERMS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(TECH_TERMS[i]);
        i += 1;
    }
    KeySet::new(keys)
};

/// Counts gathered in one pass over the text.
pub struct TextShape {
    ascii: usize,
    whitespace_words: usize,
    question_mark_runs: usize,
    has_code_fence: bool,
}

/// Simple branch-free passes over byte pairs, which the compiler vectorizes,
/// rather than one loop carrying state from byte to byte.
pub fn shape(bytes: &[u8]) -> TextShape {
    let pairs = || bytes.iter().zip(bytes.iter().skip(1));
    let count = |n: usize, hit: bool| n + usize::from(hit);
    let ascii = bytes.iter().fold(0, |n, &b| count(n, b < 0x80));
    // A word or a run of `?` starts where the previous byte does not continue it.
    let whitespace_words = bytes.first().map_or(0, |&b| usize::from(!is_space(b)))
        + pairs().fold(0, |n, (&a, &b)| count(n, is_space(a) && !is_space(b)));
    let question_mark_runs = usize::from(bytes.first() == Some(&b'?'))
        + pairs().fold(0, |n, (&a, &b)| count(n, a != b'?' && b == b'?'));
    // Most questions have no backtick at all; `contains` on bytes is a fast memchr.
    let has_code_fence = bytes.contains(&b'`') && bytes.windows(3).any(|w| w == b"```");
    TextShape {
        ascii,
        whitespace_words,
        question_mark_runs,
        has_code_fence,
    }
}

pub fn token_estimate(shape: &TextShape, utf16_len: usize) -> usize {
    let non_ascii = utf16_len - shape.ascii;
    let by_chars = (shape.ascii + 4 * non_ascii).div_ceil(4);
    let by_words = (4 * shape.whitespace_words).div_ceil(3);
    by_chars.max(by_words)
}

pub fn complexity(bytes: &[u8], shape: &TextShape, words: &[Word]) -> Complexity {
    let length_score = match shape.whitespace_words {
        0..30 => 0,
        30..100 => 1,
        100..300 => 2,
        _ => 3,
    };
    let sub_questions = shape.question_mark_runs + list_items(bytes);
    let question_score = match sub_questions {
        0..2 => 0,
        2..4 => 1,
        _ => 2,
    };
    let code_score = if shape.has_code_fence { 2 } else { 0 };
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

/// Lines starting (after spaces or tabs) with `-`, `*` or `+` and a space, or a number followed by `.` or `)` and a space.
fn list_items(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| is_list_item(line))
        .count()
}

fn is_list_item(line: &[u8]) -> bool {
    let line = &line[line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
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
        let singular = if len > 3 && (w.key >> last_shift) as u8 == b's' {
            w.key & !(0xFF << last_shift)
        } else {
            w.key
        };
        if let Some(index) = TECH_KEYS.index_of(w.key) {
            seen |= 1 << index;
        }
        if singular != w.key {
            if let Some(index) = TECH_KEYS.index_of(singular) {
                seen |= 1 << index;
            }
        }
    }
    seen.count_ones() as usize
}

#[cfg(test)]
mod tests {
    use super::super::words::ascii_words;
    use super::*;

    fn complexity_of(text: &str) -> Complexity {
        let bytes = text.as_bytes();
        complexity(bytes, &shape(bytes), &ascii_words(bytes))
    }

    fn tokens(text: &str) -> usize {
        token_estimate(&shape(text.as_bytes()), text.encode_utf16().count())
    }

    #[test]
    fn token_estimate_rules() {
        assert_eq!(tokens(""), 0);
        // 11 ASCII chars -> 3; 2 words -> 3
        assert_eq!(tokens("hello world"), 3);
        // "a b c d e f": 11 chars -> 3, 6 words -> 8
        assert_eq!(tokens("a b c d e f"), 8);
        // three CJK characters: 3 UTF-16 units (9 bytes) -> 3
        assert_eq!(tokens("日本語"), 3);
        // an emoji is 2 UTF-16 units -> 2
        assert_eq!(tokens("😀"), 2);
    }

    #[test]
    fn fences_need_three_backticks_in_a_row() {
        assert!(shape(b"a ``` b").has_code_fence);
        assert!(!shape(b"`` ` ``").has_code_fence);
    }

    #[test]
    fn complexity_rules() {
        assert_eq!(
            complexity_of("What is the capital of France?"),
            Complexity::Low
        );
        assert_eq!(
            complexity_of("How should I hash passwords?"),
            Complexity::Low
        );
        assert_eq!(
            complexity_of(
                "Explain how a distributed database handles concurrency and transactions"
            ),
            Complexity::Medium
        );
        let code = "Why does this fail?\n```rust\nfn main() { let v: Vec<i32> = vec![]; v[0]; }\n```\nIs it the runtime or the compiler? What about the thread?";
        assert_eq!(complexity_of(code), Complexity::High);
    }
}
