/**
 * Step 3 of docs/consensus.md, "Bottom lines": what each answer concludes, found by
 * structure (a conclusion marker such as "Short answer:", a bold span, the opening
 * claim or an opening heading that states a choice, a final-answer line) and
 * normalised: its quantity (quantities.ts), its yes or no, its named entities and
 * its key terms. Mirrored in native/core/src/bottom_line.rs.
 */
import { Role, type Claim } from './claims';
import type { Corpus } from './documents';
import { extractFinalAnswer } from './finalAnswer';
import { UnitKind } from './markdown';
import { CHOICE_LEADS, CONCLUSION_MARKERS, INTRO_WORDS, ENTITY_CONNECTORS, LEAD_INS, LIMITS, NO_WORDS, YES_WORDS } from './params';
import { analyzeText } from './pipeline';
import { findQuantities, type Quantity } from './quantities';

export interface BottomLine {
  /** Index in the expert's claims of the unit that holds it, or -1 when the answer has none (a bare list). */
  claim: number;
  /** The answer span: the few words that carry the conclusion. */
  span: string;
  /** The quantity it gives as its answer. */
  quantity: Quantity | null;
  /** The quantity was marked as the answer (final-answer line, bold) or the answer is short. */
  numeric: boolean;
  /** 1 yes, -1 no, 0 neither. */
  polarity: number;
  /** Named entities of the span ("react native", "marie curie"), folded. */
  entities: string[];
  /** Per entity, whether the sentence negates it ("Do not use PostgreSQL"). */
  negatedEntities: boolean[];
  /** Content features of the span outside its entities (filler and choice words left out; odd when negated). */
  terms: number[];
  /** Each term's word as written, folded (so an entity elsewhere can match it). */
  termWords: string[];
  /** Words of the span. */
  words: number;
  /** Content features of the whole unit that holds the bottom line. */
  lineTerms: number[];
  /** That unit's text, folded. */
  lineText: string;
  /** The bottom line as written (after its marker, if any), for display. */
  statement: string;
}

