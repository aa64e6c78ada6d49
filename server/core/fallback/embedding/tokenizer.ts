/**
 * BERT's uncased tokenizer (BasicTokenizer as HF tokenizers' BertNormalizer and
 * BertPreTokenizer do it, then WordPiece): TypeScript twin of
 * native/core/src/embedding/tokenizer.rs. Both are checked against ids from HF
 * `tokenizers` (tests/fixtures/wordpiece-golden.json) and against each other on
 * every code point Node's Unicode tables assign.
 *
 * Normalisation, in HF's order:
 * 1. clean text: drop NUL, U+FFFD and every \p{C} code point (Cc, Cf, Cs, Co, Cn)
 *    except tab, newline and carriage return; map whitespace (the White_Space
 *    property, as Rust's char::is_whitespace; not JS's \s) to ' ';
 * 2. a space on each side of a CJK ideograph (HF's ranges);
 * 3. NFD, then drop every nonspacing mark (\p{Mn});
 * 4. lowercase code point by code point ('Σ' is always 'σ'; String#toLowerCase on a
 *    whole string would apply the final-sigma rule, which BERT does not).
 * Then split on whitespace; punctuation (ASCII 33-47, 58-64, 91-96, 123-126 or \p{P})
 * is a word of its own. WordPiece: greedy longest match first, "##" continuations;
 * a word over 100 code points, or one that cannot be covered, is one [UNK].
 * A lone surrogate is \p{Cs}: dropped (the addon sees U+FFFD there and drops it too).
 */

export const MAX_WORD_CHARS = 100;
export const UNK_TOKEN = '[UNK]';
export const CONTINUATION = '##';

const COMPUTED = 0x80;
const CONTROL = 1;
const WHITESPACE = 2;
const CJK = 4;
const PUNCT = 8;
const MARK = 16;

/** White_Space (what Rust's char::is_whitespace tests). */
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const OTHER = /^\p{C}$/u;
const NONSPACING_MARK = /^\p{Mn}$/u;
const PUNCTUATION = /^\p{P}$/u;

/** Per-code-point classes, computed on first sight (1.1 MB, filled lazily). */
let classes: Uint8Array | null = null;

export function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAsciiPunctuation(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}

function classOf(cp: number): number {
  if (classes === null) classes = new Uint8Array(0x110000);
  const known = classes[cp] as number;
  if (known & COMPUTED) return known;
  const ch = String.fromCodePoint(cp);
  let c = COMPUTED;
  if (cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && (cp === 0 || cp === 0xfffd || OTHER.test(ch))) c |= CONTROL;
  if (WHITE_SPACE.has(cp)) c |= WHITESPACE;
  if (isCjkIdeograph(cp)) c |= CJK;
  if (isAsciiPunctuation(cp) || (cp > 0x7f && PUNCTUATION.test(ch))) c |= PUNCT;
  if (cp > 0x7f && NONSPACING_MARK.test(ch)) c |= MARK;
  classes[cp] = c;
  return c;
}

export function isControl(cp: number): boolean {
  return (classOf(cp) & CONTROL) !== 0;
}
export function isWhitespace(cp: number): boolean {
  return (classOf(cp) & WHITESPACE) !== 0;
}
export function isPunctuation(cp: number): boolean {
  return (classOf(cp) & PUNCT) !== 0;
}

const lowerCache = new Map<number, string>();
function lower(cp: number): string {
  let l = lowerCache.get(cp);
  if (l === undefined) {
    l = String.fromCodePoint(cp).toLowerCase();
    lowerCache.set(cp, l);
  }
  return l;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Steps 1-4 of the header: the text every word is cut from. */
export function normalize(text: string): string {
  if (ASCII_ONLY.test(text)) {
    let out = '';
    let from = 0;
    // Copy runs of plain characters; handle controls, whitespace and capitals one by one.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x61 && c <= 0x7a) continue;
      if (c > 0x20 && c < 0x7f && !(c >= 0x41 && c <= 0x5a)) continue;
      out += text.slice(from, i);
      from = i + 1;
      if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
      else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) out += ' ';
      // else: a control character (0x00-0x1f but tab/newline/return, 0x7f), dropped
    }
    return out + text.slice(from);
  }
  const cleaned: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const c = classOf(cp);
    if (c & CONTROL) continue;
    if (c & WHITESPACE) cleaned.push(' ');
    else if (c & CJK) cleaned.push(' ', ch, ' ');
    else cleaned.push(ch);
  }
  const out: string[] = [];
  for (const ch of cleaned.join('').normalize('NFD')) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      out.push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch);
    } else if (!(classOf(cp) & MARK)) {
      out.push(lower(cp));
    }
  }
  return out.join('');
}

