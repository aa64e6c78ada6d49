/**
 * Query analysis, TypeScript twin of native/core/src/query/. Finds secrets and
 * personal data a user is about to send to providers, redacts them, flags likely
 * prompt injection, and estimates tokens and complexity.
 *
 * Every rule is stated over ASCII characters, so this file walks UTF-16 code
 * units (charCodeAt) where the Rust scanners walk UTF-8 bytes, and both take the
 * same decisions: a non-ASCII unit is never in any ASCII class. The sections
 * below mirror the Rust modules one for one (keys, jwt, pem, password, personal,
 * words, injection, estimate); the rule documentation lives with the Rust code.
 * Offsets are JS string indices. Lone surrogates are analysed (and come out of
 * `sanitized`) as U+FFFD, which is what the native backend receives from Node in
 * their place; both are one code unit, so offsets are unaffected.
 */
import { CoreError } from '../errors';
import type { FindingKind, QueryAnalysis, QueryFinding } from '../types';
import { validateText } from './validate';

interface Candidate {
  kind: FindingKind;
  start: number;
  end: number;
}

// ---------------------------------------------------------------- classes (scan.rs)

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
/** `[A-Za-z0-9_-]` */
const isB64url = (c: number): boolean => isAlnum(c) || c === 45 || c === 95;
/** ASCII whitespace only: space, tab, LF, VT, FF, CR. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

const DOT = 46;
const SLASH = 47;
const COLON = 58;
const EQUALS = 61;
const AT = 64;
const NEWLINE = 10;
const RETURN = 13;

/** charCodeAt that reads past either end as NaN, which is in no class. */
const code = (text: string, i: number): number => text.charCodeAt(i);

function runEnd(text: string, from: number, inClass: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && inClass(code(text, i))) i++;
  return i;
}

// ---------------------------------------------------------------- keys.rs

const MIN_SECRET_BODY = 20;
const MIN_GOOGLE_API_KEY_BODY = 30;

function skKeyAt(text: string, at: number): Candidate | null {
  if (!text.startsWith('sk-', at) || isB64url(code(text, at - 1))) return null;
  const bodyStart = at + 3;
  const end = runEnd(text, bodyStart, isB64url);
  let digit = false;
  let letter = false;
  for (let i = bodyStart; i < end; i++) {
    const c = code(text, i);
    digit ||= isDigit(c);
    letter ||= isAlpha(c);
  }
  if (end - bodyStart < MIN_SECRET_BODY || !digit || !letter) return null;
  return { kind: text.startsWith('sk-ant-', at) ? 'anthropic_key' : 'openai_key', start: at, end };
}

function googleApiKeyAt(text: string, at: number): Candidate | null {
  if (!text.startsWith('AIza', at) || isB64url(code(text, at - 1))) return null;
  const end = runEnd(text, at + 4, isB64url);
  return end - (at + 4) >= MIN_GOOGLE_API_KEY_BODY ? { kind: 'google_api_key', start: at, end } : null;
}

function googleAccessTokenAt(text: string, at: number): Candidate | null {
  const tokenChar = (c: number): boolean => isB64url(c) || c === DOT;
  if (!text.startsWith('ya29.', at) || tokenChar(code(text, at - 1))) return null;
  const bodyStart = at + 5;
  let end = runEnd(text, bodyStart, tokenChar);
  while (end > bodyStart && code(text, end - 1) === DOT) end--;
  return end - bodyStart >= MIN_SECRET_BODY ? { kind: 'google_oauth_token', start: at, end } : null;
}

function googleRefreshTokenAt(text: string, at: number): Candidate | null {
  const before = code(text, at - 1);
  if (!text.startsWith('1//0', at) || isB64url(before) || before === SLASH) return null;
  const end = runEnd(text, at + 3, isB64url);
  return end - (at + 3) > MIN_SECRET_BODY ? { kind: 'google_oauth_token', start: at, end } : null;
}

// ---------------------------------------------------------------- jwt.rs

