import type { Words } from './words';

/**
 * Finding a quote in its answer, word by word. A quote of m words matches verbatim, or
 * within k = floor(m x tolerance) word edits (insertions, deletions, substitutions) of
 * some run of the answer's words; anything further is a paraphrase. Verbatim: the
 * earliest occurrence. Otherwise: the fewest edits, then the earliest start, then the
 * latest end. Only windows around an exact piece of the quote are
 * searched: with at most k edits, one of k + 1 pieces must occur unchanged.
 */

export interface WordMatch {
  /** First matched word of the answer. */
  first: number;
  /** One past the last matched word. */
  last: number;
  edits: number;
}

export interface AnswerIndex {
  words: Words;
  /** Where each word id occurs, ascending. */
  positions: Map<number, number[]>;
}

export function indexAnswer(words: Words): AnswerIndex {
  const positions = new Map<number, number[]>();
  words.ids.forEach((id, i) => {
    const list = positions.get(id);
    if (list) list.push(i);
    else positions.set(id, [i]);
  });
  return { words, positions };
}

/** Every start (ascending) where quote[from..to) occurs in the answer unchanged. */
function exactStarts(index: AnswerIndex, quote: readonly number[], from: number, to: number): number[] {
  // Anchor on the piece's rarest word.
  let anchor = from;
  let fewest = Infinity;
  for (let i = from; i < to; i++) {
    const count = index.positions.get(quote[i] as number)?.length ?? 0;
    if (count === 0) return [];
    if (count < fewest) {
      fewest = count;
      anchor = i;
    }
  }
  const ids = index.words.ids;
  const starts: number[] = [];
  for (const pos of index.positions.get(quote[anchor] as number) ?? []) {
    const start = pos - (anchor - from);
    if (start < 0 || start + (to - from) > ids.length) continue;
    let same = true;
    for (let i = from; i < to && same; i++) same = ids[start + i - from] === quote[i];
    if (same) starts.push(start);
  }
  return starts;
}

/** The fewest edits, then the earliest start, then the latest end (a changed last word is matched to the answer's word rather than dropped). */
function better(a: WordMatch, b: WordMatch): boolean {
  if (a.edits !== b.edits) return a.edits < b.edits;
  if (a.first !== b.first) return a.first < b.first;
  return a.last > b.last;
}

export function allowedEdits(quoteWords: number, tolerance: number): number {
  return Math.floor(quoteWords * tolerance + 1e-9);
}

export function findQuote(index: AnswerIndex, quote: readonly number[], tolerance: number): WordMatch | null {
  const m = quote.length;
  if (m === 0) return null;
  const exact = exactStarts(index, quote, 0, m);
  if (exact.length > 0) return { first: exact[0] as number, last: (exact[0] as number) + m, edits: 0 };
  const k = allowedEdits(m, tolerance);
  if (k === 0) return null;

  // Windows around each exact piece, merged where they overlap.
  const n = index.words.ids.length;
  const windows: [number, number][] = [];
  for (let p = 0; p <= k; p++) {
    const from = Math.floor((p * m) / (k + 1));
    const to = Math.floor(((p + 1) * m) / (k + 1));
    if (to <= from) continue;
    for (const start of exactStarts(index, quote, from, to)) {
      windows.push([Math.max(0, start - from - k), Math.min(n, start - from + m + k)]);
    }
  }
  windows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }

  let best: WordMatch | null = null;
  for (const [lo, hi] of merged) {
    const found = bestInWindow(index.words.ids, lo, hi, quote, k);
    if (found && (!best || better(found, best))) best = found;
  }
  return best;
}

/**
 * Semi-global edit distance of the quote against text[lo..hi): free start and end in the
 * text. Each cell keeps where its alignment started; ties prefer the diagonal, then a
 * deletion from the quote, then an insertion, which keeps the span tight.
 */
function bestInWindow(text: readonly number[], lo: number, hi: number, quote: readonly number[], k: number): WordMatch | null {
  const m = quote.length;
  const width = hi - lo;
  let prevCost = new Int32Array(width + 1);
  let prevStart = new Int32Array(width + 1);
  let cost = new Int32Array(width + 1);
  let start = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) {
    prevCost[j] = 0;
    prevStart[j] = j;
  }
  for (let i = 1; i <= m; i++) {
    cost[0] = i;
    start[0] = 0;
    const q = quote[i - 1];
    for (let j = 1; j <= width; j++) {
      const diagonal = (prevCost[j - 1] as number) + (text[lo + j - 1] === q ? 0 : 1);
      const up = (prevCost[j] as number) + 1; // a quote word missing from the answer
      const left = (cost[j - 1] as number) + 1; // an answer word missing from the quote
      if (diagonal <= up && diagonal <= left) {
        cost[j] = diagonal;
        start[j] = prevStart[j - 1] as number;
      } else if (up <= left) {
        cost[j] = up;
        start[j] = prevStart[j] as number;
      } else {
        cost[j] = left;
        start[j] = start[j - 1] as number;
      }
    }
    [prevCost, cost] = [cost, prevCost];
    [prevStart, start] = [start, prevStart];
  }
  let best: WordMatch | null = null;
  for (let j = 1; j <= width; j++) {
    const edits = prevCost[j] as number;
    const first = lo + (prevStart[j] as number);
    const last = lo + j;
    if (edits > k || last <= first) continue;
    const found = { first, last, edits };
    if (!best || better(found, best)) best = found;
  }
  return best;
}
