/**
 * Bad and extreme input on both backends (the native one through the Node
 * binding): a typed CoreError with a code, or a correct result; never a crash.
 * Decisions: an empty panel, duplicate ids, weights that are not finite and > 0,
 * confidences outside 0..1 and thresholds outside 0..1 are errors; empty texts
 * and lone surrogates are fine (a lone surrogate reads as U+FFFD); a text over
 * 16 MiB (UTF-8), a panel over 64 MiB or over 500 experts is TOO_LARGE.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../server/core/errors';
import type { ConsensusResult, CoreBackend, ExpertResponse } from '../../server/core/types';
import { backends, differences, errorCode, generatedAnswer, native, seededRandom } from './support';

const ok = (text: string, extra: Partial<ExpertResponse> = {}): ExpertResponse => ({ expertId: `x${text.length}`, text, ...extra });

function expectWellFormed(r: ConsensusResult, ids: string[]): void {
  expect(r.expertCount).toBe(ids.length);
  expect(r.similarity).toHaveLength(ids.length);
  r.similarity.forEach((row, i) => {
    expect(row[i]).toBe(1);
    for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
  });
  expect([...r.majority, ...r.dissenters].sort()).toEqual([...ids].sort());
  expect(r.clusters.flatMap((c) => c.members).sort()).toEqual([...ids].sort());
  expect(r.clusters.reduce((s, c) => s + c.weightShare, 0)).toBeCloseTo(1, 9);
  expect(r.consensusConfidence).toBe(r.clusters[0]?.weightShare);
}

it('loads the native addon whenever it has been built', () => {
  const built = readdirSync(path.resolve('native', 'node')).some((f) => f.endsWith('.node'));
  expect(native !== null).toBe(built);
  if (existsSync(path.resolve('native', 'node', 'index.js'))) expect(typeof native?.calculateConsensus).toBe(built ? 'function' : 'undefined');
});

describe.each(backends)('bad input (%s)', (_name, core: CoreBackend) => {
  it('answers every invalid panel with the documented code', () => {
    const cases: [unknown, unknown, string][] = [
      [[], undefined, 'EMPTY_PANEL'],
      [[{ expertId: 'a', text: 'x' }, { expertId: 'a', text: 'y' }], undefined, 'DUPLICATE_EXPERT'],
      [[{ expertId: '', text: 'x' }], undefined, 'INVALID_ARGUMENT'],
      [[{ expertId: 'a', text: 'x', weight: Number.NaN }], undefined, 'INVALID_WEIGHT'],
      [[{ expertId: 'a', text: 'x', weight: -1 }], undefined, 'INVALID_WEIGHT'],
      [[{ expertId: 'a', text: 'x', weight: 0 }], undefined, 'INVALID_WEIGHT'],
      [[{ expertId: 'a', text: 'x', weight: Number.POSITIVE_INFINITY }], undefined, 'INVALID_WEIGHT'],
      [[{ expertId: 'a', text: 'x', confidence: 1.5 }], undefined, 'INVALID_CONFIDENCE'],
      [[{ expertId: 'a', text: 'x', confidence: -0.1 }], undefined, 'INVALID_CONFIDENCE'],
      [[{ expertId: 'a', text: 'x', confidence: Number.NaN }], undefined, 'INVALID_CONFIDENCE'],
      [[{ expertId: 'a', text: 'x' }], { confidenceThreshold: 2 }, 'INVALID_ARGUMENT'],
      [[{ expertId: 'a', text: 'x' }], { confidenceThreshold: Number.NaN }, 'INVALID_ARGUMENT'],
      [Array.from({ length: 501 }, (_, i) => ({ expertId: `e${i}`, text: '' })), undefined, 'TOO_LARGE'],
    ];
    for (const [responses, options, code] of cases) {
      const got = errorCode(() => core.calculateConsensus(responses as ExpertResponse[], options as undefined));
      expect(`${JSON.stringify(responses).slice(0, 60)} -> ${got}`).toBe(`${JSON.stringify(responses).slice(0, 60)} -> ${code}`);
    }
  });

  it('reports the first problem in input order, with a message naming the expert', () => {
    try {
      core.calculateConsensus([{ expertId: 'ok', text: 'x' }, { expertId: 'bad', text: 'y', weight: -2, confidence: 7 }]);
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      expect((err as CoreError).code).toBe('INVALID_WEIGHT');
      expect((err as CoreError).message).toBe('expert "bad": weight must be a finite number greater than 0');
    }
  });

  it('accepts null for optional numbers, empty texts and lone surrogates', () => {
    const r = core.calculateConsensus([
      { expertId: 'a', text: '', weight: null as unknown as undefined, confidence: null as unknown as undefined },
      { expertId: 'b\uD800', text: 'broken \uDC00 surrogate \uD83D then use Redis for caching' },
      { expertId: 'c', text: 'Use Redis for caching \uDBFF' },
    ]);
    expectWellFormed(r, ['a', 'b\uFFFD', 'c']);
    expect(core.tokenize('x\uD800y')).toEqual(['x', 'y']);
  });

  it('handles a 10 MB answer', { timeout: 120_000 }, () => {
    const random = seededRandom(10);
    const chunk = generatedAnswer(random, 60);
    const big = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
    const r = core.calculateConsensus([{ expertId: 'big', text: big }, { expertId: 'small', text: chunk }]);
    expectWellFormed(r, ['big', 'small']);
    expect(core.tokenize(big).length).toBeGreaterThan(100_000);
  });

  it('refuses a text over 16 MiB and a panel over 64 MiB', { timeout: 60_000 }, () => {
    const huge = 'word '.repeat((16 * 1024 * 1024) / 5 + 1);
    expect(errorCode(() => core.calculateConsensus([{ expertId: 'a', text: huge }]))).toBe('TOO_LARGE');
    expect(errorCode(() => core.tokenize(huge))).toBe('TOO_LARGE');
    const fifteen = 'word '.repeat((15 * 1024 * 1024) / 5);
    const panel = Array.from({ length: 5 }, (_, i) => ({ expertId: `e${i}`, text: fifteen }));
    expect(errorCode(() => core.calculateConsensus(panel))).toBe('TOO_LARGE');
  });

  it('handles 200 experts', { timeout: 120_000 }, () => {
    const random = seededRandom(200);
    const panel = Array.from({ length: 200 }, (_, i) => ({ expertId: `e${i}`, text: generatedAnswer(random, 12), weight: 0.5 + random() }));
    expectWellFormed(core.calculateConsensus(panel), panel.map((p) => p.expertId));
  });
});

/** Characters assigned long ago (stable across the Unicode versions of V8 and Rust), markdown and surrogates. */
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789',
  ...' \n\n\t.,;:!?\'"()[]{}<>-*_`#|>~/\\$%&=+@',
  ...'éèüßçñøåæœ’“”…—–•',
  ...'αβγΣςλ дж 東京 かな カナ 한 ע ع',
  '\u0301', '\u200d', '\u00a0', '\u2028', '\ufeff', '🚀', '👩‍👩‍👧',
  '\uD800', '\uDC00',
  '```', '- ', '1. ', '## ', 'not ', "don't ", 'avoid ', 'instead of ', 'The answer is ', '#### ', 'Answer: (B)', 'http://x.y/z ',
];