const EMPHASIS_EDGE = /^[\s*_>"'“”`]+|[\s*_"'“”`]+$/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const BOLD = /\*\*([^*]+)\*\*|__([^_]+)__/u;

const wordCount = (text: string): number => (text.match(WORD) ?? []).length;
const strip = (text: string): string => text.replace(EMPHASIS_EDGE, '');
/** Lower case without accents: how entities are compared. */
export const foldText = (text: string): string => text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();

/** If text starts with a conclusion marker ("Short answer:", "**Answer:**"), the text after it; else null. */
export function afterMarker(text: string): string | null {
  const original = strip(text.replace(/^#+\s*/u, ''));
  const lower = original.toLowerCase();
  for (const marker of CONCLUSION_MARKERS) {
    if (!lower.startsWith(marker)) continue;
    const rest = lower.slice(marker.length);
    const sep = /^[*_\s]*[:—–-]/u.exec(rest);
    if (sep === null && rest.trim() !== '') continue;
    return strip(original.slice(marker.length + (sep === null ? rest.length : sep[0].length)));
  }
  return null;
}

/** Lead-in words ("I'd go with", "It's the", "Honestly,") taken off the front, repeatedly. */
export function withoutLeadIns(text: string): string {
  let t = strip(text);
  for (let changed = true; changed; ) {
    changed = false;
    const lower = t.toLowerCase();
    for (const lead of LEAD_INS) {
      if (lower.startsWith(lead) && !/[\p{L}\p{N}]/u.test(lower[lead.length] ?? '')) {
        t = strip(t.slice(lead.length).replace(/^[\s,:—–-]+/u, ''));
        changed = true;
        break;
      }
    }
  }
  return t;
}

function statesChoice(text: string): boolean {
  const lower = strip(text).toLowerCase();
  return CHOICE_LEADS.some((lead) => lower.startsWith(lead) && !/[\p{L}\p{N}]/u.test(lower[lead.length] ?? ''));
}

/** The first bold span of text when it can be an answer; a bold label ("**Who:** X") gives what follows it. */
function boldSpan(text: string): string | null {
  const m = BOLD.exec(text);
  if (m === null) return null;
  const inner = (m[1] ?? m[2] ?? '').trim();
  if (inner.endsWith(':')) {
    const after = strip(text.slice(m.index + m[0].length));
    return after === '' ? null : after;
  }
  const span = afterMarker(inner) ?? inner;
  return span !== '' && wordCount(span) <= 8 ? span : null;
}

/** "It's a common starting point, but it's a bad idea": the conclusion is what follows the contrast. */
function afterConcession(text: string): string {
  const m = /[,;—–]\s*(?:but|however|yet)\s+/iu.exec(text);
  return m === null ? text : text.slice(m.index + m[0].length);
}

/**
 * Up to the first clause break; a parenthesis glued to a word ("O(n)") is part of it. An
 * introductory phrase ("For a laptop at this price, ...", "Generally, ...") is skipped.
 */
function firstClause(text: string): string {
  let t = text;
  for (;;) {
    const intro = /^([\p{L}']+)[^,;:—]*,\s+/u.exec(t);
    const first = intro?.[1]?.toLowerCase() ?? '';
    if (intro === null || !(INTRO_WORDS.has(first) || /ly$/u.test(first))) break;
    t = t.slice(intro[0].length);
  }
  const m = /\s[—–-]\s|,(?!\d)|[;:—]|\s\(|\.(\s|$)/u.exec(t);
  return (m === null ? t : t.slice(0, m.index)).trim();
}

/** "The highest mountain in Africa is Mount Kilimanjaro": the answer is what follows the verb "to be". */
function copulaComplement(clause: string): string | null {
  const m = /\s(?:is|was|are|were)\s+/iu.exec(clause);
  if (m === null) return null;
  const rest = withoutLeadIns(clause.slice(m.index + m[0].length));
  const words = wordCount(rest);
  // Only a named complement: in "For caching, Redis is the right tool" the answer is the subject.
  return words > 0 && words <= LIMITS.answerSpanWords && /[\p{Lu}\p{N}]/u.test(rest) ? rest : null;
}

/** 1 for a leading yes ("Yes, you can"), -1 for a leading no ("No.", "Not really"), else 0. */
export function polarityOf(text: string): number {
  const lower = strip(text).toLowerCase();
  const m = /^([\p{L}']+)/u.exec(lower);
  if (m === null) return 0;
  const first = m[1] as string;
  const punctuated = /^\s*(?:[,.!;:—–-]|$)/u.test(lower.slice(first.length));
  if (first === 'yes' || (punctuated && YES_WORDS.has(first))) return 1;
  if (first === 'not' || (punctuated && NO_WORDS.has(first))) return -1;
  return 0;
}

/** Named entities: runs of capitalised words (with connectors like "von"); a lone capital at the start is not one. */
export function entitiesOf(span: string): { entities: string[]; rest: string } {
  const words = [...span.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)];
  const entities: string[] = [];
  let rest = span;
  let i = 0;
  while (i < words.length) {
    const w = words[i] as RegExpMatchArray;
    if (!/^\p{Lu}/u.test(w[0]) || /^I('|’|$)/u.test(w[0])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < words.length) {
      const next = (words[j] as RegExpMatchArray)[0];
      const gap = span.slice(((words[j - 1] as RegExpMatchArray).index as number) + (words[j - 1] as RegExpMatchArray)[0].length, words[j]?.index);
      if (gap !== ' ') break;
      if (/^\p{Lu}/u.test(next) || (/^\p{N}/u.test(next) && next.length <= 4)) j++;
      else if (ENTITY_CONNECTORS.has(next) && /^\p{Lu}/u.test((words[j + 1] as RegExpMatchArray | undefined)?.[0] ?? '')) j += 2;
      else break;
    }
    const atStart = i === 0;
    if ((j - i >= 2 || !atStart) && (j - i >= 2 || w[0].length >= 2)) {
      const start = w.index as number;
      const last = words[j - 1] as RegExpMatchArray;
      const end = (last.index as number) + last[0].length;
      entities.push(foldText(span.slice(start, end)));
      rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
    }
    i = j;
  }
  return { entities, rest };
}

/**
 * An opening heading that titles the whole answer states its conclusion ("## Dry-brine it",
 * "## Lambda, with provisioned concurrency"); one followed by a sibling heading of the
 * same level only names a section ("## Getting around", then "## Money").
 */
function isTitle(c: Claim, claims: readonly Claim[]): boolean {
  // One word ("## Caching", "## Plan") names a topic, not a conclusion.
  if (c.order !== 0 || wordCount(c.text) < 2 || wordCount(c.text) > LIMITS.headingWords || /\?\s*$/u.test(c.text)) return false;
  return !claims.some((o) => o !== c && o.role === Role.Heading && o.level <= c.level);
}

interface Located {
  index: number;
  text: string;
}

/**
 * Where the bottom line is: a unit that starts with a conclusion marker; else a
 * leading yes or no; else the opening claim, or an opening heading that states a
 * choice ("## I'd take the monthly pension"). An opening claim that only introduces
 * a list ("Three things to try:") means the answer has no single bottom line.
 */
function locate(claims: readonly Claim[]): Located | null {
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i] as Claim;
    if (c.role === Role.Code || c.role === Role.Question) continue;
    const rest = afterMarker(c.sentence);
    if (rest === null) continue;
    if (/[\p{L}\p{N}]/u.test(rest)) return { index: i, text: rest };
    // A marker heading ("## Summary", "## Short answer") is answered by the first sentence of its section.
    for (let j = i + 1; j < claims.length; j++) {
      const next = claims[j] as Claim;
      if (next.role === Role.Heading) break;
      if (next.kind === UnitKind.Table || next.kind === UnitKind.Code) continue;
      if (next.role === Role.Claim || (next.role === Role.Filler && polarityOf(next.text) !== 0)) return { index: j, text: next.sentence };
    }
  }
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i] as Claim;
    if (c.role === Role.Filler) {
      if (polarityOf(c.text) !== 0) return { index: i, text: c.sentence };
      continue;
    }
    if (c.role === Role.Heading) {
      if (/^\d+[.)]/u.test(c.text)) return null; // "## 1. Clean out the dust": the answer is a list of sections
      if (statesChoice(c.text) || isTitle(c, claims)) return { index: i, text: c.text };
      continue;
    }
    if (c.role !== Role.Claim || c.kind === UnitKind.Table) continue;
    // A list item that opens the answer is the first of several points, unless it is a labelled field ("**Who:** X").
    if (c.kind === UnitKind.Item && !/^\s*(\*\*|__)[^*_]+:(\*\*|__)/u.test(c.text)) return null;
    const listIntro = c.kind === UnitKind.Sentence && strip(c.text).endsWith(':');
    if (listIntro && !BOLD.test(c.text) && !statesChoice(c.text)) return null;
    // An opening that only describes ("PostgreSQL is a relational database.") yields to a
    // prescription soon after it ("You should use PostgreSQL for this project.").
    if (!statesChoice(c.sentence) && !BOLD.test(c.sentence) && polarityOf(c.sentence) === 0) {
      for (let j = i + 1; j < Math.min(claims.length, i + LIMITS.prescriptionWindow); j++) {
        const later = claims[j] as Claim;
        if (later.role === Role.Claim && later.kind === UnitKind.Sentence && statesChoice(later.sentence)) return { index: j, text: later.sentence };
      }
    }
    return { index: i, text: c.sentence };
  }
  return null;
}

/** The quantity an answer gives as its answer, and whether it was marked as such. */
function answerQuantity(text: string, claims: readonly Claim[], line: Located | null): { quantity: Quantity | null; marked: boolean } {
  const final = extractFinalAnswer(text);
  if (final !== null) {
    const q = findQuantities(final)[0];
    if (q !== undefined) return { quantity: q, marked: true };
  }
  let seen = 0;
  for (const c of claims) {
    if (c.role !== Role.Claim && c.role !== Role.Heading) continue;
    if (seen++ >= LIMITS.bottomLineWindow) break;
    const re = new RegExp(BOLD.source, 'gu');
    for (let m = re.exec(c.text); m !== null; m = re.exec(c.text)) {
      const q = findQuantities(m[1] ?? m[2] ?? '').find((x) => !x.spelled || x.dimension !== '');
      if (q !== undefined) return { quantity: q, marked: true };
    }
  }
  if (line === null) return { quantity: null, marked: false };
  const words = wordCount(line.text);
  const short = words <= LIMITS.shortAnswerWords;
  // "one of history's myths" is no quantity; "Nine." and "Four and a half." are.
  const all = findQuantities(line.text).filter((q) => !q.spelled || q.dimension !== '' || words <= LIMITS.spelledAnswerWords);
  if (all.length === 0) return { quantity: null, marked: false };
  const eq = Math.max(line.text.lastIndexOf('='), line.text.lastIndexOf('≈'));
  const afterEquals = eq >= 0 ? all.find((q) => q.start > eq) : undefined;
  const withUnit = all.find((q) => q.dimension !== '' || q.year);
  return { quantity: afterEquals ?? withUnit ?? (all[0] as Quantity), marked: short };
}

export function bottomLineOf(text: string, claims: readonly Claim[], corpus: Corpus): BottomLine {
  const line = locate(claims);
  const { quantity, marked } = answerQuantity(text, claims, line);
  const opening = claims.find((c) => c.role === Role.Claim || c.role === Role.Filler);
  const polarity = opening !== undefined && polarityOf(opening.text) !== 0 ? polarityOf(opening.text) : line === null ? 0 : polarityOf(line.text);
  if (line === null) return { claim: -1, span: '', quantity, numeric: marked, polarity, entities: [], negatedEntities: [], terms: [], termWords: [], words: 0, lineTerms: [], lineText: '', statement: '' };
  const bold = boldSpan(line.text);
  const bare = withoutLeadIns(afterConcession(line.text));
  const clause = firstClause(bare);
  const complement = copulaComplement(clause);
  const span = bold ?? complement ?? (wordCount(clause) > 0 && wordCount(clause) <= LIMITS.answerSpanWords ? clause : bare);
  // Entities are found in the whole sentence, where a capital mid-sentence marks a name ("I would pick Go").
  let rest = foldText(span);
  const entities: string[] = [];
  for (const e of entitiesOf(line.text).entities) {
    if (!rest.includes(e)) continue;
    entities.push(e);
    rest = rest.split(e).join(' ');
  }
  if (bold !== null && entities.length === 0 && /^\p{Lu}[\p{L}\p{N}+#.-]*[.!]?$/u.test(bold.trim())) {
    entities.push(foldText(bold.trim().replace(/[.!]$/u, '')));
    rest = '';
  }
  rest = withoutLeadIns(rest);
  // Negation is read in the whole sentence: "Do not use PostgreSQL here; use MongoDB" negates PostgreSQL only.
  const lineTerms: number[] = [];
  for (const unit of analyzeText(line.text, corpus.lex)) for (const f of unit.features) if (!lineTerms.includes(f)) lineTerms.push(f);
  const negatedOnly = (term: number): boolean => lineTerms.includes(term * 2 + 1) && !lineTerms.includes(term * 2);
  const terms: number[] = [];
  const termWords: string[] = [];
  for (const word of rest.match(WORD) ?? []) {
    for (const unit of analyzeText(word, corpus.lex)) {
      for (const f of unit.features) {
        const feature = (f & ~1) | (negatedOnly(f >> 1) ? 1 : 0);
        if (corpus.lex.fillerTerm[f >> 1] === true || terms.includes(feature)) continue;
        terms.push(feature);
        termWords.push(foldText(word));
      }
    }
  }
  const negatedEntities = entities.map((e) => analyzeText(e, corpus.lex).some((u) => u.features.some((f) => negatedOnly(f >> 1))));
  return {
    claim: line.index, span, quantity, numeric: marked, polarity, entities, negatedEntities, terms, termWords, words: wordCount(span),
    lineTerms, lineText: foldText(line.text), statement: line.text,
  };
}
