/**
 * Quantities in prose: "4½", "4.5", "four and a half", "9/2", "$1,200", "1200 dollars",
 * "$1.2k", "3 × 10⁸ m/s", "300,000 km/s", "186,000 miles per second", "4 hours and
 * 30 minutes", "spring of '86", "26 April 1986" (the year; the day is skipped).
 * Values are converted to one unit per dimension (data: units), so quantities written
 * in different units compare. docs/consensus.md, "Quantities". Mirrored in
 * native/core/src/quantities.rs.
 */
import {
  CURRENCIES,
  FRACTION_WORDS,
  HEDGES,
  MONTH_NAMES,
  MULTIPLIER_SUFFIXES,
  NUMBER_WORDS,
  PER_WORDS,
  SCALE_WORDS,
  THRESHOLDS,
  UNITS,
} from './params';

export interface Quantity {
  /** In the dimension's base unit (or as written when there is no unit). */
  value: number;
  /** As written, times any multiplier ("1.2k" is 1200), before unit conversion. */
  raw: number;
  /** "time", "mass", "length/time", "usd", "temperature", ... or "" for a bare number. */
  dimension: string;
  approximate: boolean;
  year: boolean;
  /** Written in words ("four and a half"), not digits. */
  spelled: boolean;
  start: number;
  end: number;
}

const enum Kind {
  Number,
  Word,
  Symbol,
}

interface Token {
  kind: Kind;
  text: string;
  start: number;
  end: number;
  value: number;
  /** Digits written with thousands separators or a decimal point: not a year. */
  formatted: boolean;
}

const VULGAR: ReadonlyMap<string, number> = new Map([
  ['½', 0.5], ['⅓', 1 / 3], ['⅔', 2 / 3], ['¼', 0.25], ['¾', 0.75], ['⅕', 0.2], ['⅖', 0.4], ['⅗', 0.6], ['⅘', 0.8],
  ['⅙', 1 / 6], ['⅚', 5 / 6], ['⅛', 0.125], ['⅜', 0.375], ['⅝', 0.625], ['⅞', 0.875],
]);
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const CURRENCY_CODES: ReadonlySet<string> = new Set(CURRENCIES.values());
const GROUP_SPACES = new Set([' ', '\u00a0', '\u2009', '\u202f']);
const LETTER = /\p{L}/u;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function digitRun(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && isDigit(text[j])) j++;
  return j;
}

/** A number token at i: grouped digits, decimals, an attached vulgar fraction or superscript power. */
function readNumber(text: string, i: number, end: number): Token {
  let j = digitRun(text, i, end);
  let formatted = false;
  const leading = j - i;
  if (leading <= 3) {
    for (;;) {
      const sep = text[j];
      const groupEnd = j + 4;
      if ((sep === ',' || GROUP_SPACES.has(sep ?? '')) && groupEnd <= end && digitRun(text, j + 1, end) === groupEnd) {
        j = groupEnd;
        formatted = true;
      } else break;
    }
  }
  if (text[j] === '.' && isDigit(text[j + 1]) && j + 1 < end) {
    j = digitRun(text, j + 1, end);
    formatted = true;
  }
  let value = Number(text.slice(i, j).replace(/[^0-9.]/g, ''));
  const fraction = VULGAR.get(text[j] ?? '');
  if (fraction !== undefined && j < end) {
    value += fraction;
    j++;
    formatted = true;
  }
  if ((text[j] === 'e' || text[j] === 'E') && isDigit(text[j + 1]) && j + 1 < end && !LETTER.test(text[digitRun(text, j + 1, end)] ?? '')) {
    const k = digitRun(text, j + 1, end);
    value *= 10 ** Number(text.slice(j + 1, k));
    j = k;
    formatted = true;
  }
  return { kind: Kind.Number, text: text.slice(i, j), start: i, end: j, value, formatted };
}