function jwtAt(text: string, at: number): Candidate | null {
  const before = code(text, at - 1);
  if (!text.startsWith('eyJ', at) || isB64url(before) || before === DOT) return null;
  const headerEnd = runEnd(text, at, isB64url);
  if (code(text, headerEnd) !== DOT) return null;
  const payloadEnd = runEnd(text, headerEnd + 1, isB64url);
  if (payloadEnd === headerEnd + 1 || code(text, payloadEnd) !== DOT) return null;
  const end = runEnd(text, payloadEnd + 1, isB64url);
  return headerHasAlg(text.slice(at, headerEnd)) ? { kind: 'jwt', start: at, end } : null;
}

const isJsonSpace = (b: number): boolean => b === 32 || b === 9 || b === 10 || b === 13;

/** Structural check: outer braces and an `"alg"` key followed by a colon (see jwt.rs). */
function headerHasAlg(encoded: string): boolean {
  const decoded = decodeBase64url(encoded);
  if (decoded === null) return false;
  let first = 0;
  while (first < decoded.length && isJsonSpace(decoded[first]!)) first++;
  if (first === decoded.length) return false;
  let last = decoded.length - 1;
  while (last > first && isJsonSpace(decoded[last]!)) last--;
  if (decoded[first] !== 0x7b || decoded[last] !== 0x7d) return false;
  const key = [0x22, 0x61, 0x6c, 0x67, 0x22]; // "alg"
  for (let i = first; i + key.length <= last + 1; i++) {
    if (!key.every((k, j) => decoded[i + j] === k)) continue;
    let k = i + key.length;
    while (k <= last && isJsonSpace(decoded[k]!)) k++;
    if (k <= last && decoded[k] === COLON) return true;
  }
  return false;
}

