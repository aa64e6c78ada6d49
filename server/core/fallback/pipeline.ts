/**
 * The text pipeline: markdown units -> words (our segmentation rules) -> case
 * folding -> negation scopes -> stop words -> Porter2 stems, interned as term ids.
 * A feature is `termId * 2 + negated`: terms after a negation in their clause
 * ("do not use X", "avoid X") are distinct features from the same terms asserted,
 * which is how opposite recommendations stay apart. Code (fenced blocks and inline
 * spans) becomes case-kept tokens prefixed with a backtick, never stemmed.
 * Mirrored in native/core/src/pipeline.rs.
 */
import { CharClass, charClass, codePointAt, cpLen, isAsciiDigit, isSpace } from './chars';
import { segmentMarkdown, matchInlineCode, UnitKind, type UnitSpan } from './markdown';
import { stem } from './stemmer';
import { CLAUSE_BREAK_WORDS, FILLER_WORDS, NEGATION_CUES, STOP_WORDS } from './stopwords';

const STOP = -1;
const CUE = -2;
const CLAUSE_BREAK = -3;

const STOP_SET: ReadonlySet<string> = new Set(STOP_WORDS);
const CUE_SET: ReadonlySet<string> = new Set(NEGATION_CUES);
const BREAK_SET: ReadonlySet<string> = new Set(CLAUSE_BREAK_WORDS);
const FILLER_STEMS: ReadonlySet<string> = new Set(FILLER_WORDS.map(stem));

export interface Unit extends UnitSpan {
  /** Feature ids in text order, repeats kept. */
  features: number[];
  /** Sentence or list item whose every term is boilerplate (or that has none). */
  filler: boolean;
}

/** Term ids shared by every document of one call, assigned in first-seen order. */
export class Lexicon {
  readonly terms: string[] = [];
  readonly fillerTerm: boolean[] = [];
  private readonly termIds = new Map<string, number>();
  /** Folded word -> term id or STOP / CUE / CLAUSE_BREAK, so each distinct word is stemmed once. */
  private readonly words = new Map<string, number>();

  intern(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.fillerTerm.push(FILLER_STEMS.has(term));
      this.termIds.set(term, id);
    }
    return id;
  }

  lookupWord(folded: string): number {
    const known = this.words.get(folded);
    if (known !== undefined) return known;
    let code: number;
    if (CUE_SET.has(folded) || folded.endsWith("n't")) code = CUE;
    else if (BREAK_SET.has(folded)) code = CLAUSE_BREAK;
    else if (STOP_SET.has(folded)) code = STOP;
    else code = this.intern(isStemmable(folded) ? stem(folded) : folded);
    this.words.set(folded, code);
    return code;
  }

  featureText(feature: number): string {
    const term = this.terms[feature >> 1] ?? '';
    return (feature & 1) === 1 ? `!${term}` : term;
  }
}

function isStemmable(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x27)) return false;
  }
  return true;
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Case folding: lower case, typographic apostrophe to ', final sigma to sigma. */
export function foldWord(raw: string): string {
  if (ASCII_ONLY.test(raw)) return raw.toLowerCase();
  return raw.toLowerCase().replaceAll('\u2019', "'").replaceAll('\u03c2', '\u03c3');
}

function isClauseBreakChar(cp: number): boolean {
  return (
    cp === 0x2c || cp === 0x3b || cp === 0x3a || cp === 0x28 || cp === 0x29 || cp === 0x2e ||
    cp === 0x21 || cp === 0x3f || cp === 0x7c || cp === 0x2013 || cp === 0x2014
  );
}

/** End of the word starting at i (letters, digits, _ and marks; ' and . between letters; , between digits). */
function wordEnd(text: string, i: number, end: number): number {
  let j = i;
  let prevAlnum = false;
  let prevDigit = false;
  while (j < end) {
    const cp = codePointAt(text, j);
    const cls = charClass(cp);
    if (cls === CharClass.Alnum || cls === CharClass.Connector || cls === CharClass.Extend) {
      prevAlnum = cls === CharClass.Alnum;
      prevDigit = isAsciiDigit(cp);
      j += cpLen(cp);
      continue;
    }
    const joiner = cls === CharClass.Apostrophe || cls === CharClass.Period || cls === CharClass.Comma;
    if (!joiner || j + cpLen(cp) >= end) break;
    const next = codePointAt(text, j + cpLen(cp));
    const joins =
      cls === CharClass.Comma
        ? prevDigit && isAsciiDigit(next)
        : prevAlnum && charClass(next) === CharClass.Alnum;
    if (!joins) break;
    j += cpLen(cp);
    prevAlnum = false;
    prevDigit = false;
  }
  return j;
}

function trimConnectors(raw: string): string {
  let s = 0;
  let e = raw.length;
  while (s < e && raw.charCodeAt(s) === 0x5f) s++;
  while (e > s && raw.charCodeAt(e - 1) === 0x5f) e--;
  return s === 0 && e === raw.length ? raw : raw.slice(s, e);
}

