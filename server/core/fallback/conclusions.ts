/**
 * Conclusions: what each answer recommends, so that two answers reaching the same
 * verdict in different words and lengths agree, and opposite verdicts stay apart.
 *
 * A claim carries a recommendation cue when it opens with one ("Recommendation:",
 * "Verdict:", "Short answer:", "My take", "Bottom line", "Use", "Start with", ...,
 * chained: "Short answer: start with X"), says "I would pick / choose / start with /
 * lean towards ...", "favour X", "points to X", has a bold label ("**Algorithm:** X"),
 * or ends in a short verdict after a colon ("... memory-hard function: Argon2id.").
 * An answer's conclusions are its first claim, its cue claims in order and its last
 * claim, at most MAX_CONCLUSIONS_PER_EXPERT.
 *
 * A conclusion's head is its first HEAD_TERMS distinct features after the cue,
 * weighted 1, 1/2, 1/3 by position: what is recommended comes first ("Go by default;
 * Rust for hot paths" and "Rust for long-lived services; Go only when ..." share
 * their words but not their head).
 *
 *   match(a, b)      = 1 when the first term of one head is in the other head (the same
 *                      recommendation: "monolith first" and "a well-structured monolith"),
 *                      else the cosine of the heads
 *   conclusion(i, j) = clamp(best match - best negated head cosine, 0, 1), over pairs of
 *                      conclusions; 0 when exactly one of the two answers declares dissent
 *                      ("I will partly disagree", "I want to push back": a careful reader
 *                      takes the author at their word)
 *
 * A common recommendation is the first term of some conclusion's head; its supporters
 * are the experts who name that term in the head of one of their conclusions.
 * Filler-only sentences are no claims, so boilerplate never becomes a conclusion.
 * Mirrored in native/core/src/conclusions.rs.
 */
import type { Claim } from './claims';
import { HEAD_TERMS, MAX_CONCLUSIONS_PER_EXPERT, MAX_EVIDENCE_PER_SUPPORTER } from './limits';
import { tokenizeText } from './pipeline';
import { shareKey } from './shares';
import type { SparseVector } from './vectors';
import type { CommonRecommendation } from '../types';

