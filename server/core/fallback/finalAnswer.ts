/**
 * Short final answers at the end of an answer: "The answer is 42", "#### 42",
 * "Answer: (B)", "**Final answer: B**", "\boxed{42}". Only the last three
 * non-blank lines are searched, so a passing "the answer is ..." in the middle of
 * an essay does not count; among the markers found there the last one that
 * normalises to a short answer wins. Normalisation makes "$1,000.00" and "1000",
 * "(b)" and "B" equal; other short answers keep their case. Mirrored in native/core/src/final_answer.rs.
 */
import { codePointAt, cpLen, isSpace } from './chars';

const TAIL_LINES = 3;
const MAX_LITERAL_CHARS = 100;
const MAX_NAME_CHARS = 48;
const MAX_NAME_WORDS = 5;
const MAX_UNIT_WORDS = 3;
/** How far a \\boxed{ looks for its closing brace, in characters. */
const MAX_BOXED_CHARS = 1000;

interface Candidate {
  position: number;
  raw: string;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAsciiDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Case-insensitive match of an ASCII lower-case word at position i. */
function matchesWord(text: string, i: number, word: string): boolean {
  if (i < 0 || i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function lineEndFrom(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Start of the last few non-blank lines. */
function tailStart(text: string): number {
  let end = text.length;
  let seen = 0;
  while (end > 0) {
    const nl = text.lastIndexOf('\n', end - 1);
    const start = nl + 1;
    if (!isBlank(text, start, end)) {
      seen++;
      if (seen === TAIL_LINES) return start;
    }
    if (nl < 0) break;
    end = nl;
  }
  return 0;
}

function skipDecoration(text: string, i: number): number {
  let p = i;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c !== 0x20 && c !== 0x09 && c !== 0x2a && c !== 0x5f) break;
    p++;
  }
  return p;
}

function findCandidates(text: string, from: number): Candidate[] {
  const found: Candidate[] = [];
  // \boxed{...}, braces balanced.
  let search = text.length;
  while (search > from) {
    const at = text.lastIndexOf('\\boxed{', search - 1);
    if (at < from || at < 0) break;
    let depth = 1;
    let p = at + 7;
    for (let count = 0; p < text.length && depth > 0 && count < MAX_BOXED_CHARS; count++) {
      const c = codePointAt(text, p);
      if (c === 0x7b) depth++;
      else if (c === 0x7d) depth--;
      p += cpLen(c);
    }
    if (depth === 0) found.push({ position: at, raw: text.slice(at + 7, p - 1) });
    search = at;
  }
  // "#### 42" lines, and "answer: X" / "answer is X".
  let lineStart = from;
  while (lineStart <= text.length) {
    const lineEnd = lineEndFrom(text, lineStart);
    let p = lineStart;
    while (p < lineEnd && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
    if (text.startsWith('####', p)) found.push({ position: p, raw: text.slice(p + 4, lineEnd) });
    for (let i = lineStart; i + 6 <= lineEnd; i++) {
      if (!matchesWord(text, i, 'answer')) continue;
      if (i > 0 && isAsciiLetter(text.charCodeAt(i - 1))) continue;
      let q = skipDecoration(text, i + 6);
      const c = text.charCodeAt(q);
      if (c === 0x3a || c === 0x3d) {
        q++;
      } else if (matchesWord(text, q, 'is') && !isAsciiLetter(text.charCodeAt(q + 2))) {
        q = skipDecoration(text, q + 2);
        if (text.charCodeAt(q) === 0x3a) q++;
      } else {
        continue;
      }
      if (q <= lineEnd) found.push({ position: i, raw: text.slice(q, lineEnd) });
    }
    lineStart = lineEnd + 1;
  }
  return found.sort((a, b) => b.position - a.position);
}

function collapseSpaces(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of s) {
    if (isSpace(ch.codePointAt(0) ?? 0)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += ch;
  }
  return out;
}

function stripDecoration(raw: string): string {
  let s = raw.replaceAll('**', '').replaceAll('__', '').replaceAll('`', '').replaceAll('$', '');
  s = s.replaceAll('\\(', '').replaceAll('\\)', '').replaceAll('\\[', '').replaceAll('\\]', '');
  let braces = false;
  for (const command of ['\\text{', '\\textbf{', '\\mathrm{']) {
    if (s.includes(command)) {
      s = s.replaceAll(command, '');
      braces = true;
    }
  }
  if (braces) s = s.replaceAll('}', '');
  s = collapseSpaces(s);
  while (s.length > 0 && '.,;!'.includes(s[s.length - 1] as string)) s = collapseSpaces(s.slice(0, -1));
  return s;
}

function optionLetter(s: string): string | null {
  const upper = (c: number): boolean => c >= 0x41 && c <= 0x4a;
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if (c0 === 0x28 && (upper(c1) || upper(c1 - 0x20)) && s.charCodeAt(2) === 0x29) return s.charAt(1).toUpperCase();
  if (upper(c0) && (s.length === 1 || '.:)}'.includes(s.charAt(1)))) return s.charAt(0);
  if (matchesWord(s, 0, 'option ') && upper(s.charCodeAt(7) & ~0x20) && !isAsciiLetter(s.charCodeAt(8)) && !isAsciiDigitCode(s.charCodeAt(8))) {
    return s.charAt(7).toUpperCase();
  }
  return null;
}

function isThreeDigitGroup(s: string, i: number): boolean {
  return (
    isAsciiDigitCode(s.charCodeAt(i)) &&
    isAsciiDigitCode(s.charCodeAt(i + 1)) &&
    isAsciiDigitCode(s.charCodeAt(i + 2)) &&
    !isAsciiDigitCode(s.charCodeAt(i + 3))
  );
}

function wordCount(s: string): number {
  return s.length === 0 ? 0 : s.split(' ').length;
}

/** Canonical number: no currency, sign or thousands separators noise, no trailing zeros. */
function numberAnswer(s: string): string | null {
  let p = 0;
  let negative = false;
  if (s[p] === '-' || s[p] === '+') {
    negative = s[p] === '-';
    p++;
  }
  if (s[p] === '$' || s[p] === '\u20ac' || s[p] === '\u00a3') p++;
  if (!isAsciiDigitCode(s.charCodeAt(p))) return null;
  let integer = '';
  while (p < s.length && isAsciiDigitCode(s.charCodeAt(p))) integer += s[p++];
  // Thousands separators: groups of exactly three digits after a comma ("3,2,1" is no number).
  while (s[p] === ',' && isThreeDigitGroup(s, p + 1)) {
    integer += s.slice(p + 1, p + 4);
    p += 4;
  }
  let fraction = '';
  if (s[p] === '.' && isAsciiDigitCode(s.charCodeAt(p + 1))) {
    p++;
    while (p < s.length && isAsciiDigitCode(s.charCodeAt(p))) fraction += s[p++];
  }
  let denominator = '';
  if (s[p] === '/' && isAsciiDigitCode(s.charCodeAt(p + 1))) {
    p++;
    while (p < s.length && isAsciiDigitCode(s.charCodeAt(p))) denominator += s[p++];
  }
  // A unit follows after a space ("21 minutes"), or as % or /unit; "987abc" is no number.
  const rest = s.slice(p).trim();
  const spaced = s[p] === ' ';
  const unit = rest.length === 0 || rest[0] === '%' || rest[0] === '/' || (spaced && isAsciiLetter(rest.charCodeAt(0)));
  if (!unit || wordCount(rest) > MAX_UNIT_WORDS) return null;
  integer = integer.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  denominator = denominator.replace(/^0+(?=\d)/, '');
  let out = integer + (fraction.length > 0 ? `.${fraction}` : '');
  if (denominator.length > 0) out += `/${denominator}`;
  const zero = /^[0.]*$/.test(integer + fraction);
  return negative && !zero ? `-${out}` : out;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function literalAnswer(s: string): string | null {
  const first = s[0];
  const literal = first === "'" || first === '"' || first === '[' || first === '(' || first === '{' || s.startsWith("b'") || s.startsWith('b"');
  if (!literal || codePointLength(s) > MAX_LITERAL_CHARS) return null;
  const last = s[s.length - 1];
  if (s.length >= 2 && (first === "'" || first === '"') && last === first && !s.slice(1, -1).includes(first)) {
    return s.slice(1, -1);
  }
  return s;
}

/** Names and other short strings are kept as written: case can be the answer (program output). */
function nameAnswer(s: string): string | null {
  if (codePointLength(s) > MAX_NAME_CHARS || wordCount(s) > MAX_NAME_WORDS) return null;
  return s;
}

/** Normalised short answer from the text after a marker, or null when it is no short answer. */
export function normalizeAnswer(raw: string): string | null {
  const s = stripDecoration(raw);
  if (s.length === 0) return null;
  return optionLetter(s) ?? numberAnswer(s) ?? literalAnswer(s) ?? nameAnswer(s);
}

export function extractFinalAnswer(text: string): string | null {
  for (const candidate of findCandidates(text, tailStart(text))) {
    const answer = normalizeAnswer(candidate.raw);
    if (answer !== null) return answer;
  }
  return null;
}
