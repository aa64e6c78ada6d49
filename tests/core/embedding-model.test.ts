/**
 * The sentence model (models/minilm-static) in TypeScript and in the native addon:
 * the TS tokenizer gives HF tokenizers' ids, TS and native vectors agree within 1e-6
 * (on varied sentences, random strings and every code point Node's Unicode assigns),
 * paraphrases land closer than unrelated sentences, and a damaged or missing model is
 * a clear error. The native half fails, not skips, when the addon is missing: build it
 * with `node scripts/build-native.mjs`.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EmbeddingCache,
  StaticModel,
  basicTokenize,
  defaultModelDir,
  embedCached,
  fnv1a64,
  installModel,
  loadDefaultModel,
  model,
  resetDefaultModel,
} from '../../server/core/fallback/embedding/index';
import { loadNativeBinding } from '../../server/core/native';
import { generatedAnswer, pick, seededRandom } from './support';

const MODEL_DIR = path.resolve('models', 'minilm-static');

interface EmbeddingBinding {
  loadEmbeddingModel(dir: string): { dim: number; vocabSize: number };
  embedTexts(texts: string[]): Float32Array;
}

/** The addon's embedding exports, or an error saying why they are not there. */
function nativeEmbedding(): EmbeddingBinding {
  const load = loadNativeBinding();
  if (!load.ok) throw new Error(`the native addon is required for the parity tests: ${load.reason}`);
  const b = load.binding as unknown as Partial<EmbeddingBinding>;
  if (typeof b.loadEmbeddingModel !== 'function' || typeof b.embedTexts !== 'function') {
    throw new Error('the native addon has no loadEmbeddingModel/embedTexts; rebuild it with node scripts/build-native.mjs');
  }
  return b as EmbeddingBinding;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbsDiff(a: Float32Array, b: Float32Array, offset = 0): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[offset + i] as number)));
  return m;
}

let tsModel: StaticModel;
beforeAll(() => {
  const started = performance.now();
  tsModel = StaticModel.load(MODEL_DIR);
  console.log(`TS model load: ${(performance.now() - started).toFixed(1)} ms`);
});

describe('TypeScript tokenizer', () => {
  const golden = JSON.parse(readFileSync(path.resolve('tests', 'fixtures', 'wordpiece-golden.json'), 'utf8')) as {
    cases: { text: string; ids: number[] }[];
  };

  it('gives the ids HF tokenizers gives (golden fixture)', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(40);
    const wrong = golden.cases
      .map((c) => ({ text: c.text, got: tsModel.tokenizer().encode(c.text), want: c.ids }))
      .filter((c) => JSON.stringify(c.got) !== JSON.stringify(c.want));
    expect(wrong).toEqual([]);
  });

  it('cleans, folds and splits as BERT does', () => {
    expect(basicTokenize('Hello, World!')).toEqual(['hello', ',', 'world', '!']);
    expect(basicTokenize('Café NAÏVE')).toEqual(['cafe', 'naive']);
    expect(basicTokenize('x\u000by\u0085z\u200bw')).toEqual(['xyzw']);
    expect(basicTokenize('東京は')).toEqual(['東', '京', 'は']);
    expect(basicTokenize('ΟΔΟΣ')).toEqual(['οδοσ']);
    expect(basicTokenize('lone \ud800 surrogate')).toEqual(['lone', 'surrogate']);
    expect(tsModel.tokenizer().encode('a'.repeat(101))).toEqual([100]);
    expect(tsModel.tokenizer().encode('unaffable')).toEqual([14477, 20961, 3468]);
  });
});