/** Code identifiers in [start, end): case kept, prefixed with a backtick. */
function scanCode(text: string, start: number, end: number, lex: Lexicon, sink: (termId: number) => void): void {
  let i = start;
  while (i < end) {
    const cp = codePointAt(text, i);
    const cls = charClass(cp);
    if (cls !== CharClass.Alnum && cls !== CharClass.Connector && cls !== CharClass.Ideograph) {
      i += cpLen(cp);
      continue;
    }
    let j = i + cpLen(cp);
    while (j < end) {
      const next = codePointAt(text, j);
      const nc = charClass(next);
      if (nc !== CharClass.Alnum && nc !== CharClass.Connector && nc !== CharClass.Extend) break;
      j += cpLen(next);
    }
    sink(lex.intern(`\`${text.slice(i, j)}`));
    i = j;
  }
}

function startsWithUrl(text: string, i: number): boolean {
  return text.startsWith('http://', i) || text.startsWith('https://', i);
}

/**
 * Features of prose in [start, end). A negation reaches forward to the end of its
 * clause: in "Disable notifications for apps that aren't essential" only `essenti`
 * is negated. "whether or not" and "not only" negate nothing.
 */
function scanProse(text: string, start: number, end: number, lex: Lexicon, out: number[]): void {
  let cues = 0;
  let prevWasNot = false;
  let prevWasOr = false;
  let pendingContrast = false;

  const addTerm = (term: number): void => {
    out.push(term * 2 + (cues % 2 === 1 ? 1 : 0));
  };

  const handleWord = (raw: string): void => {
    const folded = foldWord(raw);
    const code = lex.lookupWord(folded);
    const afterOr = prevWasOr;
    prevWasOr = folded === 'or';
    if (code === CUE) {
      pendingContrast = false;
      if (afterOr && folded === 'not') {
        prevWasNot = false;
        return;
      }
      cues++;
      prevWasNot = folded === 'not';
      return;
    }
    if (prevWasNot && folded === 'only') {
      // "not only ... but also" asserts; it negates nothing.
      cues--;
      prevWasNot = false;
      return;
    }
    prevWasNot = false;
    if (code === CLAUSE_BREAK) {
      cues = 0;
      pendingContrast = folded === 'instead' || folded === 'rather';
      return;
    }
    if (code === STOP) {
      // "instead of X", "rather than X": X is what is advised against.
      if (pendingContrast && (folded === 'of' || folded === 'than')) cues++;
      pendingContrast = false;
      return;
    }
    pendingContrast = false;
    addTerm(code);
  };

  let i = start;
  while (i < end) {
    const cp = codePointAt(text, i);
    if (cp === 0x60) {
      const close = matchInlineCode(text, i, end);
      if (close >= 0) {
        let ticks = 0;
        while (text.charCodeAt(i + ticks) === 0x60) ticks++;
        scanCode(text, i + ticks, close - ticks, lex, addTerm);
        prevWasNot = false;
        prevWasOr = false;
        i = close;
      } else {
        i++;
      }
      continue;
    }
    if (cp === 0x5d && text.charCodeAt(i + 1) === 0x28 && i + 1 < end) {
      // Markdown link: keep its text, skip its URL.
      const close = text.indexOf(')', i + 2);
      i = close >= 0 && close < end ? close + 1 : i + 1;
      continue;
    }
    const cls = charClass(cp);
    if (cls === CharClass.Alnum || cls === CharClass.Connector) {
      if (startsWithUrl(text, i)) {
        while (i < end && !isSpace(codePointAt(text, i))) i += cpLen(codePointAt(text, i));
        continue;
      }
      const j = wordEnd(text, i, end);
      const raw = trimConnectors(text.slice(i, j));
      if (raw.length > 0) handleWord(raw);
      i = j;
      continue;
    }
    if (cls === CharClass.Ideograph) {
      handleWord(String.fromCodePoint(cp));
    } else if (isClauseBreakChar(cp)) {
      cues = 0;
    }
    i += cpLen(cp);
  }
}

function isFiller(features: number[], lex: Lexicon): boolean {
  for (const f of features) if (lex.fillerTerm[f >> 1] !== true) return false;
  return true;
}

/** Runs the whole pipeline over one answer. */
export function analyzeText(text: string, lex: Lexicon): Unit[] {
  return segmentMarkdown(text).map((span) => {
    const features: number[] = [];
    if (span.kind === UnitKind.Code) {
      scanCode(text, span.start, span.end, lex, (term) => features.push(term * 2));
    } else {
      scanProse(text, span.start, span.end, lex, features);
    }
    return { ...span, features, filler: isFiller(features, lex) };
  });
}

export function isClaim(unit: Unit): boolean {
  return (unit.kind === UnitKind.Sentence || unit.kind === UnitKind.Item) && !unit.filler;
}

/** The pipeline's tokens for one text, as strings: stems, `!stem` when negated, `` `code ``. */
export function tokenizeText(text: string): string[] {
  const lex = new Lexicon();
  const tokens: string[] = [];
  for (const unit of analyzeText(text, lex)) {
    for (const f of unit.features) tokens.push(lex.featureText(f));
  }
  return tokens;
}