/** Cues that open a claim (after markup such as `**`, `#`, `>`); tried in this order. */
export const LEAD_CUES: readonly string[] = [
  'my recommendation', 'recommendation', 'recommended', 'verdict', 'short answer', 'my take', 'my position',
  'my answer', 'bottom line', 'tl;dr', 'tldr', 'in short', 'in summary', 'in conclusion', 'summary', 'conclusion',
  'use', 'start with', 'pick', 'choose', 'go with', 'prefer', 'stick with', 'default to',
];
/** Verb phrases that are a cue after a first-person subject ("I would pick", "I'd use"). */
export const CHOICE_VERBS: readonly string[] = [
  'lean towards', 'lean toward', 'start with', 'go with', 'stick with', 'default to', 'pick', 'choose', 'use',
  'recommend', 'prefer',
];
const SUBJECTS: readonly string[] = ['i would ', "i'd ", 'i ', 'we would ', "we'd ", 'we '];
/** Verb phrases that are a cue on their own ("the numbers favour X", "the data points to X"). */
export const BARE_CHOICE_VERBS: readonly string[] = ['favour', 'favor', 'points to'];
/** Substrings every choice verb cue contains (a subject's end or a bare verb). */
const CHOICE_KEYS: readonly string[] = ['i ', "i'd ", 'we ', "we'd ", 'favo', 'points to'];
/** Markup and punctuation skipped before and between cues. */
const CUE_PADDING = ' \t*_#>`:,-';

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Lower-cases ASCII letters only (so offsets match the text's in both languages). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

function wordAt(lower: string, at: number, phrase: string): boolean {
  return lower.startsWith(phrase, at) && (at + phrase.length >= lower.length || !isAsciiAlnum(lower.charCodeAt(at + phrase.length)));
}

function skipPadding(lower: string, at: number): number {
  while (at < lower.length && CUE_PADDING.includes(lower[at] as string)) at++;
  return at;
}

/** Past the lead cues chained from `at` ("Short answer: start with X"). */
function pastLeads(lower: string, at: number): number {
  for (;;) {
    const from = skipPadding(lower, at);
    const lead = LEAD_CUES.find((c) => wordAt(lower, from, c));
    if (lead === undefined) return at;
    at = from + lead.length;
  }
}

function precededBySubject(lower: string, at: number): boolean {
  return SUBJECTS.some(
    (s) => at >= s.length && lower.startsWith(s, at - s.length) && (at === s.length || !isAsciiAlnum(lower.charCodeAt(at - s.length - 1))),
  );
}

/** The first choice verb of the claim: "I would pick", "favour", ... (offset past it). */
function pastChoiceVerb(lower: string): number {
  let best = -1;
  let bestEnd = -1;
  const verbs = [...CHOICE_VERBS, ...BARE_CHOICE_VERBS];
  verbs.forEach((verb, v) => {
    const bare = v >= CHOICE_VERBS.length;
    for (let at = lower.indexOf(verb); at >= 0 && (best < 0 || at < best); at = lower.indexOf(verb, at + 1)) {
      if (at > 0 && isAsciiAlnum(lower.charCodeAt(at - 1))) continue;
      if (!wordAt(lower, at, verb) || (!bare && !precededBySubject(lower, at))) continue;
      best = at;
      bestEnd = at + verb.length;
      break;
    }
  });
  return bestEnd;
}

/** "**Label:** value" or "**Label**: value": the colon closing a bold lead (offset past it). */
function pastBoldLabel(lower: string): number {
  if (!lower.startsWith('**')) return -1;
  const open = 2;
  const close = lower.indexOf('**', open);
  if (close < 0) return -1;
  const colon = lower.indexOf(':', open);
  if (colon >= 0 && colon < close) return colon + 1;
  return lower.startsWith(':', close + 2) ? close + 3 : -1;
}

/**
 * Where the head of a claim begins (offset into its text) when the claim carries a
 * recommendation cue, else -1.
 */
export function cueEnd(text: string): number {
  const lower = asciiLower(text);
  const lead = pastLeads(lower, 0);
  if (lead > 0) return lead;
  const verb = CHOICE_KEYS.some((key) => lower.includes(key)) ? pastChoiceVerb(lower) : -1;
  if (verb >= 0) return pastLeads(lower, verb);
  const label = pastBoldLabel(lower);
  if (label >= 0) return pastLeads(lower, label);
  return pastShortVerdict(text, lower);
}

/** A short verdict has few words: longer tails are not tokenized to find out. */
const MAX_VERDICT_SPACES = 12;

/** "Hash with a slow, memory-hard function: Argon2id." A colon followed by a verdict of at most HEAD_TERMS terms. */
function pastShortVerdict(text: string, lower: string): number {
  const colon = lower.indexOf(':');
  if (colon < 0) return -1;
  let spaces = 0;
  for (let k = colon + 1; k < lower.length; k++) if (lower.charCodeAt(k) === 0x20) spaces++;
  if (spaces > MAX_VERDICT_SPACES) return -1;
  const terms = tokenizeText(text.slice(colon + 1)).length;
  return terms >= 1 && terms <= HEAD_TERMS ? colon + 1 : -1;
}

/** First-person statements of dissent from the usual view ("I will partly disagree", "I want to push back"). */
export const DISSENT_CUES: readonly string[] = [
  'i disagree', 'i partly disagree', 'i will partly disagree', 'i strongly disagree', 'i respectfully disagree',
  'i would disagree', "i'd disagree", 'i push back', 'i want to push back', 'i would push back', "i'd push back",
  'take the minority position', 'where i differ',
];

/** Substrings every dissent cue contains. */
const DISSENT_KEYS: readonly string[] = ['disagree', 'push back', 'minority position', 'where i differ'];

/** Whether a claim declares dissent (the answer then shares no conclusion with answers that do not). */
export function declaresDissent(text: string): boolean {
  const lower = asciiLower(text);
  // Every cue holds one of these: a quick look first, the rule only where it can hold.
  if (!DISSENT_KEYS.some((key) => lower.includes(key))) return false;
  return DISSENT_CUES.some((cue) => {
    for (let at = lower.indexOf(cue); at >= 0; at = lower.indexOf(cue, at + 1)) {
      if ((at === 0 || !isAsciiAlnum(lower.charCodeAt(at - 1))) && wordAt(lower, at, cue)) return true;
    }
    return false;
  });
}

/**
 * The head vector of a conclusion: HEAD_TERMS distinct features from `start` (the
 * pipeline features before the cue's end), weighted by position.
 */
export function headVector(features: readonly number[], start: number): SparseVector | null {
  const taken: number[] = [];
  for (let k = start; k < features.length && taken.length < HEAD_TERMS; k++) {
    const f = features[k] as number;
    if (!taken.includes(f)) taken.push(f);
  }
  if (taken.length === 0) return null;
  const order = taken.map((f, rank) => ({ f, w: 1 / (rank + 1) })).sort((a, b) => a.f - b.f);
  let sumSquares = 0;
  for (const { w } of order) sumSquares += w * w;
  const norm = Math.sqrt(sumSquares);
  return { ids: Int32Array.from(order, (o) => o.f), weights: Float64Array.from(order, (o) => o.w / norm), norm };
}

/** Pipeline features of a claim's text before its head (the cue's own words and what precedes them). */
export function headStart(text: string, end: number): number {
  return end <= 0 ? 0 : tokenizeText(text.slice(0, end)).length;
}

/** Which claims of one expert (indices into its claims, in order) are its conclusions. */
export function conclusionIndices(cues: readonly boolean[]): number[] {
  const n = cues.length;
  if (n === 0) return [];
  const chosen: number[] = [0];
  for (let k = 1; k < n - 1 && chosen.length < MAX_CONCLUSIONS_PER_EXPERT - 1; k++) if (cues[k] === true) chosen.push(k);
  if (n > 1) chosen.push(n - 1);
  return chosen;
}

function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let q = 0;
  for (let p = 0; p < a.ids.length; p++) {
    const id = a.ids[p] as number;
    while (q < b.ids.length && (b.ids[q] as number) < id) q++;
    if (q < b.ids.length && b.ids[q] === id) sum += (a.weights[p] as number) * (b.weights[q] as number);
  }
  return sum;
}

