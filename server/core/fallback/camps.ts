/**
 * Step 5 of docs/consensus.md, "Camps": who concludes the same.
 *
 *  a. Bottom lines relate two answers where they can: the same quantity, yes/no or key
 *     terms agree; different quantities or yes/no disagree; so do two short bottom
 *     lines with nothing in common when one names what the other answer discussed and
 *     did not conclude (it considered that option and chose another).
 *  b. Answers that agree form seeds (never across a disagreement); a seed of two or
 *     more is an established position.
 *  c. Every other answer joins the position closest in meaning (its bottom line's
 *     embedding; without the model, the claims it shares) that it does not disagree
 *     with, or stands alone. An answer that shares almost nothing with the panel (it
 *     answered another question) stands alone.
 * Mirrored in native/core/src/camps.rs.
 */
import type { BottomLine } from './bottomLine';
import type { ClaimGroup } from './groups';
import { LIMITS, THRESHOLDS } from './params';
import { sameQuantity } from './quantities';

export const AGREE = 1;
export const DISAGREE = 0;
/** Two short bottom lines with different key terms, one naming what the other answer discussed: weak evidence of disagreement. */
export const CONTESTED = 2;
export const UNKNOWN = -1;
/** The most a contested pair counts as agreeing (the heat map, the choice between positions). */
const CONTESTED_SCORE = 0.25;

/** One key of a bottom line: a named entity, or a content term with its folded word. */
interface Key {
  entity: string | null;
  /** Term id (the lexical feature without its negation bit), -1 for an entity. */
  term: number;
  word: string;
  negated: boolean;
}

function keysOf(line: BottomLine): Key[] {
  return [
    ...line.entities.map((e, k): Key => ({ entity: e, term: -1, word: e, negated: line.negatedEntities[k] === true })),
    ...line.terms.map((f, k): Key => ({ entity: null, term: f >> 1, word: line.termWords[k] as string, negated: (f & 1) === 1 })),
  ];
}

/** Named things and numbers: a disagreement on them is a real one ("Volga" vs "Danube", "RAID 5" vs "RAID 10"). */
const isNamed = (k: Key): boolean => k.entity !== null || /\p{N}/u.test(k.word);

/** An entity matches another when one's words all appear in the other in order ("marie curie", "marie sklodowska curie"). */
function entityMatches(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a.split(' '), b.split(' ')] : [b.split(' '), a.split(' ')];
  let k = 0;
  for (const w of long) if (k < short.length && w === short[k]) k++;
  return k === short.length;
}

/** The same thing named, whether asserted or negated. */
function sameKey(a: Key, b: Key): boolean {
  if (a.entity !== null && b.entity !== null) return entityMatches(a.entity, b.entity);
  if (a.entity === null && b.entity === null) return a.term === b.term;
  return a.word === b.word;
}

function keyMatches(a: Key, b: Key): boolean {
  return a.negated === b.negated && sameKey(a, b);
}

export interface CampInput {
  lines: readonly BottomLine[];
  groups: readonly ClaimGroup[];
  /** Per expert, how much of its answer the others also say (0..1), or null when it has too few claims to tell. */
  topicality: readonly (number | null)[];
  /** Per expert, the lexical features of its answer outside the bottom line. */
  bodyFeatures: readonly ReadonlySet<number>[];
  /** Per expert, its text folded (lower case, no accents), to find entities in it. */
  foldedTexts: readonly string[];
  /** Cosine of two experts' bottom-line spans, or null without the model. */
  spanSimilarity: ((a: number, b: number) => number) | null;
}

export interface Camps {
  camps: number[][];
  agreement: number[][];
  relation: number[][];
}

/** Whether most answers give a quantity as their answer: then quantities decide. */
export function isNumericPanel(lines: readonly BottomLine[]): boolean {
  const numeric = lines.filter((l) => l.numeric && l.quantity !== null).length;
  return numeric >= 2 && numeric * 2 >= lines.length;
}

