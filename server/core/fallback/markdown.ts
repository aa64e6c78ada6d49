/**
 * Markdown-aware segmentation of an answer into units: sentences and list items
 * (the claims), headings and table rows (topic words, not claims) and fenced
 * code blocks (code tokens, not claims). Offsets are string indices into the
 * original text, so a unit's text is a verbatim slice the UI can highlight.
 * Mirrored in native/core/src/markdown.rs.
 */
import { ABBREVIATIONS, NUMBER_ABBREVIATIONS } from './stopwords';
import { codePointAt, cpLen, isAsciiDigit, isSpace, isAsciiLower } from './chars';

export const enum UnitKind {
  Sentence = 0,
  Item = 1,
  Heading = 2,
  Table = 3,
  Code = 4,
}

export interface UnitSpan {
  start: number;
  end: number;
  kind: UnitKind;
}

const ABBREVIATION_SET: ReadonlySet<string> = new Set(ABBREVIATIONS);
const NUMBER_ABBREVIATION_SET: ReadonlySet<string> = new Set(NUMBER_ABBREVIATIONS);

const BACKTICK = 0x60;

function isTerminator(cp: number): boolean {
  return cp === 0x2e || cp === 0x21 || cp === 0x3f || cp === 0x2026 || isWideTerminator(cp);
}

function isWideTerminator(cp: number): boolean {
  return cp === 0x3002 || cp === 0xff01 || cp === 0xff1f;
}

function isCloser(cp: number): boolean {
  return (
    cp === 0x29 || cp === 0x5d || cp === 0x22 || cp === 0x27 || cp === 0x2a || cp === 0x5f ||
    cp === 0xbb || cp === 0x201d || cp === 0x2019
  );
}

function runLength(text: string, i: number, end: number, code: number): number {
  let j = i;
  while (j < end && text.charCodeAt(j) === code) j++;
  return j - i;
}

/** If an inline code span opens at i (a run of backticks), the index just after its closing run; else -1. */
export function matchInlineCode(text: string, i: number, end: number): number {
  const k = runLength(text, i, end, BACKTICK);
  let j = i + k;
  while (j < end) {
    const idx = text.indexOf('`', j);
    if (idx < 0 || idx >= end) return -1;
    const m = runLength(text, idx, end, BACKTICK);
    if (m === k) return idx + m;
    j = idx + m;
  }
  return -1;
}

function trimmedSpan(text: string, start: number, end: number, kind: UnitKind, out: UnitSpan[]): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ start: s, end: e, kind });
}

/**
 * A period after an abbreviation or an initial does not end the sentence; after a
 * number abbreviation ("No. 4") only when a digit follows, so "No. State files..." splits.
 */
function endsWithAbbreviation(text: string, start: number, dot: number, digitFollows: boolean): boolean {
  let s = dot;
  while (s > start) {
    const c = text.charCodeAt(s - 1);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!letter && c !== 0x2e) break;
    s--;
  }
  if (s === dot) return false;
  const word = text.slice(s, dot).toLowerCase();
  return word.length === 1 || ABBREVIATION_SET.has(word) || (digitFollows && NUMBER_ABBREVIATION_SET.has(word));
}

/** "**1. Hash with ...**": a number and emphasis marks before the period open a numbered point, not a sentence. */
function isEnumerator(text: string, start: number, dot: number): boolean {
  let digits = 0;
  for (let p = start; p < dot; p++) {
    const c = text.charCodeAt(p);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c !== 0x2a && c !== 0x5f && !isSpace(c)) return false;
  }
  return digits > 0 && digits <= 3;
}

/** Splits a paragraph or list item into sentences. */
export function splitSentences(text: string, start: number, end: number, kind: UnitKind, out: UnitSpan[]): void {
  let sentenceStart = start;
  let i = start;
  while (i < end) {
    const cp = codePointAt(text, i);
    if (cp === BACKTICK) {
      const close = matchInlineCode(text, i, end);
      i = close >= 0 ? close : i + runLength(text, i, end, BACKTICK);
      continue;
    }
    if (!isTerminator(cp)) {
      i += cpLen(cp);
      continue;
    }
    let k = i + cpLen(cp);
    while (k < end) {
      const next = codePointAt(text, k);
      if (!isTerminator(next) && !isCloser(next)) break;
      k += cpLen(next);
    }
    let boundary = false;
    if (isWideTerminator(cp) || k >= end) {
      boundary = true;
    } else if (isSpace(codePointAt(text, k))) {
      boundary = true;
      let n = k;
      while (n < end && isSpace(codePointAt(text, n))) n++;
      const digitFollows = n < end && isAsciiDigit(codePointAt(text, n));
      if (cp === 0x2e && endsWithAbbreviation(text, sentenceStart, i, digitFollows)) boundary = false;
      if (cp === 0x2e && isEnumerator(text, sentenceStart, i)) boundary = false;
      if (n < end && isAsciiLower(codePointAt(text, n))) boundary = false;
    }
    if (boundary) {
      trimmedSpan(text, sentenceStart, k, kind, out);
      sentenceStart = k;
    }
    i = k;
  }
  trimmedSpan(text, sentenceStart, end, kind, out);
}

