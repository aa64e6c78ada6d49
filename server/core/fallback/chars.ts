/**
 * Code point classes of the word segmenter. The rules are ours (a small,
 * deterministic subset of UAX #29), written identically in native/core/src/chars.rs,
 * so both backends split words the same way instead of trusting that
 * Intl.Segmenter and a Rust crate agree. Letters and numbers come from the
 * Unicode `Alphabetic` property and the `N` category, which is exactly what
 * Rust's `char::is_alphabetic() || char::is_numeric()` tests.
 */

export const enum CharClass {
  /** Separator: punctuation, symbols, spaces. */
  Other = 0,
  /** Letter or number: builds words. */
  Alnum = 1,
  /** `_`: joins words (snake_case), trimmed at the edges. */
  Connector = 2,
  /** `'` and `’`: joins letters (don't, l'homme). */
  Apostrophe = 3,
  /** `.`: joins letters or digits (e.g, node.js, 3.14). */
  Period = 4,
  /** `,`: joins digits (1,000). */
  Comma = 5,
  /** Combining mark: continues the word it follows. */
  Extend = 6,
  /** Han ideograph or Hiragana: a word on its own. */
  Ideograph = 7,
}

const LETTER_OR_NUMBER = /[\p{Alphabetic}\p{N}]/u;

const ASCII_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z0-9]/.test(ch)) table[c] = CharClass.Alnum;
  }
  table[0x5f] = CharClass.Connector;
  table[0x27] = CharClass.Apostrophe;
  table[0x2e] = CharClass.Period;
  table[0x2c] = CharClass.Comma;
  return table;
})();

export function isIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2fa1f) ||
    (cp >= 0x3040 && cp <= 0x309f)
  );
}

export function isCombiningMark(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x200d ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

export function charClass(cp: number): CharClass {
  if (cp < 128) return ASCII_CLASS[cp] as CharClass;
  if (cp === 0x2019) return CharClass.Apostrophe;
  if (isIdeograph(cp)) return CharClass.Ideograph;
  if (isCombiningMark(cp)) return CharClass.Extend;
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp)) ? CharClass.Alnum : CharClass.Other;
}

/** White space as both backends define it (JS `\s` and Rust `is_whitespace` differ slightly). */
export function isSpace(cp: number): boolean {
  if (cp < 128) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}

export function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

export function isAsciiLower(cp: number): boolean {
  return cp >= 0x61 && cp <= 0x7a;
}

/** Code point at UTF-16 index i (a lone surrogate reads as U+FFFD, as the native side sees it). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
    return 0xfffd;
  }
  if (c >= 0xdc00 && c <= 0xdfff) return 0xfffd;
  return c;
}

/** UTF-16 length of a code point. */
export function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}