function randomText(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

describe('fuzz: random input through the pipeline, the consensus and the query analyser', () => {
  it('never crashes, keeps its invariants and agrees across backends (500 seeded cases)', { timeout: 120_000 }, () => {
    const random = seededRandom(0xc0ffee);
    for (let round = 0; round < 500; round++) {
      const n = 1 + Math.floor(random() * 5);
      const panel: ExpertResponse[] = Array.from({ length: n }, (_, i) => ({
        expertId: `f${i}`,
        text: randomText(random, Math.floor(random() * 400)),
        weight: random() < 0.9 ? 0.01 + random() * 3 : [0, -1, Number.NaN][Math.floor(random() * 3)],
        confidence: random() < 0.9 ? random() : [1.01, -0.5, Number.NaN][Math.floor(random() * 3)],
      }));
      const outcomes = backends.map(([, core]) => {
        const texts = panel.map((p) => p.text);
        const tokens = texts.map((t) => core.tokenize(t));
        const similarity = core.analyzeSimilarity(texts);
        const queries = core.analyzeQueries(texts).map((q) => q.findings.length);
        let consensus: ConsensusResult | string;
        try {
          consensus = core.calculateConsensus(panel);
          expectWellFormed(consensus, panel.map((p) => p.expertId));
        } catch (err) {
          if (!(err instanceof CoreError)) throw err;
          consensus = err.code;
        }
        return { tokens, similarity, queries, consensus };
      });
      if (outcomes.length === 2) expect(differences(outcomes[0], outcomes[1])).toEqual([]);
    }
  });
});