function skipIndent(text: string, p: number, end: number): number {
  while (p < end && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
  return p;
}

/** Start of the content after blockquote markers and indentation. */
function contentStart(text: string, lineStart: number, lineEnd: number): number {
  let p = skipIndent(text, lineStart, lineEnd);
  while (p < lineEnd && text.charCodeAt(p) === 0x3e) p = skipIndent(text, p + 1, lineEnd);
  return p;
}

/** The fence character and run length when the line opens or closes a fence. */
function fenceAt(text: string, p: number, end: number): { code: number; length: number } | null {
  const code = text.charCodeAt(p);
  if (code !== BACKTICK && code !== 0x7e) return null;
  const length = runLength(text, p, end, code);
  return length >= 3 ? { code, length } : null;
}

function isBlankFrom(text: string, p: number, end: number): boolean {
  for (let i = p; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function isThematicBreak(text: string, p: number, end: number): boolean {
  const mark = text.charCodeAt(p);
  if (mark !== 0x2d && mark !== 0x2a && mark !== 0x5f) return false;
  let count = 0;
  for (let i = p; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === mark) count++;
    else if (c !== 0x20 && c !== 0x09) return false;
  }
  return count >= 3;
}

/** Index where a heading's text starts, or -1 when the line is no ATX heading. */
function headingContent(text: string, p: number, end: number): number {
  const hashes = runLength(text, p, end, 0x23);
  if (hashes < 1 || hashes > 6) return -1;
  const after = p + hashes;
  if (after < end && text.charCodeAt(after) !== 0x20 && text.charCodeAt(after) !== 0x09) return -1;
  return skipIndent(text, after, end);
}

/** Index where a list item's text starts, or -1 when the line is no list item. */
function itemContent(text: string, p: number, end: number): number {
  const c = text.charCodeAt(p);
  let after = -1;
  if (c === 0x2d || c === 0x2a || c === 0x2b || c === 0x2022) {
    after = p + 1;
  } else {
    let q = p;
    while (q < end && q - p < 9 && text.charCodeAt(q) >= 0x30 && text.charCodeAt(q) <= 0x39) q++;
    if (q > p && q < end && (text.charCodeAt(q) === 0x2e || text.charCodeAt(q) === 0x29)) after = q + 1;
  }
  if (after < 0 || after >= end) return -1;
  const s = text.charCodeAt(after);
  if (s !== 0x20 && s !== 0x09) return -1;
  return skipIndent(text, after, end);
}

function isTableSeparator(text: string, p: number, end: number): boolean {
  for (let i = p; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x7c && c !== 0x2d && c !== 0x3a && c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** Splits a markdown answer into units, in text order. */
export function segmentMarkdown(text: string): UnitSpan[] {
  const out: UnitSpan[] = [];
  let open: { kind: UnitKind; start: number; end: number } | null = null;
  let fence: { code: number; length: number; start: number; end: number } | null = null;

  const closeOpen = (): void => {
    if (open !== null) splitSentences(text, open.start, open.end, open.kind, out);
    open = null;
  };

  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) nl = length;
    let lineEnd = nl;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const p = contentStart(text, lineStart, lineEnd);

    if (fence !== null) {
      const close = fenceAt(text, p, lineEnd);
      if (close !== null && close.code === fence.code && close.length >= fence.length && isBlankFrom(text, p + close.length, lineEnd)) {
        if (fence.start >= 0) trimmedSpan(text, fence.start, fence.end, UnitKind.Code, out);
        fence = null;
      } else {
        if (fence.start < 0) fence.start = lineStart;
        fence.end = lineEnd;
      }
    } else if (isBlankFrom(text, p, lineEnd)) {
      closeOpen();
    } else {
      const opening = fenceAt(text, p, lineEnd);
      const heading = opening === null ? headingContent(text, p, lineEnd) : -1;
      const item = opening === null && heading < 0 ? itemContent(text, p, lineEnd) : -1;
      if (opening !== null) {
        closeOpen();
        fence = { code: opening.code, length: opening.length, start: -1, end: -1 };
      } else if (isThematicBreak(text, p, lineEnd)) {
        closeOpen();
      } else if (heading >= 0) {
        closeOpen();
        trimmedSpan(text, heading, lineEnd, UnitKind.Heading, out);
      } else if (text.charCodeAt(p) === 0x7c) {
        closeOpen();
        if (!isTableSeparator(text, p, lineEnd)) trimmedSpan(text, p, lineEnd, UnitKind.Table, out);
      } else if (item >= 0) {
        closeOpen();
        open = { kind: UnitKind.Item, start: item, end: lineEnd };
      } else if (open !== null) {
        (open as { end: number }).end = lineEnd;
      } else {
        open = { kind: UnitKind.Sentence, start: p, end: lineEnd };
      }
    }
    lineStart = nl + 1;
  }
  if (fence !== null && fence.start >= 0) trimmedSpan(text, fence.start, fence.end, UnitKind.Code, out);
  closeOpen();
  return out;
}