describe('TypeScript model', () => {
  it('has the committed shape and unit-length vectors', () => {
    expect(tsModel.dim()).toBe(256);
    expect(tsModel.vocabSize()).toBe(30522);
    const v = tsModel.embed('Use PostgreSQL for transactions.');
    expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 6);
    expect(Array.from(tsModel.embed(''))).toEqual(new Array(256).fill(0));
    expect(Array.from(tsModel.embed('\ue000 \u0007'))).toEqual(new Array(256).fill(0));
    expect(Array.from(tsModel.embed('Café RÉSUMÉ'))).toEqual(Array.from(tsModel.embed('cafe resume')));
  });

  it('puts paraphrases closer than unrelated sentences', () => {
    const triples: [string, string, string][] = [
      ['A cat is sleeping on the sofa.', 'There is a cat asleep on the couch.', 'The stock market fell sharply today.'],
      ['Cache the results in Redis to cut latency.', 'Put a Redis cache in front to make responses faster.', 'The Roman Empire fell in the fifth century.'],
      ['The capital of France is Paris.', "Paris is France's capital city.", 'Tulips bloom in early spring.'],
      ['Index the column you filter on to speed up the query.', 'Adding an index on the filtered column will make the query faster.', 'The hiking trail follows the river to the lake.'],
      ['Drink plenty of water and rest.', 'Stay hydrated and get some sleep.', 'Compile the kernel with the default configuration.'],
    ];
    for (const [a, p, u] of triples) {
      const va = tsModel.embed(a);
      expect(cosine(va, tsModel.embed(p)), a).toBeGreaterThan(cosine(va, tsModel.embed(u)) + 0.2);
    }
  });

  it('refuses damaged or missing files with a clear error', () => {
    const vocab = readFileSync(path.join(MODEL_DIR, 'vocab.txt'), 'utf8');
    const weights = readFileSync(path.join(MODEL_DIR, 'model.safetensors'));
    for (const cut of [0, 7, 100, weights.length >> 1, weights.length - 1]) {
      expect(() => StaticModel.fromBytes(vocab, weights.subarray(0, cut))).toThrow(/truncated|corrupt/);
    }
    const badHeader = Buffer.from(weights);
    badHeader[8] = '['.charCodeAt(0);
    expect(() => StaticModel.fromBytes(vocab, badHeader)).toThrow(/corrupt header/);
    expect(() => StaticModel.fromBytes(vocab.split('\n').slice(0, 1000).join('\n'), weights)).toThrow(
      'model.safetensors has 30522 rows but vocab.txt has 1000 tokens',
    );
    expect(() => StaticModel.fromBytes('', weights)).toThrow('vocab.txt is empty');
    expect(() => StaticModel.load('/nonexistent/circle-model')).toThrow(/cannot read \/nonexistent\/circle-model\/vocab\.txt/);
  });
});

describe('cache and process slot (TypeScript)', () => {
  it('hashes with FNV-1a 64 over UTF-8', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
    const rnd = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const s = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => String.fromCodePoint(Math.floor(rnd() * 0x2ffff))).join('');
      let h = 0xcbf29ce484222325n;
      for (const byte of Buffer.from(s, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      expect(fnv1a64(s)).toBe(h);
    }
  });

  it('drops the least recently used half when full', () => {
    const cache = new EmbeddingCache(4);
    for (let k = 0n; k < 4n; k++) cache.insert(k, new Float32Array([Number(k)]));
    cache.get(0n);
    cache.get(1n);
    cache.insert(9n, new Float32Array([9]));
    expect(cache.size).toBe(3);
    expect(cache.get(2n)).toBeUndefined();
    expect(cache.get(3n)).toBeUndefined();
    expect(cache.get(0n)?.[0]).toBe(0);
  });

  it('installModel / model() / embedCached', () => {
    resetDefaultModel();
    expect(model()).toBeNull();
    expect(embedCached(['x'])).toBeNull();
    installModel(tsModel);
    const [a, b] = embedCached(['Use Redis.', 'Use Redis.']) as Float32Array[];
    expect(Array.from(a as Float32Array)).toEqual(Array.from(tsModel.embed('Use Redis.')));
    expect(a).not.toBe(b); // copies: a caller cannot corrupt the cache
    resetDefaultModel();
  });

  it('loadDefaultModel warns once and returns null when the model is missing', () => {
    const saved = process.env.CIRCLE_MODEL_DIR;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      resetDefaultModel();
      process.env.CIRCLE_MODEL_DIR = '/nonexistent/circle-model';
      expect(defaultModelDir()).toBe('/nonexistent/circle-model');
      expect(loadDefaultModel()).toBeNull();
      expect(loadDefaultModel()).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /^\[circle-core\] sentence model unavailable: cannot read \/nonexistent\/circle-model\/vocab\.txt.*; consensus uses its non-embedding signals$/,
      );
      resetDefaultModel();
      process.env.CIRCLE_MODEL_DIR = MODEL_DIR;
      expect(loadDefaultModel()?.dim()).toBe(256);
      expect(model()).not.toBeNull();
      delete process.env.CIRCLE_MODEL_DIR;
      expect(defaultModelDir()).toBe(path.join(process.cwd(), 'models', 'minilm-static'));
    } finally {
      warn.mockRestore();
      if (saved === undefined) delete process.env.CIRCLE_MODEL_DIR;
      else process.env.CIRCLE_MODEL_DIR = saved;
      resetDefaultModel();
    }
  });
});

