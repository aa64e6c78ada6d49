//! Finding a quote in its answer, word by word (server/core/fallback/grounding/match.ts).
//! A quote of m words matches verbatim, or within k = floor(m x tolerance) word edits
//! (insertions, deletions, substitutions) of some run of the answer's words; anything
//! further is a paraphrase. Verbatim: the earliest occurrence. Otherwise: the fewest
//! edits, then the earliest start, then the latest end. Only windows around an exact piece of the quote are
//! searched: with at most k edits, one of k + 1 pieces must occur unchanged.

use super::words::Words;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordMatch {
    /// First matched word of the answer.
    pub first: usize,
    /// One past the last matched word.
    pub last: usize,
    pub edits: usize,
}

impl WordMatch {
    /// The fewest edits, then the earliest start, then the latest end (a changed last word
    /// is matched to the answer's word rather than dropped).
    fn better_than(&self, other: &WordMatch) -> bool {
        (self.edits, self.first, std::cmp::Reverse(self.last))
            < (other.edits, other.first, std::cmp::Reverse(other.last))
    }
}

pub struct AnswerIndex {
    pub words: Words,
    /// Where each word id occurs, ascending: positions[offsets[slot]..offsets[slot + 1]],
    /// where the slot is the id itself (ids past `offsets` do not occur) or, when `keys`
    /// is there, the id's place in `keys`.
    offsets: Vec<u32>,
    positions: Vec<u32>,
    /// The ids that occur, ascending, when a table over the whole vocabulary would be far
    /// larger than the answer (many quote words, a short answer): memory stays in
    /// proportion to the answer's words, whatever the number of quotes.
    keys: Option<Vec<u32>>,
}

impl AnswerIndex {
    /// Ids at or past `vocabulary` (`UNSEEN`) are not indexed: no quote word has them.
    pub fn new(words: Words, vocabulary: usize) -> Self {
        let dense = vocabulary <= 8 * words.ids.len() + 4096;
        AnswerIndex::with_layout(words, vocabulary, dense)
    }