function lex(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (isDigit(c)) {
      const t = readNumber(text, i, end);
      tokens.push(t);
      i = t.end;
    } else if (VULGAR.has(c)) {
      tokens.push({ kind: Kind.Number, text: c, start: i, end: i + 1, value: VULGAR.get(c) as number, formatted: true });
      i++;
    } else if (LETTER.test(c)) {
      let j = i + 1;
      while (j < end && (LETTER.test(text[j] as string) || ((text[j] === "'" || text[j] === '’') && LETTER.test(text[j + 1] ?? '')))) j++;
      tokens.push({ kind: Kind.Word, text: text.slice(i, j).toLowerCase(), start: i, end: j, value: 0, formatted: false });
      i = j;
    } else if (c.trim() === '') {
      i++;
    } else {
      const cp = text.codePointAt(i) as number;
      const len = cp > 0xffff ? 2 : 1;
      tokens.push({ kind: Kind.Symbol, text: text.slice(i, i + len), start: i, end: i + len, value: 0, formatted: false });
      i += len;
    }
  }
  return tokens;
}

const adjacent = (a: Token, b: Token | undefined): boolean => b !== undefined && a.end === b.start;

interface Unit {
  dimension: string;
  factor: number;
  /** Tokens consumed. */
  length: number;
}

/** The longest unit name (one to three tokens, joined as written) at token k. */
function simpleUnit(tokens: readonly Token[], k: number): Unit | null {
  let best: Unit | null = null;
  let name = '';
  for (let n = 0; n < 3 && k + n < tokens.length; n++) {
    const t = tokens[k + n] as Token;
    if (n > 0) name += adjacent(tokens[k + n - 1] as Token, t) ? '' : ' ';
    name += t.text;
    const entry = UNITS.get(name);
    if (entry !== undefined) best = { dimension: entry[0], factor: entry[1], length: n + 1 };
  }
  if (best === null && tokens[k]?.text === 'degrees') {
    const next = simpleUnit(tokens, k + 1);
    if (next !== null && (next.dimension === 'celsius' || next.dimension === 'fahrenheit')) return { ...next, length: next.length + 1 };
  }
  return best;
}

/** A unit, or a rate "unit per unit" / "unit/unit" ("miles per second", "km/h"). */
function unitAt(tokens: readonly Token[], k: number): Unit | null {
  const first = simpleUnit(tokens, k);
  if (first === null) return null;
  const per = tokens[k + first.length];
  if (per !== undefined && PER_WORDS.has(per.text) && !first.dimension.includes('/')) {
    const second = simpleUnit(tokens, k + first.length + 1);
    if (second !== null && !second.dimension.includes('/') && second.dimension !== first.dimension) {
      return { dimension: `${first.dimension}/${second.dimension}`, factor: first.factor / second.factor, length: first.length + 1 + second.length };
    }
  }
  return first;
}

/** A number written in words at token k: "four", "twelve hundred", "four and a half", "a third". */
function wordNumber(tokens: readonly Token[], k: number): { value: number; length: number } | null {
  let n = 0;
  let total = 0;
  let current = 0;
  let seen = false;
  while (k + n < tokens.length) {
    const w = (tokens[k + n] as Token).text;
    const units = NUMBER_WORDS.get(w);
    const scale = SCALE_WORDS.get(w);
    if (units !== undefined) {
      current += units;
      seen = true;
    } else if (scale !== undefined && seen) {
      current = (current === 0 ? 1 : current) * scale;
      if (scale >= 1000) {
        total += current;
        current = 0;
      }
    } else if (w === '-' && seen) {
      // "twenty-five"
    } else break;
    n++;
  }
  if (seen) {
    const afterAnd = tokens[k + n]?.text === 'and' ? 1 : 0;
    const fraction = fractionWords(tokens, k + n + afterAnd);
    if (afterAnd === 1 && fraction !== null) return { value: total + current + fraction.value, length: n + 1 + fraction.length };
    return { value: total + current, length: n };
  }
  const fraction = fractionWords(tokens, k);
  return fraction;
}