describe('native and TypeScript sentence vectors agree', { timeout: 180_000 }, () => {
  let native: EmbeddingBinding;
  beforeAll(() => {
    native = nativeEmbedding();
    const started = performance.now();
    const info = native.loadEmbeddingModel(MODEL_DIR);
    console.log(`native model load: ${(performance.now() - started).toFixed(1)} ms`);
    expect(info).toEqual({ dim: 256, vocabSize: 30522 });
  });

  function expectSame(texts: string[]): void {
    const flat = native.embedTexts(texts);
    expect(flat.length).toBe(texts.length * 256);
    const bad: string[] = [];
    texts.forEach((text, i) => {
      const d = maxAbsDiff(tsModel.embed(text), flat, i * 256);
      if (!(d <= 1e-6)) bad.push(`${JSON.stringify(text.slice(0, 60))}: ${d}`);
    });
    expect(bad).toEqual([]);
  }

  it('on 200 varied sentences and answers', () => {
    const random = seededRandom(11);
    const golden = (
      JSON.parse(readFileSync(path.resolve('tests', 'fixtures', 'wordpiece-golden.json'), 'utf8')) as { cases: { text: string }[] }
    ).cases.map((c) => c.text);
    const texts = [...golden, ...Array.from({ length: 160 }, () => generatedAnswer(random, 1 + Math.floor(random() * 3)))];
    expect(texts.length).toBeGreaterThanOrEqual(200);
    expectSame(texts);
  });

  it('on 2,000 random strings of awkward characters', () => {
    const random = seededRandom(5);
    const pools = [
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      ' \t\n\r\u000b\u000c\u0085\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u200d',
      '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»‐–—‘’“”…‰※⁂、。「」『』【】〜・！？',
      '\u0000\u0001\u0007\u001f\u007f\u0080\u009f\ufffd\ue000\uf8ff\u{f0000}\u{10fffd}\u{e0001}\u{e0041}',
      'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœšžß ÀÉÎÕÜÇÑØÅÆŒŠŽẞİıſǅǈǋ ΣσςΑΩάέήίόύώ АБВГДабвгдЁё',
      'e\u0301a\u0308o\u0302n\u0303\u0301\u0302\u0327\u0338\u20dd\u0489\u093f\u0e31\u0e34\u05b0\u064b',
      '東京北京中国日本語漢字汉字한국어ひらがなカタカナｶﾀｶﾅ\u{20000}\u{2a6d6}\u{2b820}\u{2b920}\u{30000}\u{2f800}',
      '😀🚀👍🏽❤️‍🔥🇫🇷👨‍👩‍👧\u{1d518}\u{1d4b6}\u{1d7d9}①²½Ⅻ℃№™ﬁﬂﬃ',
      'مرحبا עברית हिन्दी ภาษาไทย ქართული Հայերեն ᚠᚢᚦ ꦗꦮ',
    ];
    const texts = Array.from({ length: 2000 }, () => {
      const len = 1 + Math.floor(random() * 30);
      let s = '';
      for (let i = 0; i < len; i++) s += pick(random, Array.from(pick(random, pools)));
      if (random() < 0.05) s += '\ud800'; // a lone surrogate
      return s;
    });
    expectSame(texts);
  });

  it('on every code point Node assigns (the Unicode tables agree)', () => {
    // `a${c}b` tells apart every way the tokenizer can treat c: dropped ("ab"),
    // a separator ("a", "b"), punctuation or an ideograph (its own word), part of the
    // word (usually [UNK]), decomposed, lowercased.
    const unassigned = /^\p{Cn}$/u;
    const differing: number[] = [];
    let compared = 0;
    const started = performance.now();
    for (let lo = 0; lo < 0x110000; lo += 8192) {
      const cps: number[] = [];
      for (let cp = lo; cp < lo + 8192; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        if (unassigned.test(String.fromCodePoint(cp))) continue;
        cps.push(cp);
      }
      if (cps.length === 0) continue;
      const texts = cps.map((cp) => `a${String.fromCodePoint(cp)}b`);
      const flat = native.embedTexts(texts);
      texts.forEach((text, i) => {
        if (!(maxAbsDiff(tsModel.embed(text), flat, i * 256) <= 1e-6)) differing.push(cps[i] as number);
      });
      compared += cps.length;
    }
    console.log(`compared ${compared} assigned code points in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(compared).toBeGreaterThan(280_000);
    expect(differing.map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`)).toEqual([]);
  });

  it('serves repeated texts from the cache with the same vectors', () => {
    const texts = ['Use PostgreSQL.', 'Avoid MongoDB.', 'Use PostgreSQL.'];
    const a = native.embedTexts(texts);
    const b = native.embedTexts(texts);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 256))).toEqual(Array.from(a.subarray(512, 768)));
    expect(native.embedTexts([]).length).toBe(0);
  });

  it('encode speed (reported)', () => {
    const random = seededRandom(99);
    const texts = Array.from({ length: 5000 }, (_, i) => `${generatedAnswer(random, 1)} #${i}`);
    let started = performance.now();
    for (const t of texts) tsModel.embed(t);
    const tsMs = performance.now() - started;
    started = performance.now();
    native.embedTexts(texts);
    const nativeMs = performance.now() - started;
    started = performance.now();
    native.embedTexts(texts);
    const cachedMs = performance.now() - started;
    const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / texts.length;
    console.log(
      `encode 5,000 texts (~${words.toFixed(0)} words): TS ${(texts.length / (tsMs / 1000)).toFixed(0)}/s, ` +
        `native ${(texts.length / (nativeMs / 1000)).toFixed(0)}/s, native cached ${(texts.length / (cachedMs / 1000)).toFixed(0)}/s`,
    );
  });

  it('maps load errors through the core error format', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'circle-model-'));
    try {
      copyFileSync(path.join(MODEL_DIR, 'vocab.txt'), path.join(tmp, 'vocab.txt'));
      expect(() => native.loadEmbeddingModel(tmp)).toThrow(/^INVALID_ARGUMENT: cannot load the sentence model: cannot read .*model\.safetensors/);
      writeFileSync(path.join(tmp, 'model.safetensors'), readFileSync(path.join(MODEL_DIR, 'model.safetensors')).subarray(0, 5000));
      expect(() => native.loadEmbeddingModel(tmp)).toThrow(/^INVALID_ARGUMENT: cannot load the sentence model: .*truncated/);
      expect(() => StaticModel.load(tmp)).toThrow(/truncated/);
      // A failed load leaves the model that was there.
      expect(native.embedTexts(['still loaded']).length).toBe(256);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

afterAll(() => resetDefaultModel());
