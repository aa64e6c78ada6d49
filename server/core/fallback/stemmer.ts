/**
 * The Porter2 (Snowball English) stemmer, written by hand and mirrored line for
 * line in native/core/src/stemmer.rs. Input: a folded word of ASCII letters and
 * apostrophes (the pipeline stems nothing else).
 */

const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['skis', 'ski'], ['skies', 'sky'], ['dying', 'die'], ['lying', 'lie'], ['tying', 'tie'],
  ['idly', 'idl'], ['gently', 'gentl'], ['ugly', 'ugli'], ['early', 'earli'], ['only', 'onli'],
  ['singly', 'singl'], ['sky', 'sky'], ['news', 'news'], ['howe', 'howe'], ['atlas', 'atlas'],
  ['cosmos', 'cosmos'], ['bias', 'bias'], ['andes', 'andes'],
]);

/** Words left as they are after step 1a. */
const INVARIANT_AFTER_1A: ReadonlySet<string> = new Set([
  'inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed',
]);

const STEP2: readonly (readonly [string, string])[] = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
  ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'],
  ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'],
  ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'],
  ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];

const STEP3: readonly (readonly [string, string])[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
];

const STEP4: readonly string[] = [
  'ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive',
  'ize', 'ion', 'al', 'er', 'ic',
];

const DOUBLES: readonly string[] = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDINGS = 'cdeghkmnrt';

function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
}

/** Ends with a short syllable: non-vowel, vowel, non-vowel other than w/x/Y; or vowel, non-vowel as the whole word. */
function endsWithShortSyllable(w: string): boolean {
  const n = w.length;
  if (n >= 3) {
    const last = w[n - 1];
    return (
      !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(last) && last !== 'w' && last !== 'x' && last !== 'Y'
    );
  }
  return n === 2 && isVowel(w[0]) && !isVowel(w[1]);
}

function hasVowel(w: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isVowel(w[i])) return true;
  return false;
}

function regionStart(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

function longestSuffix(w: string, suffixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const s of suffixes) if (w.endsWith(s) && (best === undefined || s.length > best.length)) best = s;
  return best;
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ied') || w.endsWith('ies')) return w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  if (w.endsWith('us') || w.endsWith('ss')) return w;
  if (w.endsWith('s') && hasVowel(w, w.length - 2)) return w.slice(0, -1);
  return w;
}

function step1b(w: string, r1: number): string {
  const suffix = longestSuffix(w, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
  if (suffix === undefined) return w;
  if (suffix === 'eed' || suffix === 'eedly') {
    return w.length - suffix.length >= r1 ? w.slice(0, w.length - suffix.length) + 'ee' : w;
  }
  const stem = w.slice(0, w.length - suffix.length);
  if (!hasVowel(stem, stem.length)) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  if (DOUBLES.some((d) => stem.endsWith(d))) return stem.slice(0, -1);
  if (r1 === stem.length && endsWithShortSyllable(stem)) return stem + 'e';
  return stem;
}

function step1c(w: string): string {
  const n = w.length;
  const last = w[n - 1];
  if ((last === 'y' || last === 'Y') && n > 2 && !isVowel(w[n - 2])) return w.slice(0, -1) + 'i';
  return w;
}

function longestRule(
  w: string,
  rules: readonly (readonly [string, string])[],
): readonly [string, string] | undefined {
  let best: readonly [string, string] | undefined;
  for (const rule of rules) {
    if (w.endsWith(rule[0]) && (best === undefined || rule[0].length > best[0].length)) best = rule;
  }
  return best;
}

function step2(w: string, r1: number): string {
  const rule = longestRule(w, STEP2);
  if (rule === undefined) return w;
  const start = w.length - rule[0].length;
  if (start < r1) return w;
  if (rule[0] === 'ogi' && w[start - 1] !== 'l') return w;
  if (rule[0] === 'li' && !LI_ENDINGS.includes(w[start - 1] ?? '#')) return w;
  return w.slice(0, start) + rule[1];
}

function step3(w: string, r1: number, r2: number): string {
  const rule = longestRule(w, STEP3);
  if (rule === undefined) return w;
  const start = w.length - rule[0].length;
  if (start < r1) return w;
  if (rule[0] === 'ative' && start < r2) return w;
  return w.slice(0, start) + rule[1];
}

function step4(w: string, r2: number): string {
  const suffix = longestSuffix(w, STEP4);
  if (suffix === undefined) return w;
  const start = w.length - suffix.length;
  if (start < r2) return w;
  if (suffix === 'ion' && w[start - 1] !== 's' && w[start - 1] !== 't') return w;
  return w.slice(0, start);
}

function step5(w: string, r1: number, r2: number): string {
  const n = w.length;
  const last = w[n - 1];
  if (last === 'e') {
    if (n - 1 >= r2 || (n - 1 >= r1 && !endsWithShortSyllable(w.slice(0, -1)))) return w.slice(0, -1);
  } else if (last === 'l') {
    if (n - 1 >= r2 && w[n - 2] === 'l') return w.slice(0, -1);
  }
  return w;
}

export function stem(word: string): string {
  if (word.length <= 2) return word;
  const exception = EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;

  let w = word.charCodeAt(0) === 39 ? word.slice(1) : word;
  // Prelude: a y that acts as a consonant becomes Y.
  if (w.includes('y')) {
    // The previous letter is read after marking, so in "ayy" only the first y becomes Y.
    let marked = '';
    for (let i = 0; i < w.length; i++) {
      const c = w[i] as string;
      marked += c === 'y' && (i === 0 || isVowel(marked[i - 1])) ? 'Y' : c;
    }
    w = marked;
  }

  let r1: number;
  if (w.startsWith('gener') || w.startsWith('arsen')) r1 = 5;
  else if (w.startsWith('commun')) r1 = 6;
  else r1 = regionStart(w, 0);
  const r2 = regionStart(w, r1);

  // Step 0: possessive apostrophes.
  if (w.endsWith("'s'")) w = w.slice(0, -3);
  else if (w.endsWith("'s")) w = w.slice(0, -2);
  else if (w.endsWith("'")) w = w.slice(0, -1);

  w = step1a(w);
  if (!INVARIANT_AFTER_1A.has(w)) {
    w = step1b(w, r1);
    w = step1c(w);
    w = step2(w, r1);
    w = step3(w, r1, r2);
    w = step4(w, r2);
    w = step5(w, r1, r2);
  }
  return w.includes('Y') ? w.replaceAll('Y', 'y') : w;
}