    fn with_layout(words: Words, vocabulary: usize, dense: bool) -> Self {
        if !dense {
            return AnswerIndex::sparse(words, vocabulary);
        }
        let mut offsets = vec![0u32; vocabulary + 1];
        for &id in &words.ids {
            if (id as usize) < vocabulary {
                offsets[id as usize + 1] += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut positions = vec![0u32; offsets[vocabulary] as usize];
        for (i, &id) in words.ids.iter().enumerate() {
            if id as usize >= vocabulary {
                continue; // UNSEEN: no quote has it
            }
            let slot = &mut fill[id as usize];
            positions[*slot as usize] = i as u32;
            *slot += 1;
        }
        AnswerIndex {
            words,
            offsets,
            positions,
            keys: None,
        }
    }

    /// (id, position) pairs sorted: the same lists, found by binary search.
    fn sparse(words: Words, vocabulary: usize) -> Self {
        let mut pairs: Vec<u64> = words
            .ids
            .iter()
            .enumerate()
            .filter(|&(_, &id)| (id as usize) < vocabulary)
            .map(|(i, &id)| (u64::from(id) << 32) | i as u64)
            .collect();
        pairs.sort_unstable();
        let mut keys: Vec<u32> = Vec::new();
        let mut offsets: Vec<u32> = Vec::new();
        let mut positions = Vec::with_capacity(pairs.len());
        for (at, &pair) in pairs.iter().enumerate() {
            let id = (pair >> 32) as u32;
            if keys.last() != Some(&id) {
                keys.push(id);
                offsets.push(at as u32);
            }
            positions.push(pair as u32);
        }
        offsets.push(pairs.len() as u32);
        AnswerIndex {
            words,
            offsets,
            positions,
            keys: Some(keys),
        }
    }

    pub fn empty() -> Self {
        AnswerIndex::new(Words::default(), 0)
    }

    fn positions(&self, id: u32) -> &[u32] {
        let slot = match &self.keys {
            None => id as usize,
            Some(keys) => match keys.binary_search(&id) {
                Ok(slot) => slot,
                Err(_) => return &[],
            },
        };
        if slot + 1 >= self.offsets.len() {
            return &[];
        }
        &self.positions[self.offsets[slot] as usize..self.offsets[slot + 1] as usize]
    }

    /// Every start (ascending) where quote[from..to) occurs unchanged; the first only when `first_only`.
    fn exact_starts(&self, quote: &[u32], from: usize, to: usize, first_only: bool) -> Vec<usize> {
        // Anchor on the piece's rarest word (the earliest of the rarest).
        let mut anchor = from;
        let mut fewest = usize::MAX;
        for (i, &id) in quote.iter().enumerate().take(to).skip(from) {
            let count = self.positions(id).len();
            if count == 0 {
                return Vec::new();
            }
            if count < fewest {
                fewest = count;
                anchor = i;
            }
        }
        let ids = &self.words.ids;
        let piece = &quote[from..to];
        let mut starts = Vec::new();
        for &pos in self.positions(quote[anchor]) {
            let pos = pos as usize;
            let Some(start) = pos.checked_sub(anchor - from) else {
                continue;
            };
            if start + piece.len() > ids.len() {
                continue;
            }
            if &ids[start..start + piece.len()] == piece {
                starts.push(start);
                if first_only {
                    break;
                }
            }
        }
        starts
    }
}

/// floor(m x tolerance), with the same guard against 0.15 x 20 = 2.9999... as the fallback.
pub fn allowed_edits(quote_words: usize, tolerance: f64) -> usize {
    (quote_words as f64 * tolerance + 1e-9).floor() as usize
}

pub fn find_quote(index: &AnswerIndex, quote: &[u32], tolerance: f64) -> Option<WordMatch> {
    let m = quote.len();
    if m == 0 {
        return None;
    }
    if let Some(&first) = index.exact_starts(quote, 0, m, true).first() {
        return Some(WordMatch {
            first,
            last: first + m,
            edits: 0,
        });
    }
    let k = allowed_edits(m, tolerance);
    if k == 0 {
        return None;
    }

    // Windows around each exact piece, merged where they overlap or touch.
    let n = index.words.ids.len() as i64;
    let (mi, ki) = (m as i64, k as i64);
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for p in 0..=k {
        let from = p * m / (k + 1);
        let to = (p + 1) * m / (k + 1);
        if to <= from {
            continue;
        }
        for start in index.exact_starts(quote, from, to, false) {
            let base = start as i64 - from as i64;
            let lo = (base - ki).max(0);
            let hi = (base + mi + ki).min(n);
            windows.push((lo as usize, hi as usize));
        }
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in windows {
        match merged.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }

    let mut best: Option<WordMatch> = None;
    for (lo, hi) in merged {
        if let Some(found) = best_in_window(&index.words.ids, lo, hi, quote, k) {
            let better = best.is_none_or(|b| found.better_than(&b));
            if better {
                best = Some(found);
            }
        }
    }
    best
}

/// Semi-global edit distance of the quote against text[lo..hi): free start and end in the
/// text. Each cell keeps where its alignment started; ties prefer the diagonal, then a
/// deletion from the quote, then an insertion, which keeps the span tight.
fn best_in_window(
    text: &[u32],
    lo: usize,
    hi: usize,
    quote: &[u32],
    k: usize,
) -> Option<WordMatch> {
    let width = hi.saturating_sub(lo);
    let window = &text[lo..lo + width];
    let mut prev_cost = vec![0i32; width + 1];
    let mut prev_start: Vec<i32> = (0..=width as i32).collect();
    let mut cost = vec![0i32; width + 1];
    let mut start = vec![0i32; width + 1];
    for (i, &q) in quote.iter().enumerate() {
        cost[0] = i as i32 + 1;
        start[0] = 0;
        for j in 1..=width {
            let diagonal = prev_cost[j - 1] + i32::from(window[j - 1] != q);
            let up = prev_cost[j] + 1; // a quote word missing from the answer
            let left = cost[j - 1] + 1; // an answer word missing from the quote
            if diagonal <= up && diagonal <= left {
                cost[j] = diagonal;
                start[j] = prev_start[j - 1];
            } else if up <= left {
                cost[j] = up;
                start[j] = prev_start[j];
            } else {
                cost[j] = left;
                start[j] = start[j - 1];
            }
        }
        std::mem::swap(&mut prev_cost, &mut cost);
        std::mem::swap(&mut prev_start, &mut start);
    }
    let mut best: Option<WordMatch> = None;
    for j in 1..=width {
        let edits = prev_cost[j] as usize;
        let first = lo + prev_start[j] as usize;
        let last = lo + j;
        if edits > k || last <= first {
            continue;
        }
        let found = WordMatch { first, last, edits };
        if best.is_none_or(|b| found.better_than(&b)) {
            best = Some(found);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::words::Span;
    use super::*;

    /// Both layouts of the index find the same matches.
    #[test]
    fn sparse_and_dense_indexes_agree() {
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let vocabulary = 2 + next(30) as usize;
            let len = 1 + next(80) as usize;
            // Ids past the vocabulary stand for UNSEEN words.
            let ids: Vec<u32> = (0..len)
                .map(|_| next(vocabulary as u64 + 3) as u32)
                .collect();
            let words = Words {
                spans: (0..len as u32)
                    .map(|i| Span {
                        start: i,
                        end: i + 1,
                        byte_start: i,
                        byte_end: i + 1,
                    })
                    .collect(),
                ids: ids.clone(),
            };
            let dense = AnswerIndex::with_layout(words.clone(), vocabulary, true);
            let sparse = AnswerIndex::with_layout(words, vocabulary, false);
            for id in 0..vocabulary as u32 + 3 {
                assert_eq!(dense.positions(id), sparse.positions(id));
            }
            for _ in 0..10 {
                let m = 1 + next(14) as usize;
                let at = next(len as u64) as usize;
                let mut quote: Vec<u32> = ids[at..(at + m).min(len)]
                    .iter()
                    .map(|&id| id.min(vocabulary as u32 - 1))
                    .collect();
                if next(2) == 0 {
                    let p = next(quote.len() as u64) as usize;
                    quote[p] = next(vocabulary as u64) as u32;
                }
                assert_eq!(
                    find_quote(&dense, &quote, 0.15),
                    find_quote(&sparse, &quote, 0.15)
                );
            }
        }
    }

    #[test]
    fn a_short_answer_among_many_quote_words_is_indexed_sparsely() {
        let words = Words {
            ids: vec![3, 99_999, 3],
            spans: [0, 2, 4]
                .map(|i| Span {
                    start: i,
                    end: i + 1,
                    byte_start: i,
                    byte_end: i + 1,
                })
                .to_vec(),
        };
        let index = AnswerIndex::new(words, 1_000_000);
        assert!(index.keys.is_some());
        assert!(index.offsets.len() <= 3);
        assert_eq!(index.positions(3), &[0, 2]);
        assert_eq!(index.positions(99_999), &[1]);
        assert_eq!(index.positions(4), &[] as &[u32]);
    }
}