function fractionWords(tokens: readonly Token[], k: number): { value: number; length: number } | null {
  for (const n of [2, 1]) {
    if (k + n > tokens.length) continue;
    const phrase = tokens.slice(k, k + n).map((t) => t.text).join(' ');
    const value = FRACTION_WORDS.get(phrase);
    if (value !== undefined) return { value, length: n };
  }
  return null;
}

/** "× 10⁸", "x 10^8", "* 10^8" after a number: the power of ten and the tokens used. */
function powerOfTen(text: string, tokens: readonly Token[], k: number): { factor: number; length: number } | null {
  const times = tokens[k];
  const ten = tokens[k + 1];
  if (times === undefined || ten === undefined || !['×', 'x', '*', '·'].includes(times.text)) return null;
  if (ten.kind !== Kind.Number || !ten.text.startsWith('10')) return null;
  let j = ten.start + 2;
  let exponent = '';
  while (SUPERSCRIPTS.includes(text[j] ?? '#')) exponent += String(SUPERSCRIPTS.indexOf(text[j++] as string));
  // "10⁸" lexes as "10" followed by a symbol per superscript digit.
  if (exponent !== '' && ten.text === '10') {
    let n = 2;
    while (tokens[k + n] !== undefined && SUPERSCRIPTS.includes((tokens[k + n] as Token).text)) n++;
    return { factor: 10 ** Number(exponent), length: n };
  }
  const caret = tokens[k + 2];
  const power = tokens[k + 3];
  if (ten.text === '10' && caret?.text === '^' && power?.kind === Kind.Number) return { factor: 10 ** power.value, length: 4 };
  return null;
}

const EMPHASIS = new Set(['*', '_', '`']);

/** A hedge ("about", "≈", "~") among the two tokens before k, emphasis marks skipped. */
function isHedged(tokens: readonly Token[], k: number): boolean {
  let seen = 0;
  for (let b = k - 1; b >= 0 && seen < 2; b--) {
    const t = tokens[b] as Token;
    if (EMPHASIS.has(t.text)) continue;
    if (HEDGES.has(t.text)) return true;
    seen++;
  }
  return false;
}