function forEachWord(normalized: string, f: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i < normalized.length; ) {
    const cp = normalized.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const c = cp === 0x20 ? WHITESPACE : cp < 0x80 && !isAsciiPunctuation(cp) ? 0 : classOf(cp);
    if (c & WHITESPACE) {
      if (start >= 0) f(normalized.slice(start, i));
      start = -1;
    } else if (c & PUNCT) {
      if (start >= 0) f(normalized.slice(start, i));
      start = -1;
      f(normalized.slice(i, i + width));
    } else if (start < 0) {
      start = i;
    }
    i += width;
  }
  if (start >= 0) f(normalized.slice(start));
}

/** The words (pre-tokens) of a text: normalised, split on whitespace, punctuation alone. */
export function basicTokenize(text: string): string[] {
  const words: string[] = [];
  forEachWord(normalize(text), (w) => words.push(w));
  return words;
}

const SURROGATE = /[\ud800-\udfff]/;

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || (s.charCodeAt(i - 1) & 0xfc00) !== 0xd800) n++;
  }
  return n;
}

/** WordPiece over a vocabulary (token -> id, ids in line order of vocab.txt). */
export class WordPiece {
  private readonly vocab: Map<string, number>;
  private readonly tokens: string[];
  readonly unkId: number;
  /** Longest token in code points: no longer piece can match. */
  private readonly maxTokenChars: number;

  private constructor(tokens: string[], vocab: Map<string, number>, unkId: number) {
    this.tokens = tokens;
    this.vocab = vocab;
    this.unkId = unkId;
    this.maxTokenChars = tokens.reduce((m, t) => Math.max(m, codePointCount(t)), 0);
  }

  /**
   * Parses vocab.txt: one token per line, line i is id i; a final newline is optional,
   * a trailing '\r' is removed. Empty or duplicate tokens, or no [UNK], are errors.
   */
  static fromVocabText(text: string): WordPiece {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    if (body.length === 0) throw new Error('vocab.txt is empty');
    const lines = body.split('\n');
    const vocab = new Map<string, number>();
    const tokens: string[] = [];
    lines.forEach((line, i) => {
      const token = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (token.length === 0) throw new Error(`vocab.txt line ${i + 1} is empty`);
      if (vocab.has(token)) throw new Error(`vocab.txt line ${i + 1} repeats the token ${JSON.stringify(token)}`);
      vocab.set(token, i);
      tokens.push(token);
    });
    const unkId = vocab.get(UNK_TOKEN);
    if (unkId === undefined) throw new Error(`vocab.txt has no ${UNK_TOKEN} token`);
    return new WordPiece(tokens, vocab, unkId);
  }

  get size(): number {
    return this.tokens.length;
  }

  token(id: number): string | undefined {
    return this.tokens[id];
  }

  id(token: string): number | undefined {
    return this.vocab.get(token);
  }

  /** Token ids of `text`, without special tokens, [UNK] included. */
  encode(text: string): number[] {
    const ids: number[] = [];
    forEachWord(normalize(text), (word) => this.encodeWord(word, ids));
    return ids;
  }

  private encodeWord(word: string, ids: number[]): void {
    // Code point boundaries (UTF-16 offsets), only built when the word has surrogates.
    let bounds: number[] | null = null;
    if (SURROGATE.test(word)) {
      bounds = [];
      for (let i = 0; i < word.length; ) {
        bounds.push(i);
        i += (word.codePointAt(i) as number) > 0xffff ? 2 : 1;
      }
      bounds.push(word.length);
    }
    const n = bounds === null ? word.length : bounds.length - 1;
    if (n > MAX_WORD_CHARS) {
      ids.push(this.unkId);
      return;
    }
    const at = (k: number): number => (bounds === null ? k : (bounds[k] as number));
    const first = ids.length;
    let start = 0;
    while (start < n) {
      let end = Math.min(n, start + this.maxTokenChars - (start > 0 ? CONTINUATION.length : 0));
      let found: number | undefined;
      while (end > start) {
        const piece = word.slice(at(start), at(end));
        found = this.vocab.get(start > 0 ? CONTINUATION + piece : piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) {
        ids.length = first;
        ids.push(this.unkId);
        return;
      }
      ids.push(found);
      start = end;
    }
  }
}