/** Cosine of the experts' memberships in claim groups, each group weighted by how few experts share it. */
export function coSupport(groups: readonly ClaimGroup[], expertCount: number): number[][] {
  const m = Array.from({ length: expertCount }, () => new Array<number>(expertCount).fill(0));
  for (const g of groups) {
    const k = g.experts.length;
    if (k < 2 || k >= expertCount) continue;
    const w = Math.log(expertCount / k);
    for (const a of g.experts) for (const b of g.experts) (m[a] as number[])[b] = ((m[a] as number[])[b] as number) + w;
  }
  return m.map((row, i) =>
    row.map((v, j) => {
      if (i === j) return 1;
      const d = Math.sqrt(((m[i] as number[])[i] as number) * ((m[j] as number[])[j] as number));
      return d > 0 ? v / d : 0;
    }),
  );
}

class Relations {
  readonly keys: Key[][];
  /** Per expert and key: how distinctive the key is among the bottom lines (0 when every line has it). */
  readonly weights: number[][];
  readonly numeric: boolean;

  constructor(private readonly input: CampInput) {
    this.keys = input.lines.map(keysOf);
    this.numeric = isNumericPanel(input.lines);
    const n = input.lines.length;
    this.weights = this.keys.map((keys) =>
      keys.map((k) => {
        let df = 0;
        for (const other of this.keys) if (other.some((o) => keyMatches(k, o))) df++;
        return Math.log((1 + n) / (1 + df));
      }),
    );
  }

  /**
   * Whether answer `reader` discusses key k of another answer outside its own bottom line,
   * without stating it in its bottom line.
   */
  private mentions(reader: number, k: Key): boolean {
    const line = this.input.lines[reader] as BottomLine;
    if (k.entity !== null) return !line.lineText.includes(k.entity) && (this.input.foldedTexts[reader] as string).includes(k.entity);
    return !line.lineTerms.includes(k.term * 2) && (this.input.bodyFeatures[reader] as ReadonlySet<number>).has(k.term * 2);
  }

  /** The same quantity or the same yes/no: an answer to the same question, whatever else it says. */
  sameAnswer(i: number, j: number): boolean {
    const a = this.input.lines[i] as BottomLine;
    const b = this.input.lines[j] as BottomLine;
    if (a.polarity !== 0 && a.polarity === b.polarity) return true;
    return this.numeric && a.quantity !== null && b.quantity !== null && sameQuantity(a.quantity, b.quantity) === true;
  }

  relation(i: number, j: number): number {
    const a = this.input.lines[i] as BottomLine;
    const b = this.input.lines[j] as BottomLine;
    if (a.polarity !== 0 && b.polarity !== 0) return a.polarity === b.polarity ? AGREE : DISAGREE;
    if (this.numeric && a.quantity !== null && b.quantity !== null) {
      const same = sameQuantity(a.quantity, b.quantity);
      if (same !== null) return same ? AGREE : DISAGREE;
    }
    const ka = this.keys[i] as Key[];
    const kb = this.keys[j] as Key[];
    if (ka.length === 0 || kb.length === 0) return UNKNOWN;
    // "Use Redis" against "Do not use Redis".
    if (ka.some((k) => kb.some((o) => k.negated !== o.negated && sameKey(k, o)))) return DISAGREE;
    const wa = this.weights[i] as number[];
    const wb = this.weights[j] as number[];
    let totalA = 0;
    let sharedA = 0;
    ka.forEach((k, x) => {
      totalA += wa[x] as number;
      if (kb.some((o) => keyMatches(k, o))) sharedA += wa[x] as number;
    });
    let totalB = 0;
    let sharedB = 0;
    kb.forEach((k, x) => {
      totalB += wb[x] as number;
      if (ka.some((o) => keyMatches(k, o))) sharedB += wb[x] as number;
    });
    const shared = Math.max(sharedA, sharedB);
    const least = Math.min(totalA, totalB);
    if (least > 0 && shared / least >= 0.5) return AGREE;
    // The same keys on both sides, however common in the panel ("O(n)" and "O(n)").
    if (ka.every((k) => kb.some((o) => keyMatches(k, o))) && kb.every((k) => ka.some((o) => keyMatches(k, o)))) return AGREE;
    if (ka.some((k, x) => k.entity !== null && (wa[x] as number) > 0 && kb.some((o) => keyMatches(k, o)))) return AGREE;
    if (shared > 0 || a.words > LIMITS.answerSpanWords || b.words > LIMITS.answerSpanWords) return UNKNOWN;
    // Two short conclusions that name different things ("Kafka" and "SQLite", "Volga" and "Danube").
    const named = (keys: readonly Key[], weights: readonly number[]): boolean => keys.some((k, x) => isNamed(k) && (weights[x] as number) > 0);
    if (named(ka, wa) && named(kb, wb)) return DISAGREE;
    const namedA = this.contest(ka, wa, j);
    const namedB = this.contest(kb, wb, i);
    if (namedA === true || namedB === true) return DISAGREE;
    // Parallel conclusions fill the same frame differently ("sodium carbonate" / "sodium
    // bicarbonate", "dry brine" / "wet brine"): contested. Unrelated wordings of one
    // conclusion ("hit the floor together", "land at the same time") are not.
    const parallel = ka.some((k) => kb.some((o) => keyMatches(k, o)));
    return parallel ? CONTESTED : UNKNOWN;
  }