function flippedDot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let p = 0; p < a.ids.length; p++) {
    const id = (a.ids[p] as number) ^ 1;
    for (let q = 0; q < b.ids.length; q++) if (b.ids[q] === id) sum += (a.weights[p] as number) * (b.weights[q] as number);
  }
  return sum;
}

/** Conclusion claims per expert (claim indices, in order). */
export function conclusionsByExpert(claims: readonly Claim[], expertCount: number): number[][] {
  const by: number[][] = Array.from({ length: expertCount }, () => []);
  claims.forEach((claim, c) => {
    if (claim.head !== null) (by[claim.expert] as number[]).push(c);
  });
  return by;
}

/** Whether some expert declares dissent in any of its claims. */
export function dissentingExperts(claims: readonly Claim[], expertCount: number): boolean[] {
  const dissent = new Array<boolean>(expertCount).fill(false);
  for (const claim of claims) if (!(dissent[claim.expert] as boolean) && declaresDissent(claim.text)) dissent[claim.expert] = true;
  return dissent;
}

function leadsInto(a: SparseVector, b: SparseVector): boolean {
  const lead = leadFeature(a);
  return (lead & 1) === 0 && b.ids.includes(lead);
}

/**
 * conclusion(i, j) for every pair, or -1 where either answer has no conclusion:
 * 1 when one answer's conclusion leads with a term the other's conclusion heads
 * name (the same recommendation), else the best head cosine; minus the best
 * negated head cosine; 0 when exactly one of the two declares dissent.
 */
export function conclusionMatrix(claims: readonly Claim[], byExpert: readonly (readonly number[])[], dissent: readonly boolean[]): number[][] {
  const n = byExpert.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ci = byExpert[i] as readonly number[];
      const cj = byExpert[j] as readonly number[];
      if (ci.length === 0 || cj.length === 0) continue;
      if (dissent[i] !== dissent[j]) {
        (m[i] as number[])[j] = 0;
        (m[j] as number[])[i] = 0;
        continue;
      }
      let best = 0;
      let against = 0;
      for (const a of ci) {
        const ha = (claims[a] as Claim).head as SparseVector;
        for (const b of cj) {
          const hb = (claims[b] as Claim).head as SparseVector;
          const s = leadsInto(ha, hb) || leadsInto(hb, ha) ? 1 : dot(ha, hb);
          if (s > best) best = s;
          const f = flippedDot(ha, hb);
          if (f > against) against = f;
        }
      }
      const value = Math.min(1, Math.max(0, best - against));
      (m[i] as number[])[j] = value;
      (m[j] as number[])[i] = value;
    }
  }
  return m;
}

/** Shared recommendations: a head's first term and the experts whose conclusions lead with or name it. */
export function conclusionRecommendations(
  claims: readonly Claim[],
  byExpert: readonly (readonly number[])[],
  expertIds: readonly string[],
  votes: readonly number[],
  totalVote: number,
): CommonRecommendation[] {
  const seen = new Set<number>();
  const found: { rec: CommonRecommendation; order: number }[] = [];
  byExpert.forEach((list) => {
    for (const c of list) {
      const head = (claims[c] as Claim).head as SparseVector;
      const lead = leadFeature(head);
      if ((lead & 1) === 1 || seen.has(lead)) continue;
      seen.add(lead);
      const supporters: number[] = [];
      const evidence: { expertId: string; text: string }[] = [];
      byExpert.forEach((other, e) => {
        let given = 0;
        for (const d of other) {
          if (given >= MAX_EVIDENCE_PER_SUPPORTER) break;
          if (!((claims[d] as Claim).head as SparseVector).ids.includes(lead)) continue;
          if (given === 0) supporters.push(e);
          evidence.push({ expertId: expertIds[e] as string, text: (claims[d] as Claim).text });
          given++;
        }
      });
      if (supporters.length < 2) continue;
      let sum = 0;
      for (const e of supporters) sum += votes[e] as number;
      found.push({
        rec: { text: (claims[c] as Claim).text, supporters: supporters.map((e) => expertIds[e] as string), support: sum / totalVote, evidence },
        order: found.length,
      });
    }
  });
  return found
    .sort((a, b) => shareKey(b.rec.support) - shareKey(a.rec.support) || b.rec.supporters.length - a.rec.supporters.length || a.order - b.order)
    .map((f) => f.rec);
}

/** The head's first term: its largest weight (ties cannot happen: weights are 1, 1/2, 1/3). */
function leadFeature(head: SparseVector): number {
  let best = 0;
  for (let k = 1; k < head.ids.length; k++) if ((head.weights[k] as number) > (head.weights[best] as number)) best = k;
  return head.ids[best] as number;
}