/** Unpadded base64url to bytes; null on a foreign character or a one-character remainder. */
function decodeBase64url(encoded: string): Uint8Array | null {
  if (encoded.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((encoded.length * 3) / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < encoded.length; i++) {
    const c = code(encoded, i);
    let v: number;
    if (c >= 65 && c <= 90) v = c - 65;
    else if (c >= 97 && c <= 122) v = c - 97 + 26;
    else if (isDigit(c)) v = c - 48 + 52;
    else if (c === 45) v = 62;
    else if (c === 95) v = 63;
    else return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out.subarray(0, n);
}

// ---------------------------------------------------------------- pem.rs

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
const PEM_DASHES = '-----';

/** Remembers the last END-marker search so many BEGIN lines without an END stay linear. */
class PemScanner {
  private last: { from: number; marker: number; blockEnd: number } | null = null;

  blockAt(text: string, at: number): Candidate | null {
    if (!text.startsWith(PEM_BEGIN, at)) return null;
    const labelStart = at + PEM_BEGIN.length;
    const headerEnd = runEnd(text, labelStart, (c) => (c >= 65 && c <= 90) || isDigit(c) || c === 32);
    const label = text.slice(labelStart, headerEnd);
    if (!text.startsWith(PEM_DASHES, headerEnd) || !(label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK'))) {
      return null;
    }
    return { kind: 'private_key', start: at, end: this.blockEnd(text, headerEnd + PEM_DASHES.length) };
  }

  private blockEnd(text: string, from: number): number {
    const last = this.last;
    if (last && last.from <= from && (last.marker < 0 || from <= last.marker)) return last.blockEnd;
    const marker = text.indexOf(PEM_END, from);
    let blockEnd = text.length;
    if (marker >= 0) {
      const dashes = text.indexOf(PEM_DASHES, marker + PEM_END.length);
      if (dashes >= 0) blockEnd = dashes + PEM_DASHES.length;
    }
    this.last = { from, marker, blockEnd };
    return blockEnd;
  }
}

// ---------------------------------------------------------------- password.rs

const PASSWORD_NAMES = ['password', 'passwd', 'pwd', 'passphrase'];
const NON_SECRET_VALUES = new Set([
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'required', 'optional', 'string', 'str',
  'password', 'passwd', 'pwd', 'secret', 'your_password', 'your-password', 'yourpassword',
]);
const GUARDED_VALUE_MAX = 128;

type Operator = 'assign' | 'colon' | 'compare';

const isQuote = (c: number): boolean => c === 34 || c === 39 || c === 96;
const isNameChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45;
/** Characters of the user part of URL credentials. */
const isUrlUserChar = (c: number): boolean =>
  !Number.isNaN(c) && !isSpace(c) && c !== SLASH && c !== AT && c !== COLON && c !== 63 && c !== 35;
const isValueStop = (c: number): boolean =>
  isSpace(c) || c === 59 || c === 44 || c === 38 || isQuote(c) || c === 60 || c === 62 || c === 41 || c === 93 || c === 125;

class PasswordScanner {
  /** A range known to hold no value-stop character, and its end without trailing dots. */
  private run: { from: number; runEnd: number; trimmedEnd: number } | null = null;

  atOperator(text: string, at: number): Candidate | null {
    if (code(text, at) === COLON && text.startsWith('//', at + 1)) return urlPassword(text, at);
    const op = operatorAt(text, at);
    if (op === null || !assignedNameIsPassword(text, at)) return null;
    let v = at + op[1];
    while (v < text.length && (code(text, v) === 32 || code(text, v) === 9)) v++;
    if (v >= text.length) return null;
    if (isQuote(code(text, v))) return quotedValue(text, v + 1, code(text, v));
    return op[0] === 'compare' ? null : this.unquotedValue(text, v, op[0]);
  }

  private unquotedValue(text: string, start: number, op: Operator): Candidate | null {
    let run = this.run;
    if (!run || run.from > start || start > run.runEnd) {
      let runEnd = start;
      while (runEnd < text.length && !isValueStop(code(text, runEnd))) runEnd++;
      let trimmedEnd = runEnd;
      while (trimmedEnd > start && code(text, trimmedEnd - 1) === DOT) trimmedEnd--;
      run = this.run = { from: start, runEnd, trimmedEnd };
    }
    if (run.trimmedEnd <= start) return null;
    if (run.trimmedEnd - start <= GUARDED_VALUE_MAX) {
      const value = text.slice(start, run.trimmedEnd);
      if (isNonSecret(value) || isCodeExpression(value)) return null;
      if (op === 'colon' && /^[A-Za-z]+$/.test(value) && !lineEndsAt(text, run.runEnd)) return null;
    }
    return { kind: 'password_assignment', start, end: run.trimmedEnd };
  }
}

function operatorAt(text: string, at: number): [Operator, number] | null {
  const prev = code(text, at - 1);
  const next = code(text, at + 1);
  if (code(text, at) === COLON) {
    if (prev === COLON || next === COLON) return null;
    return next === EQUALS ? ['assign', 2] : ['colon', 1];
  }
  if (prev === COLON || prev === EQUALS || prev === 33 || prev === 60 || prev === 62) return null;
  if (next === 62) return ['assign', 2];
  if (next === EQUALS) return ['compare', code(text, at + 2) === EQUALS ? 3 : 2];
  return ['assign', 1];
}

function assignedNameIsPassword(text: string, opAt: number): boolean {
  let k = opAt;
  while (k > 0 && (code(text, k - 1) === 32 || code(text, k - 1) === 9)) k--;
  if (k > 0 && isQuote(code(text, k - 1))) k--;
  const nameEnd = k;
  while (k > 0 && isNameChar(code(text, k - 1))) k--;
  // `$PWD:/app` reads a shell variable; it does not assign one.
  if (code(text, k - 1) === 36) return false;
  const name = text.slice(k, nameEnd).toLowerCase();
  return PASSWORD_NAMES.some((n) => name.endsWith(n));
}

function quotedValue(text: string, start: number, quote: number): Candidate | null {
  let j = start;
  while (j < text.length) {
    const c = code(text, j);
    if (c === quote || c === NEWLINE || c === RETURN) break;
    const n = code(text, j + 1);
    j += c === 92 && n < 0x80 && n !== NEWLINE && n !== RETURN ? 2 : 1;
  }
  if (code(text, j) !== quote) return null;
  const value = text.slice(start, j);
  const placeholder = value.length <= GUARDED_VALUE_MAX && isNonSecret(value);
  return value.length > 0 && !placeholder ? { kind: 'password_assignment', start, end: j } : null;
}

function urlPassword(text: string, colon: number): Candidate | null {
  if (!isAlnum(code(text, colon - 1))) return null;
  const userEnd = runEnd(text, colon + 3, isUrlUserChar);
  if (code(text, userEnd) !== COLON) return null;
  const start = userEnd + 1;
  const end = runEnd(text, start, (c) => !isSpace(c) && c !== SLASH && c !== AT);
  const hostFollows = code(text, end) === AT && (isAlnum(code(text, end + 1)) || code(text, end + 1) === 91);
  const value = text.slice(start, end);
  const placeholder = value.length <= GUARDED_VALUE_MAX && isNonSecret(value);
  return end > start && hostFollows && !placeholder ? { kind: 'password_assignment', start, end } : null;
}

function isNonSecret(value: string): boolean {
  const first = code(value, 0);
  if (first === 36 || first === 123 || first === 37) return true; // $ { %
  // Masks and punctuation (`****`, `", "`): nothing alphanumeric, nothing non-ASCII.
  let nothingAlnum = true;
  let allX = true;
  for (let i = 0; i < value.length; i++) {
    const c = code(value, i);
    nothingAlnum &&= c < 0x80 && !isAlnum(c);
    allX &&= c === 120 || c === 88;
  }
  return nothingAlnum || allX || NON_SECRET_VALUES.has(asciiLower(value));
}

/** Lowercases ASCII letters only, like Rust's eq_ignore_ascii_case (toLowerCase also folds non-ASCII). */
function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const DOTTED_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

function isCodeExpression(value: string): boolean {
  return value.includes('(') || value.includes('[') || DOTTED_IDENTIFIER.test(value);
}

function lineEndsAt(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && (code(text, i) === 32 || code(text, i) === 9)) i++;
  return i === text.length || code(text, i) === NEWLINE || code(text, i) === RETURN;
}

// ---------------------------------------------------------------- personal.rs

const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

const isLocalChar = (c: number): boolean => isAlnum(c) || c === DOT || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number): boolean => isAlnum(c) || c === DOT || c === 45;

function emailAt(text: string, at: number): Candidate | null {
  let start = at;
  while (start > 0 && isLocalChar(code(text, start - 1))) start--;
  while (start < at && code(text, start) === DOT) start++;
  if (start === at || text.slice(start, at) === 'git' || followsUrlUser(text, start)) return null;
  let end = runEnd(text, at + 1, isDomainChar);
  while (end > at + 1 && code(text, end - 1) === DOT) end--;
  const labels = text.slice(at + 1, end).split('.');
  const tld = labels[labels.length - 1] ?? '';
  const ok = labels.length >= 2 && labels.every((l) => l.length > 0) && /^[A-Za-z]{2,}$/.test(tld);
  return ok ? { kind: 'email', start, end } : null;
}

function followsUrlUser(text: string, localStart: number): boolean {
  if (code(text, localStart - 1) !== COLON) return false;
  let k = localStart - 1;
  while (k > 0 && isUrlUserChar(code(text, k - 1))) k--;
  return k >= 3 && text.startsWith('://', k - 3);
}

function cardAt(text: string, at: number): Candidate | null {
  const first = code(text, at);
  const before = code(text, at - 1);
  if (first < 50 || first > 54 || isAlnum(before) || before === 95 || before === DOT) return null;
  const digits: number[] = [];
  let j = at;
  for (;;) {
    if (digits.length === MAX_CARD_DIGITS) return null;
    digits.push(code(text, j) - 48);
    j++;
    const next = code(text, j);
    if (isDigit(next)) continue;
    if ((next === 32 || next === 45) && isDigit(code(text, j + 1))) {
      j++;
      continue;
    }
    break;
  }
  const after = code(text, j);
  const continues = isAlnum(after) || after === 95 || ((after === DOT || after === 44) && isDigit(code(text, j + 1)));
  return digits.length >= MIN_CARD_DIGITS && !continues && luhnValid(digits) ? { kind: 'card_number', start: at, end: j } : null;
}

function luhnValid(digits: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits[digits.length - 1 - i]!;
    sum += i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------- candidate.rs

const PRIORITY: Record<FindingKind, number> = {
  private_key: 0,
  jwt: 1,
  anthropic_key: 2,
  openai_key: 3,
  google_api_key: 4,
  google_oauth_token: 5,
  card_number: 6,
  password_assignment: 7,
  email: 8,
  prompt_injection: 9,
};

/** Earliest start, then longest, then the more specific kind; keep what does not overlap. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[a.kind] - PRIORITY[b.kind]);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const last = kept[kept.length - 1];
    if (!last || c.start >= last.end) kept.push(c);
  }
  return kept;
}

/**
 * One pass. Frequent letters do not dispatch: a prefix is recognised at a rarer
 * character inside it (`sk-` at its `-`, `eyJ` at its `J`, `ya29.` at its `2`)
 * and the detector is called where the prefix starts, as in mod.rs.
 */
function detectSensitive(text: string): Candidate[] {
  const found: Candidate[] = [];
  const pem = new PemScanner();
  const passwords = new PasswordScanner();
  const push = (hit: Candidate | null): void => {
    if (hit) found.push(hit);
  };
  const precededBy = (at: number, prefix: string): boolean => at >= prefix.length && text.startsWith(prefix, at - prefix.length);
  for (let at = 0; at < text.length; at++) {
    const c = code(text, at);
    if (c === 65) push(googleApiKeyAt(text, at)); // A
    else if (c === 74) {
      if (precededBy(at, 'ey')) push(jwtAt(text, at - 2)); // J
    } else if (c === 45) {
      push(pem.blockAt(text, at)); // -
      if (precededBy(at, 'sk')) push(skKeyAt(text, at - 2));
    } else if (c === 49) push(googleRefreshTokenAt(text, at)); // 1
    else if (c >= 50 && c <= 54) {
      push(cardAt(text, at)); // 2-6
      if (c === 50 && precededBy(at, 'ya')) push(googleAccessTokenAt(text, at - 2));
    } else if (c === AT) push(emailAt(text, at));
    else if (c === EQUALS || c === COLON) push(passwords.atOperator(text, at));
  }
  return found;
}

// ---------------------------------------------------------------- words.rs

interface Word {
  start: number;
  end: number;
  /** A `.`, `!` or `?` separates this word from the previous one. */
  afterBreak: boolean;
  lower: string;
}

function asciiWords(text: string): Word[] {
  const words: Word[] = [];
  let afterBreak = false;
  let i = 0;
  while (i < text.length) {
    const c = code(text, i);
    if (isAlnum(c)) {
      const start = i;
      i = runEnd(text, i, isAlnum);
      words.push({ start, end: i, afterBreak, lower: text.slice(start, i).toLowerCase() });
      afterBreak = false;
    } else {
      afterBreak ||= c === DOT || c === 33 || c === 63;
      i++;
    }
  }
  return words;
}

// ---------------------------------------------------------------- injection.rs

interface Slot {
  words: ReadonlySet<string>;
  optional: boolean;
}

const req = (...words: string[]): Slot => ({ words: new Set(words), optional: false });
const opt = (...words: string[]): Slot => ({ words: new Set(words), optional: true });

const OVERRIDE_VERBS = ['ignore', 'disregard', 'forget', 'override', 'bypass'];
const INSTRUCTIONS = [
  'instructions', 'instruction', 'prompt', 'prompts', 'rules', 'directions', 'guidelines', 'messages',
  'directives', 'commands', 'context', 'guardrails', 'restrictions', 'constraints', 'filters', 'programming',
];
const EARLIER = [
  'previous', 'prior', 'above', 'earlier', 'preceding', 'foregoing', 'former', 'original', 'initial',
  'system', 'developer', 'safety',
];
const JAILBROKEN = ['dan', 'jailbroken', 'unrestricted', 'unfiltered', 'uncensored', 'unbound', 'evil', 'freed', 'liberated'];
const HIDDEN_PROMPT = ['prompt', 'prompts', 'instructions', 'instruction', 'message'];
const PROMPT_QUALIFIER = ['full', 'entire', 'complete', 'exact', 'hidden', 'secret', 'original', 'initial', 'verbatim'];
const PROMPT_KIND = ['system', 'hidden', 'initial', 'original', 'secret'];
const LIMITS = ['restrictions', 'rules', 'limits', 'filters', 'guidelines', 'guardrails', 'limitations'];

/** Same patterns, same order as injection.rs. */
const PATTERNS: readonly Slot[][] = [
  [
    req(...OVERRIDE_VERBS),
    opt('all', 'any', 'every', 'the', 'your', 'these', 'those', 'everything'),
    opt('of', 'the', 'your', 'that'),
    opt('the', 'your', 'my'),
    req(...EARLIER),
    opt('system', 'safety'),
    req(...INSTRUCTIONS),
  ],
  [req(...OVERRIDE_VERBS), req('all', 'your'), opt('of'), opt('the', 'your'), opt('safety', 'system'), req(...INSTRUCTIONS)],
  [req('ignore', 'disregard', 'forget'), opt('all', 'everything'), opt('of'), opt('the'), req('above')],
  [req('you'), req('are', 're'), req('now'), opt('a', 'an', 'the', 'in'), req(...JAILBROKEN)],
  [req('act', 'behave'), req('as', 'like'), opt('a', 'an'), req('dan', 'jailbroken')],
  [req('enable', 'enter', 'activate'), opt('the'), req('dan', 'jailbreak', 'jailbroken'), req('mode')],
  [
    req('reveal', 'leak', 'disclose', 'dump', 'expose'),
    opt('me', 'us'),
    opt('your', 'the'),
    opt(...PROMPT_QUALIFIER),
    req(...PROMPT_KIND),
    req(...HIDDEN_PROMPT),
  ],
  [
    req('show', 'print', 'repeat', 'output', 'display', 'tell'),
    opt('me', 'us'),
    req('your'),
    opt(...PROMPT_QUALIFIER),
    req(...PROMPT_KIND),
    req(...HIDDEN_PROMPT),
  ],
  [req('pretend', 'imagine'), opt('that'), req('you'), req('have'), req('no'), req(...LIMITS)],
];

function findInjections(words: readonly Word[]): [number, number][] {
  const spans: [number, number][] = [];
  let i = 0;
  while (i < words.length) {
    let last = -1;
    for (const pattern of PATTERNS) {
      last = matchSlots(words, pattern, 0, i, i);
      if (last >= 0) break;
    }
    if (last >= 0) {
      spans.push([words[i]!.start, words[last]!.end]);
      i = last + 1;
    } else {
      i++;
    }
  }
  return spans;
}

/** Index of the last word consumed, or -1; an optional slot is taken before it is skipped. */
function matchSlots(words: readonly Word[], slots: readonly Slot[], slot: number, at: number, first: number): number {
  const s = slots[slot];
  if (!s) return at - 1;
  const w = words[at];
  if (w && (at === first || !w.afterBreak) && s.words.has(w.lower)) {
    const end = matchSlots(words, slots, slot + 1, at + 1, first);
    if (end >= 0) return end;
  }
  return s.optional ? matchSlots(words, slots, slot + 1, at, first) : -1;
}

// ---------------------------------------------------------------- estimate.rs

const TECH_TERMS = new Map(
  [
    'algorithm', 'api', 'architecture', 'async', 'asynchronous', 'backend', 'benchmark', 'binary', 'cache',
    'compile', 'compiler', 'complexity', 'concurrency', 'concurrent', 'container', 'cryptography', 'database',
    'debug', 'deployment', 'derivative', 'distributed', 'docker', 'eigenvalue', 'encryption', 'frontend',
    'function', 'gradient', 'hash', 'integral', 'kernel', 'kubernetes', 'latency', 'matrix', 'microservice',
    'multithreading', 'mutex', 'network', 'neural', 'optimization', 'optimize', 'parallel', 'parse',
    'polynomial', 'probability', 'protocol', 'query', 'recursion', 'recursive', 'regression', 'runtime',
    'scalability', 'schema', 'server', 'sql', 'statistics', 'synchronization', 'theorem', 'thread',
    'throughput', 'transaction', 'vector', 'compute', 'tensor', 'pointer',
  ].map((term, index) => [term, index] as const),
);

/** max(ceil((ascii + 4 * nonAscii) / 4), ceil(4 * words / 3)); rationale in estimate.rs. */
function tokenEstimate(text: string): number {
  let ascii = 0;
  for (let i = 0; i < text.length; i++) if (code(text, i) < 0x80) ascii++;
  const nonAscii = text.length - ascii;
  return Math.max(Math.ceil((ascii + 4 * nonAscii) / 4), Math.ceil((4 * whitespaceWords(text)) / 3));
}

function whitespaceWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(code(text, i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function complexity(text: string, words: readonly Word[]): QueryAnalysis['complexity'] {
  const wordCount = whitespaceWords(text);
  const lengthScore = wordCount < 30 ? 0 : wordCount < 100 ? 1 : wordCount < 300 ? 2 : 3;
  const subQuestions = questionMarkRuns(text) + listItems(text);
  const questionScore = subQuestions < 2 ? 0 : subQuestions < 4 ? 1 : 2;
  const codeScore = text.includes('```') ? 2 : 0;
  const terms = distinctTechTerms(words);
  const termScore = terms === 0 ? 0 : terms < 3 ? 1 : terms < 6 ? 2 : 3;
  const score = lengthScore + questionScore + codeScore + termScore;
  return score <= 1 ? 'low' : score <= 3 ? 'medium' : 'high';
}

function questionMarkRuns(text: string): number {
  let runs = 0;
  for (let i = 0; i < text.length; i++) if (code(text, i) === 63 && code(text, i - 1) !== 63) runs++;
  return runs;
}

const LIST_ITEM = /^[ \t]*(?:[-*+] |[0-9]+[.)] )/;

function listItems(text: string): number {
  return text.split('\n').filter((line) => LIST_ITEM.test(line)).length;
}

function distinctTechTerms(words: readonly Word[]): number {
  const seen = new Set<number>();
  for (const { lower } of words) {
    const exact = TECH_TERMS.get(lower);
    if (exact !== undefined) seen.add(exact);
    if (lower.length > 3 && lower.endsWith('s')) {
      const singular = TECH_TERMS.get(lower.slice(0, -1));
      if (singular !== undefined) seen.add(singular);
    }
  }
  return seen.size;
}

// ---------------------------------------------------------------- mod.rs

/** The text a redacted span is replaced with, e.g. `[REDACTED:openai_key]`. */
function placeholder(kind: FindingKind): string {
  return `[REDACTED:${kind}]`;
}

/** Analyses one question. Texts over the core's per-text limit are TOO_LARGE. */
export function analyzeQuery(text: string): QueryAnalysis {
  return analyzeValid(validateText(text));
}

/** All texts are checked first (the first bad one is the error), as in the native batch. */
export function analyzeQueries(texts: string[]): QueryAnalysis[] {
  if (!Array.isArray(texts)) throw new CoreError('INVALID_ARGUMENT', 'texts must be an array of strings');
  return texts.map((text) => validateText(text)).map(analyzeValid);
}

function analyzeValid(text: string): QueryAnalysis {
  const redacted = resolveOverlaps(detectSensitive(text));
  const words = asciiWords(text);
  const flagged = injectionsOutside(redacted, findInjections(words));
  const findings: QueryFinding[] = [
    ...redacted.map((c) => ({ kind: c.kind, start: c.start, end: c.end, redacted: true })),
    ...flagged.map((c) => ({ kind: c.kind, start: c.start, end: c.end, redacted: false })),
  ].sort((a, b) => a.start - b.start);
  return {
    sanitized: sanitize(text, redacted),
    findings,
    tokenEstimate: tokenEstimate(text),
    complexity: complexity(text, words),
  };
}

function injectionsOutside(redacted: readonly Candidate[], phrases: readonly [number, number][]): Candidate[] {
  const kept: Candidate[] = [];
  let r = 0;
  for (const [start, end] of phrases) {
    while (r < redacted.length && redacted[r]!.end <= start) r++;
    const next = redacted[r];
    if (!next || next.start >= end) kept.push({ kind: 'prompt_injection', start, end });
  }
  return kept;
}

function sanitize(text: string, redacted: readonly Candidate[]): string {
  let out = '';
  let at = 0;
  for (const c of redacted) {
    out += text.slice(at, c.start) + placeholder(c.kind);
    at = c.end;
  }
  return out + text.slice(at);
}