  /**
   * Whether answer `reader` discusses most of these keys (by weight) outside its bottom
   * line: null if not; true when a named key (entity, number) is among them; else false.
   */
  private contest(keys: readonly Key[], weights: readonly number[], reader: number): boolean | null {
    let total = 0;
    let mentioned = 0;
    let named = false;
    keys.forEach((k, x) => {
      const w = weights[x] as number;
      total += w;
      if (w > 0 && this.mentions(reader, k)) {
        mentioned += w;
        if (isNamed(k)) named = true;
      }
    });
    return total > 0 && mentioned / total >= 0.5 ? named : null;
  }
}

export function formCamps(input: CampInput): Camps {
  const n = input.lines.length;
  const rel = new Relations(input);
  const sharesClaim = new Uint8Array(n * n);
  for (const g of input.groups) for (const a of g.experts) for (const b of g.experts) sharesClaim[a * n + b] = 1;
  const shared = coSupport(input.groups, n);
  const relation = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? AGREE : UNKNOWN)));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r = rel.relation(i, j);
      (relation[i] as number[])[j] = r;
      (relation[j] as number[])[i] = r;
    }
  }
  // An answer that shares almost nothing with the panel answered another question.
  const known = input.topicality.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const median = known.length > 0 ? (known[Math.floor((known.length - 1) / 2)] as number) : 0;
  const offTopic = input.topicality.map(
    (t, i) => n >= 3 && t !== null && t < median - THRESHOLDS.offTopicGap && !input.lines.some((_, j) => j !== i && rel.sameAnswer(i, j)),
  );
  for (let i = 0; i < n; i++) {
    if (!offTopic[i]) continue;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      (relation[i] as number[])[j] = DISAGREE;
      (relation[j] as number[])[i] = DISAGREE;
    }
  }
  const pairScore = (i: number, j: number): number => {
    const r = (relation[i] as number[])[j] as number;
    if (r === AGREE || r === DISAGREE) return r;
    const useSpans = input.spanSimilarity !== null && (input.lines[i] as BottomLine).span !== '' && (input.lines[j] as BottomLine).span !== '';
    const s = Math.max(0, Math.min(1, useSpans ? (input.spanSimilarity as (a: number, b: number) => number)(i, j) : ((shared[i] as number[])[j] as number)));
    return r === CONTESTED ? Math.min(s, CONTESTED_SCORE) : s;
  };

  // b. seeds: answers that agree, never joined across a disagreement
  const campOf = Array.from({ length: n }, (_, i) => i);
  let camps: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const related = (x: readonly number[], y: readonly number[], r: number): boolean => x.some((a) => y.some((b) => (relation[a] as number[])[b] === r));
  const blocked = (x: readonly number[], y: readonly number[]): boolean => related(x, y, DISAGREE);
  const contested = (x: readonly number[], y: readonly number[]): boolean => related(x, y, CONTESTED);
  const join = (target: number, source: number): void => {
    const t = camps[campOf[target] as number] as number[];
    const s = camps[campOf[source] as number] as number[];
    if (t === s) return;
    t.push(...s);
    t.sort((a, b) => a - b);
    for (const m of s) campOf[m] = campOf[target] as number;
    s.length = 0;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if ((relation[i] as number[])[j] !== AGREE) continue;
      const ci = camps[campOf[i] as number] as number[];
      const cj = camps[campOf[j] as number] as number[];
      if (ci !== cj && !blocked(ci, cj)) join(i, j);
    }
  }
  // c. every group links to the group most like it that it does not oppose (nearest neighbour);
  //    a group that contests the only position it could join, when that position holds the
  //    panel's majority, stays apart (the one confidently different answer).
  const mean = (x: readonly number[], y: readonly number[]): number => {
    let sum = 0;
    for (const a of x) for (const b of y) sum += pairScore(a, b);
    return sum / (x.length * y.length);
  };
  const open = (c: readonly number[]): boolean => c.length > 0 && !c.some((m) => offTopic[m]);
  const nearest = (own: readonly number[]): number[] | null => {
    const options = camps.filter((c) => c !== own && open(c) && !blocked(own, c));
    let pool = options.filter((c) => !contested(own, c));
    const majority = options.find((c) => c.length * 2 > n);
    if (pool.length === 0 && options.length >= 2 && majority === undefined) pool = options;
    let best: number[] | null = null;
    let bestScore = -Infinity;
    for (const c of pool) {
      const score = mean(own, c);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  };
  const cohesion = (c: readonly number[]): number => {
    if (c.length < 2) return 1;
    let sum = 0;
    let k = 0;
    for (let x = 0; x < c.length; x++) for (let y = x + 1; y < c.length; y++) {
      sum += pairScore(c[x] as number, c[y] as number);
      k++;
    }
    return sum / k;
  };
  // Two positions stay apart when what links them is much weaker than what holds each together,
  // and at least one of them rests on bottom lines that agree outright (without that, a gap in
  // meaning between groups of differently worded answers is no evidence of two positions).
  const seeded = (c: readonly number[]): boolean => c.some((a) => c.some((b) => a !== b && (relation[a] as number[])[b] === AGREE));
  const separate = (x: readonly number[], y: readonly number[]): boolean =>
    x.length >= 2 && y.length >= 2 && (seeded(x) || seeded(y)) && mean(x, y) < THRESHOLDS.positionGap * Math.min(cohesion(x), cohesion(y));
  // Groups that are each other's nearest join; a lone answer joins its nearest; until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    const groups = camps.filter(open);
    const next = new Map<number[], number[] | null>(groups.map((g) => [g, nearest(g)]));
    for (const g of groups) {
      const h = next.get(g) ?? null;
      if (h === null || g.length === 0 || h.length === 0) continue;
      const mutual = next.get(h) === g;
      // Earlier joins of this round may have grown either side: judge the groups as they are now.
      const x = camps[campOf[g[0] as number] as number] as number[];
      const y = camps[campOf[h[0] as number] as number] as number[];
      if (x === y || blocked(x, y) || !(mutual || x.length === 1)) continue;
      // A lone answer needs some likeness to join: a claim in common or a bottom line alike.
      if (separate(x, y) || (mean(x, y) < THRESHOLDS.joinFloor && !x.some((a) => y.some((b) => sharesClaim[a * n + b] === 1)))) continue;
      join(y[0] as number, x[0] as number);
      changed = true;
    }
  }
  camps = camps.filter((c) => c.length > 0).sort((x, y) => (x[0] as number) - (y[0] as number));
  const agreement = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : pairScore(i, j))));
  return { camps, agreement, relation };
}
