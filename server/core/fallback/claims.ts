/**
 * Step 1 of docs/consensus.md, "Claims": every answer cut into units (sentences, list
 * items, table rows, headings) with the role each plays. Only units with the role
 * `Claim` can be recommendations or insights; headings and the first units feed the
 * bottom line; filler, questions and unfinished fragments count for nothing.
 * A unit under a heading or a list intro that frames an alternative ("When X is
 * reasonable:", "If price matters:") keeps that frame as its `context`.
 * Mirrored in native/core/src/claims.rs.
 */
import type { Corpus } from './documents';
import { UnitKind } from './markdown';
import { ALTERNATIVE_FRAMES, LIMITS } from './params';
import { analyzeText, type Unit } from './pipeline';
import { weigh, countTerms, type SparseVector } from './vectors';

export const enum Role {
  Claim = 0,
  Heading = 1,
  Question = 2,
  Filler = 3,
  Fragment = 4,
  Code = 5,
}

export interface Claim {
  expert: number;
  /** Position among its expert's units. */
  order: number;
  start: number;
  end: number;
  text: string;
  /** The whole unit this claim was cut from (the same as text unless the unit was cut into clauses). */
  sentence: string;
  kind: UnitKind;
  /** Heading level (1 for "#"), 0 for other units. */
  level: number;
  role: Role;
  /** The heading or list intro it sits under, when that frames an alternative. */
  context: string | null;
  /** Content terms (lexical features, negation kept). */
  vector: SparseVector;
  termCount: number;
}

const TRAILING = /[\s*_`)"'”’\]]+$/u;

function endsSentence(text: string): boolean {
  const t = text.replace(TRAILING, '');
  const last = t[t.length - 1];
  return last === '.' || last === '!' || last === '?' || last === '…' || last === ':' || last === '。';
}

function firstWord(text: string): string {
  const m = /^[\s*_#>"'“]*([\p{L}']+)/u.exec(text);
  return m === null ? '' : (m[1] as string).toLowerCase();
}

interface Piece {
  start: number;
  end: number;
  features: number[];
}

const CLAUSE_BREAK = /;\s+|\s[—–]\s/gu;

/**
 * A sentence that makes several points ("keep flag checks behind an interface; and put an
 * owner on every flag") is cut at semicolons and dashes into clauses, when every clause
 * can stand as a claim; null when it stays whole.
 */
function clauses(text: string, unit: Unit, corpus: Corpus): Piece[] | null {
  const unitText = text.slice(unit.start, unit.end);
  const pieces: Piece[] = [];
  let from = 0;
  const cut = (to: number): boolean => {
    const raw = unitText.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    const features: number[] = [];
    for (const u of analyzeText(body, corpus.lex)) features.push(...u.features);
    if (countTerms(features).ids.length < LIMITS.minClaimWords) return false;
    pieces.push({ start: unit.start + from + lead, end: unit.start + from + lead + body.length, features });
    return true;
  };
  for (const m of unitText.matchAll(CLAUSE_BREAK)) {
    if (!cut(m.index as number)) return null;
    from = (m.index as number) + m[0].length;
  }
  if (pieces.length === 0 || !cut(unitText.length)) return null;
  return pieces;
}

/** Whether a heading or list intro frames what follows as an alternative or an exception. */
export function framesAlternative(text: string): boolean {
  if (ALTERNATIVE_FRAMES.has(firstWord(text))) return true;
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  return words.some((w) => w === 'alternative' || w === 'alternatives' || w === 'instead');
}

/** How many '#' open the line a heading starts on (setext headings count as level 1). */
function headingLevel(text: string, start: number): number {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const m = /^\s*(#+)/u.exec(text.slice(lineStart, start));
  return m === null ? 1 : (m[1] as string).length;
}

const BOLD_LABEL = /^\s*(\*\*|__)[^*_]+(\*\*|__)\s*$/u;

/** A list item's opening bold label ("**Crisper skin.**"): a heading for the sentence that follows it. */
function isLabel(text: string, unit: Unit): boolean {
  return unit.kind === UnitKind.Item && BOLD_LABEL.test(text.slice(unit.start, unit.end));
}

function roleOf(unit: Unit, text: string, isLast: boolean, streaming: boolean): Role {
  if (unit.kind === UnitKind.Code) return Role.Code;
  // A bold label that opens a list item ("**Crisper skin.** A wet brine ...") names the point; it makes none.
  if (unit.kind === UnitKind.Heading || (unit.kind === UnitKind.Item && BOLD_LABEL.test(text))) return Role.Heading;
  if (unit.filler) return Role.Filler;
  if (streaming && isLast && !endsSentence(text)) return Role.Fragment;
  if (text.replace(TRAILING, '').endsWith('?')) return Role.Question;
  return Role.Claim;
}

/** The claims of one answer, in order, with roles and alternative frames. */
export function answerClaims(expert: number, text: string, units: readonly Unit[], corpus: Corpus, streaming: boolean): Claim[] {
  const out: Claim[] = [];
  let headingFrame: string | null = null;
  let introFrame: string | null = null;
  let inList = false;
  const cap = LIMITS.maxClaimsPerExpert;
  units.forEach((unit, order) => {
    if (out.length >= cap) return;
    const previous = units[order - 1];
    // The sentence after a bold label in the same list item carries the label with it.
    const label = previous !== undefined && isLabel(text, previous) && unit.kind === UnitKind.Item && !text.slice(previous.end, unit.start).includes('\n');
    if (label) unit = { ...unit, start: (previous as Unit).start, features: [...(previous as Unit).features, ...unit.features] };
    const unitText = text.slice(unit.start, unit.end);
    const role = roleOf(unit, unitText, order === units.length - 1, streaming);
    if (unit.kind === UnitKind.Heading) {
      headingFrame = framesAlternative(unitText) ? unitText : null;
      introFrame = null;
    }
    if (unit.kind === UnitKind.Item) inList = true;
    else if (unit.kind !== UnitKind.Code) {
      if (inList) introFrame = null;
      inList = false;
    }
    const context = unit.kind === UnitKind.Item || unit.kind === UnitKind.Table ? (introFrame ?? headingFrame) : headingFrame;
    const pieces = role === Role.Claim ? clauses(text, unit, corpus) : null;
    for (const piece of pieces ?? [{ start: unit.start, end: unit.end, features: unit.features }]) {
      const counts = countTerms(piece.features);
      out.push({
        expert,
        order,
        start: piece.start,
        end: piece.end,
        text: text.slice(piece.start, piece.end),
        sentence: unitText,
        kind: unit.kind,
        level: unit.kind === UnitKind.Heading ? headingLevel(text, unit.start) : 0,
        role,
        context: unit.kind === UnitKind.Heading ? null : context,
        vector: weigh(counts, corpus.idf),
        termCount: counts.ids.length,
      });
    }
    if (unit.kind === UnitKind.Sentence && unitText.trimEnd().endsWith(':')) {
      introFrame = framesAlternative(unitText) ? unitText.trimEnd().slice(0, -1) : null;
    }
  });
  return out;
}

/** A claim that may stand as a recommendation or an insight. */
export function isSubstantive(claim: Claim): boolean {
  // A sentence that introduces a list ("The deciding factors are:") frames points; it makes none.
  return claim.role === Role.Claim && claim.termCount >= LIMITS.minClaimWords && !claim.text.trimEnd().endsWith(':');
}