/** Every quantity in text[start, end), in order. */
export function findQuantities(text: string, start = 0, end = text.length): Quantity[] {
  const tokens = lex(text, start, end);
  const out: Quantity[] = [];
  let k = 0;
  while (k < tokens.length) {
    const first = k;
    let currency = '';
    const t = tokens[k] as Token;
    const prefix = CURRENCIES.get(t.text);
    if (prefix !== undefined && (tokens[k + 1]?.kind === Kind.Number)) {
      currency = prefix;
      k++;
    }
    const head = tokens[k] as Token;
    let value: number;
    let length: number;
    let formatted = false;
    let apostropheYear = false;
    if (head.kind === Kind.Number) {
      value = head.value;
      length = 1;
      formatted = head.formatted;
      const slash = tokens[k + 1];
      const denominator = tokens[k + 2];
      if (slash?.text === '/' && adjacent(head, slash) && denominator?.kind === Kind.Number && adjacent(slash, denominator) && denominator.value !== 0) {
        value /= denominator.value;
        length = 3;
        formatted = true;
      } else if (tokens[k + 1]?.kind === Kind.Number && VULGAR.has((tokens[k + 1] as Token).text)) {
        value += (tokens[k + 1] as Token).value;
        length = 2;
        formatted = true;
      }
      const prev = tokens[k - 1];
      if (prev !== undefined && (prev.text === "'" || prev.text === '’') && adjacent(prev, head) && head.text.length === 2 && !formatted) {
        const before = tokens[k - 2];
        if (before === undefined || !adjacent(before, prev)) {
          value = value >= 30 ? 1900 + value : 2000 + value;
          apostropheYear = true;
        }
      }
    } else if (head.kind === Kind.Word) {
      const words = wordNumber(tokens, k);
      if (words === null) {
        k = first + 1;
        continue;
      }
      value = words.value;
      length = words.length;
      formatted = true;
    } else {
      k = first + 1;
      continue;
    }
    let next = k + length;
    const power = powerOfTen(text, tokens, next);
    if (power !== null) {
      value *= power.factor;
      next += power.length;
      formatted = true;
    }
    const suffix = tokens[next];
    if (suffix !== undefined && suffix.kind === Kind.Word && adjacent(tokens[next - 1] as Token, suffix)) {
      const multiplier = MULTIPLIER_SUFFIXES.get(suffix.text);
      if (multiplier !== undefined && (suffix.text !== 'm' || currency !== '')) {
        value *= multiplier;
        next++;
        formatted = true;
      }
    }
    const scale = tokens[next] !== undefined ? SCALE_WORDS.get((tokens[next] as Token).text) : undefined;
    if (scale !== undefined && head.kind === Kind.Number) {
      value *= scale;
      next++;
      formatted = true;
    }
    const raw = value;
    let dimension = currency;
    let converted = value;
    if (dimension === '') {
      const suffixCurrency = tokens[next] !== undefined ? CURRENCIES.get((tokens[next] as Token).text) : undefined;
      const unit = unitAt(tokens, next);
      if (suffixCurrency !== undefined && suffixCurrency !== '') {
        dimension = suffixCurrency;
        next++;
      } else if (unit !== null) {
        dimension = unit.dimension;
        converted = value * unit.factor;
        next += unit.length;
        if (dimension === 'fahrenheit') {
          dimension = 'temperature';
          converted = ((value - 32) * 5) / 9;
        } else if (dimension === 'celsius') dimension = 'temperature';
      }
    }
    // "4 hours and 30 minutes", "1 h 30 min", "5 ft 7 in"
    const compound = dimension !== '' && dimension !== 'temperature' && !CURRENCY_CODES.has(dimension);
    while (compound) {
      const joiner = tokens[next]?.text === 'and' || tokens[next]?.text === ',' ? 1 : 0;
      const more = tokens[next + joiner];
      if (more?.kind !== Kind.Number) break;
      const unit = unitAt(tokens, next + joiner + 1);
      if (unit === null || unit.dimension !== dimension) break;
      converted += more.value * unit.factor;
      next += joiner + 1 + unit.length;
    }
    const before = tokens[first - 1];
    const after = tokens[next];
    const isDay =
      dimension === '' && !formatted && Number.isInteger(value) && value >= 1 && value <= 31 &&
      ((after !== undefined && MONTH_NAMES.has(after.text)) || (before !== undefined && MONTH_NAMES.has(before.text)));
    if (!isDay) {
      const year = apostropheYear || (dimension === '' && !formatted && Number.isInteger(value) && value >= 1000 && value <= 2999);
      out.push({
        value: converted,
        raw,
        dimension,
        approximate: isHedged(tokens, first),
        year,
        spelled: head.kind === Kind.Word,
        start: (tokens[first] as Token).start,
        end: (tokens[next - 1] as Token).end,
      });
    }
    k = next;
  }
  return out;
}

/** Whether two quantities are the same answer: true, false, or null when they cannot be compared. */
export function sameQuantity(a: Quantity, b: Quantity): boolean | null {
  if (a.year || b.year) return a.raw === b.raw;
  let x = a.raw;
  let y = b.raw;
  if (a.dimension !== '' && b.dimension !== '') {
    if (a.dimension !== b.dimension) return null;
    x = a.value;
    y = b.value;
  }
  const tolerance = a.approximate || b.approximate ? THRESHOLDS.approximateTolerance : THRESHOLDS.quantityTolerance;
  const scale = Math.max(Math.abs(x), Math.abs(y));
  return scale === 0 || Math.abs(x - y) <= tolerance * scale;
}
