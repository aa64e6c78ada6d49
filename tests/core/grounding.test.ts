/**
 * Grounding the analyst's map (docs/consensus.md, "Grounding the analyst's map"): every
 * case runs on both backends, which must give deep-equal results (or the same error),
 * plus a generated corpus for parity and hostile input through the door.
 */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../server/core/errors';
import { fallbackBackend, groundAnalysis, groundAnalysisSync } from '../../server/core/index';
import type { AnalystOutput, AnalystQuote, GroundingOptions, LabelledAnswer, VerifiedMap } from '../../server/core/types';
import { native, seededRandom } from './support';

const backends = native ? [fallbackBackend, native] : [fallbackBackend];

/** Grounds on both backends, asserts they agree exactly and every match is its answer's slice. */
function ground(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions): VerifiedMap {
  const [first, ...rest] = backends.map((b) => b.groundAnalysis(answers, output, options));
  for (const other of rest) expect(other).toEqual(first);
  const map = first as VerifiedMap;
  const textOf = new Map(answers.map((a) => [a.expertId, a.text]));
  for (const claim of map.claims) {
    for (const quote of [...claim.supportQuotes, ...claim.opposeQuotes]) {
      expect(quote.matched).toBe(textOf.get(quote.expertId)?.slice(quote.start, quote.end));
    }
  }
  return map;
}

/** Both backends throw the same CoreError; returns its code. */
function failure(answers: LabelledAnswer[], output: AnalystOutput, options?: GroundingOptions): string {
  const errors = backends.map((b) => {
    try {
      b.groundAnalysis(answers, output, options);
    } catch (err) {
      return err;
    }
    throw new Error('no error');
  });
  for (const err of errors) expect(err).toBeInstanceOf(CoreError);
  const [first, ...rest] = errors as CoreError[];
  for (const other of rest) expect([other.code, other.message]).toEqual([first?.code, first?.message]);
  return (first as CoreError).code;
}

const q = (expert: string, quote: string): AnalystQuote => ({ expert, quote });
const oneClaim = (answers: LabelledAnswer[], label: string, quote: string) =>
  ground(answers, { answers: [], claims: [{ text: 'The claim', support: [q(label, quote)], oppose: [] }] });

const PG = 'For most web apps, start with PostgreSQL. It handles relational data well and scales far enough for nearly every team.';

describe('groundAnalysis on both backends', () => {
  it('has the native backend to compare with', () => {
    if (process.env.CIRCLE_SKIP_NATIVE !== '1') expect(native).not.toBeNull();
  });

  it('grounds a verbatim quote with its UTF-16 offsets', () => {
    const map = oneClaim([{ label: 'A', expertId: 'alice', text: PG }], 'A', 'start with PostgreSQL');
    expect(map.claims[0]?.supportQuotes[0]).toEqual({ expertId: 'alice', quote: 'start with PostgreSQL', matched: 'start with PostgreSQL', start: 19, end: 40, edits: 0 });
    expect(map.grounding).toMatchObject({ attributions: 1, grounded: 1, dropped: 0, rate: 1 });
    const emoji = '😀 Ünïcode first: prefer the boring option.';
    const e = oneClaim([{ label: 'A', expertId: 'alice', text: emoji }], 'A', 'prefer the boring option');
    expect(e.claims[0]?.supportQuotes[0]?.start).toBe(emoji.indexOf('prefer'));
  });

  it('ignores Markdown, case, punctuation and line breaks, and link targets', () => {
    const text = '## Verdict\n\n> **Use PostgreSQL** for\nmost _new_ apps; see [the docs](https://example.com/pg) first.';
    const answers = [{ label: 'A', expertId: 'alice', text }];
    const map = oneClaim(answers, 'A', 'use postgresql for most new apps');
    expect(map.claims[0]?.supportQuotes[0]).toMatchObject({ matched: 'Use PostgreSQL** for\nmost _new_ apps', edits: 0 });
    expect(oneClaim(answers, 'A', 'See the docs first.').claims[0]?.supportQuotes[0]?.matched).toBe('see [the docs](https://example.com/pg) first');
  });

  it('tolerates one changed word in a 12-word quote, rejects a paraphrase and a short near miss', () => {
    const text = 'After years of running both, I would pick the relational database because migrations stay predictable under load.';
    const answers = [{ label: 'A', expertId: 'alice', text }];
    const near = oneClaim(answers, 'A', 'I would pick the relational database because migrations stay predictable under pressure');
    expect(near.claims[0]?.supportQuotes[0]).toMatchObject({
      matched: 'I would pick the relational database because migrations stay predictable under load',
      edits: 1,
    });
    const inner = oneClaim(answers, 'A', 'I would pick the relational store because migrations stay predictable under load');
    expect(inner.claims[0]?.supportQuotes[0]).toMatchObject({ edits: 1 });
    const paraphrase = oneClaim(answers, 'A', "I'd choose a SQL database since schema changes remain foreseeable when busy");
    expect(paraphrase.claims).toEqual([]);
    expect(paraphrase.dropped[0]).toMatchObject({ reason: 'quote_not_found', stance: 'support', label: 'A', expertId: 'alice' });
    expect(paraphrase.grounding.claimsUnsupported).toBe(1);
    expect(oneClaim(answers, 'A', 'I would pick the document database').dropped[0]?.reason).toBe('quote_not_found');
  });

  it('checks a quote against the answer it is attributed to', () => {
    const answers = [
      { label: 'A', expertId: 'alice', text: PG },
      { label: 'B', expertId: 'bob', text: 'Pick MongoDB for flexible documents.' },
    ];
    const map = oneClaim(answers, 'B', 'start with PostgreSQL');
    expect(map.claims).toEqual([]);
    expect(map.dropped).toEqual([{ claim: 'The claim', label: 'B', expertId: 'bob', stance: 'support', quote: 'start with PostgreSQL', reason: 'quote_not_found' }]);
  });

  it('drops unknown letters and empty quotes with their reasons; an answer without a summary stands alone', () => {
    const map = ground([{ label: 'A', expertId: 'alice', text: PG }], {
      answers: [{ expert: 'Z', bottomLine: 'PostgreSQL', quote: 'start with PostgreSQL' }],
      claims: [{ text: 'PostgreSQL first', support: [q('Q', 'start with PostgreSQL'), q('A', ' ** ')], oppose: [] }],
    });
    expect(map.dropped.map((d) => [d.reason, d.stance, d.expertId])).toEqual([
      ['unknown_label', 'bottom_line', null],
      ['unknown_label', 'support', null],
      ['empty_quote', 'support', 'alice'],
    ]);
    expect(map.grounding).toMatchObject({ attributions: 3, grounded: 0, dropped: 3, rate: 0 });
    expect(map.standings[0]).toMatchObject({ bottomLine: '', inMajority: true, words: 20 });
    expect(map.bottomLines).toEqual([]);
  });

  it('keeps a bottom line whose quote is not found, and counts the failed attribution', () => {
    const map = ground([{ label: 'A', expertId: 'alice', text: PG }, { label: 'B', expertId: 'bob', text: 'Use MySQL.' }], {
      answers: [
        { expert: 'A', bottomLine: 'PostgreSQL', quote: 'start with PostgreSQL', confidence: 0.9 },
        { expert: 'B', bottomLine: 'MySQL', quote: 'Use SQLite', confidence: null },
      ],
      claims: [],
    });
    expect(map.bottomLines).toEqual([{ expertId: 'alice', text: 'PostgreSQL' }, { expertId: 'bob', text: 'MySQL' }]);
    expect(map.grounding).toMatchObject({ attributions: 2, grounded: 1 });
    expect(map.dropped[0]).toMatchObject({ claim: 'MySQL', stance: 'bottom_line', reason: 'quote_not_found' });
  });

  it('gives a map of bottom lines when there are no claims', () => {
    const map = ground(
      [{ label: 'A', expertId: 'alice', text: PG }, { label: 'B', expertId: 'bob', text: 'Use PostgreSQL.' }],
      { answers: [{ expert: 'A', bottomLine: 'PostgreSQL' }, { expert: 'B', bottomLine: ' postgresql ' }], claims: [] },
    );
    expect(map.claims).toEqual([]);
    expect(map.camps).toEqual([{ members: ['alice', 'bob'], bottomLine: 'PostgreSQL', weightShare: 1 }]);
    expect(map).toMatchObject({ consensusConfidence: 1, reached: true, majority: ['alice', 'bob'], dissenters: [] });
  });

  it('merges claims with the same words; the same answer twice on one side counts once', () => {
    const map = ground(
      [{ label: 'A', expertId: 'alice', text: PG }, { label: 'B', expertId: 'bob', text: 'I agree: start with PostgreSQL, always.' }],
      {
        answers: [],
        claims: [
          { text: 'Start with PostgreSQL', support: [q('A', 'start with PostgreSQL'), q('A', 'start with PostgreSQL')], oppose: [] },
          { text: 'start with **PostgreSQL**.', support: [q('B', 'start with PostgreSQL')], oppose: [] },
          { text: '  ', support: [q('B', 'always')], oppose: [] },
        ],
      },
    );
    expect(map.grounding).toMatchObject({ claimsGiven: 2, claimsMerged: 1, claimsKept: 1, attributions: 3, grounded: 3 });
    expect(map.claims[0]).toMatchObject({ text: 'Start with PostgreSQL', kind: 'shared', supporters: ['alice', 'bob'], support: 1 });
    expect(map.commonRecommendations[0]?.evidence).toEqual([
      { expertId: 'alice', text: 'start with PostgreSQL' },
      { expertId: 'bob', text: 'start with PostgreSQL' },
    ]);
    expect(map.uniqueInsights).toEqual([]);
  });

  it('drops an answer grounded on both sides of a claim from both', () => {
    const map = ground(
      [
        { label: 'A', expertId: 'alice', text: 'Caching helps. Caching hurts.' },
        { label: 'B', expertId: 'bob', text: 'Caching helps a lot.' },
        { label: 'C', expertId: 'carol', text: 'Caching hurts consistency.' },
      ],
      { answers: [], claims: [{ text: 'Caching helps', support: [q('A', 'Caching helps'), q('B', 'Caching helps')], oppose: [q('A', 'Caching hurts'), q('C', 'Caching hurts')] }] },
    );
    expect(map.claims[0]).toMatchObject({ kind: 'contradiction', supporters: ['bob'], opponents: ['carol'] });
    expect(map.dropped.map((d) => [d.reason, d.stance, d.label])).toEqual([
      ['both_sides', 'support', 'A'],
      ['both_sides', 'oppose', 'A'],
    ]);
    expect(map.grounding).toMatchObject({ attributions: 4, grounded: 2 });
  });

  it('drops a claim with grounded opposition only', () => {
    const map = ground([{ label: 'A', expertId: 'alice', text: 'Never cache sessions.' }], {
      answers: [],
      claims: [{ text: 'Cache sessions', support: [q('A', 'cache everything')], oppose: [q('A', 'Never cache sessions')] }],
    });
    expect(map.claims).toEqual([]);
    expect(map.grounding).toMatchObject({ claimsUnsupported: 1, claimsKept: 0, grounded: 1 });
  });

  it('shifts the confidence with weights, confidences and missing experts', () => {
    const answers = [
      { label: 'A', expertId: 'alice', text: 'Use PostgreSQL.', weight: 3 },
      { label: 'B', expertId: 'bob', text: 'Use MongoDB.' },
    ];
    const output = { answers: [{ expert: 'A', bottomLine: 'PostgreSQL' }, { expert: 'B', bottomLine: 'MongoDB', confidence: 0.5 }], claims: [] };
    const map = ground(answers, output);
    expect(map).toMatchObject({ majority: ['alice'], dissenters: ['bob'], reached: true });
    expect(map.consensusConfidence).toBeCloseTo(3 / 3.5, 12);
    const missing = ground(answers, output, { expertsAsked: 4 });
    expect(missing.consensusConfidence).toBeCloseTo(3 / 7, 12);
    expect(missing).toMatchObject({ reached: false, expertsAsked: 4, expertCount: 2 });
    // Out-of-range confidences are clamped; all-zero votes fall back to one each.
    const zero = ground(answers, { answers: [{ expert: 'A', bottomLine: 'x', confidence: -2 }, { expert: 'B', bottomLine: 'y', confidence: 0 }], claims: [] });
    expect(zero.camps.map((c) => c.weightShare)).toEqual([0.5, 0.5]);
    expect(zero.majority).toEqual(['alice']);
  });

  it('splits answers with the same bottom line over a contradicted claim', () => {
    const map = ground(
      [
        { label: 'A', expertId: 'alice', text: 'Use PostgreSQL with an ORM.' },
        { label: 'B', expertId: 'bob', text: 'Use PostgreSQL, and never use an ORM.' },
        { label: 'C', expertId: 'carol', text: 'Use PostgreSQL; an ORM is fine.' },
      ],
      {
        answers: ['A', 'B', 'C'].map((expert) => ({ expert, bottomLine: 'PostgreSQL' })),
        claims: [{ text: 'Use an ORM', support: [q('A', 'with an ORM'), q('C', 'an ORM is fine')], oppose: [q('B', 'never use an ORM')] }],
      },
    );
    expect(map.camps.map((c) => c.members)).toEqual([['alice', 'carol'], ['bob']]);
    expect(map.consensusConfidence).toBeCloseTo(2 / 3, 12);
    expect(map.reached).toBe(false);
    expect(map.standings.map((s) => [s.claimsSupported, s.claimsOpposed, s.inMajority])).toEqual([
      [1, 0, true],
      [0, 1, false],
      [1, 0, true],
    ]);
  });

  it('orders claims contradictions first, then shared, then unique, each by support', () => {
    const answers = ['A', 'B', 'C'].map((label, i) => ({ label, expertId: `e${i}`, text: 'alpha beta. gamma delta. epsilon zeta.' }));
    const map = ground(answers, {
      answers: [],
      claims: [
        { text: 'unique one', support: [q('A', 'alpha beta')], oppose: [] },
        { text: 'shared two', support: [q('A', 'gamma delta'), q('B', 'gamma delta')], oppose: [] },
        { text: 'shared three', support: [q('A', 'alpha beta'), q('B', 'alpha beta'), q('C', 'alpha beta')], oppose: [] },
        { text: 'contested', support: [q('A', 'epsilon zeta')], oppose: [q('B', 'epsilon zeta')] },
      ],
    });
    expect(map.claims.map((c) => [c.text, c.kind])).toEqual([
      ['contested', 'contradiction'],
      ['shared three', 'shared'],
      ['shared two', 'shared'],
      ['unique one', 'unique'],
    ]);
    expect(map.uniqueInsights).toEqual([{ expertId: 'e0', text: 'unique one', context: null, kind: 'insight' }]);
  });

  it('refuses invalid values with the same codes and messages', () => {
    const ok = [{ label: 'A', expertId: 'alice', text: PG }];
    const empty = { answers: [], claims: [] };
    expect(failure([], empty)).toBe('EMPTY_PANEL');
    expect(failure([{ label: 'A', expertId: 'a', text: '' }, { label: 'A', expertId: 'b', text: '' }], empty)).toBe('DUPLICATE_EXPERT');
    expect(failure([{ label: 'A', expertId: 'a', text: '' }, { label: 'B', expertId: 'a', text: '' }], empty)).toBe('DUPLICATE_EXPERT');
    expect(failure([{ label: '', expertId: 'a', text: '' }], empty)).toBe('INVALID_ARGUMENT');
    expect(failure([{ label: 'A', expertId: 'a', text: '', weight: 0 }], empty)).toBe('INVALID_WEIGHT');
    expect(failure([{ label: 'A', expertId: 'a', text: '', weight: Number.NaN }], empty)).toBe('INVALID_WEIGHT');
    expect(failure(Array.from({ length: 65 }, (_, i) => ({ label: `L${i}`, expertId: `e${i}`, text: '' })), empty)).toBe('TOO_LARGE');
    expect(failure(ok, { answers: [], claims: Array.from({ length: 201 }, (_, i) => ({ text: `c${i}`, support: [], oppose: [] })) })).toBe('TOO_LARGE');
    expect(failure(ok, { answers: [], claims: [{ text: 'c', support: Array.from({ length: 257 }, () => q('A', 'start')), oppose: [] }] })).toBe('TOO_LARGE');
    expect(failure(ok, { answers: [], claims: [{ text: 'c', support: [q('A', 'word '.repeat(401))], oppose: [] }] })).toBe('TOO_LARGE');
    expect(failure(ok, { answers: [{ expert: 'A', bottomLine: 'x', confidence: Number.POSITIVE_INFINITY }], claims: [] })).toBe('INVALID_CONFIDENCE');
    expect(failure(ok, empty, { expertsAsked: 1.5 })).toBe('INVALID_ARGUMENT');
    expect(failure(ok, empty, { expertsAsked: 65 })).toBe('INVALID_ARGUMENT');
    expect(failure(ok, empty, { confidenceThreshold: 2 })).toBe('INVALID_ARGUMENT');
  });

  it('grounds quotes in a 10 MB answer in bounded time', () => {
    const subjects = ['The cache', 'Our service', 'A replica', 'The scheduler', 'Each worker', 'The index'];
    const verbs = ['handles', 'rejects', 'stores', 'retries', 'splits', 'reports'];
    const objects = ['requests', 'timeouts', 'partial writes', 'hot keys', 'slow queries', 'large batches'];
    const sentence = (i: number) => `${subjects[i % 6]} ${verbs[Math.floor(i / 6) % 6]} ${objects[Math.floor(i / 36) % 6]} in batch ${i} of run ${i * 7 + 3}.`;
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < 10_000_000; i++) {
      const s = sentence(i) + (i % 50 === 49 ? '\n\n' : ' ');
      parts.push(s);
      length += s.length;
    }
    const text = parts.join('');
    const near = `${sentence(120_000)} ${sentence(120_001)}`.replace(' of run ', ' for run ');
    const started = performance.now();
    const map = ground([{ label: 'A', expertId: 'alice', text }], {
      answers: [],
      claims: [
        { text: 'verbatim', support: [q('A', sentence(100_000))], oppose: [] },
        { text: 'near', support: [q('A', near)], oppose: [] },
        { text: 'made up', support: [q('A', 'the index never reports slow queries at all in any batch')], oppose: [] },
      ],
    });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(map.claims.map((c) => [c.text, c.supportQuotes[0]?.edits])).toEqual([
      ['verbatim', 0],
      ['near', 1],
    ]);
    expect(map.claims[0]?.supportQuotes[0]?.matched).toBe(sentence(100_000).slice(0, -1));
    expect(map.dropped.map((d) => d.claim)).toEqual(['made up']);
  }, 60_000);

  it('gives the same maps on a generated corpus (verbatim, near misses, fabrications, Unicode)', () => {
    const random = seededRandom(9);
    const vocabulary = 'the a to of use cache index Redis PostgreSQL écoute naïve 数据 库 straße ΣΊΣΥΦΟΣ 😀 run 42 3.14 don’t snake_case'.split(' ');
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const marks = [' ', ' ', ' ', ', ', '. ', '\n', ' **', '** ', ' `', '` ', '\n- ', '\n## ', ' [', '](http://x.y/z) '];
    for (let round = 0; round < 40; round++) {
      const answers = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => {
        const words = Array.from({ length: 30 + Math.floor(random() * 200) }, () => pick(vocabulary) + pick(marks));
        return { label: String.fromCharCode(65 + i), expertId: `expert ${i}`, text: words.join(''), weight: 0.5 + random() };
      });
      const quoteFrom = (text: string): string => {
        const tokens = text.split(/\s+/).filter(Boolean);
        const start = Math.floor(random() * tokens.length);
        const slice = tokens.slice(start, start + 1 + Math.floor(random() * 20));
        const mode = random();
        if (mode < 0.3 && slice.length > 0) slice[Math.floor(random() * slice.length)] = pick(vocabulary);
        else if (mode < 0.4) slice.splice(Math.floor(random() * slice.length), 1);
        else if (mode < 0.5) slice.splice(Math.floor(random() * (slice.length + 1)), 0, pick(vocabulary));
        return slice.join(' ');
      };
      const labels = [...answers.map((a) => a.label), 'Z'];
      const attribution = () => {
        const label = pick(labels);
        const answer = answers.find((a) => a.label === label) ?? pick(answers);
        return q(label, quoteFrom(answer.text));
      };
      const output: AnalystOutput = {
        answers: answers.map((a) => ({ expert: a.label, bottomLine: pick(['PostgreSQL', 'Redis', 'postgresql']), quote: random() < 0.5 ? quoteFrom(a.text) : null, confidence: random() })),
        claims: Array.from({ length: Math.floor(random() * 12) }, () => ({
          text: `${pick(vocabulary)} ${pick(vocabulary)}`,
          support: Array.from({ length: Math.floor(random() * 4) }, attribution),
          oppose: Array.from({ length: Math.floor(random() * 2) }, attribution),
        })),
      };
      ground(answers, output, { expertsAsked: answers.length + Math.floor(random() * 2) });
    }
  });
});

describe('groundAnalysis through the door', () => {
  const answers = [{ label: 'A', expertId: 'alice', text: PG }];
  const output = { answers: [], claims: [{ text: 'c', support: [q('A', 'start with PostgreSQL')], oppose: [] }] };

  it('grounds, sync and async, with null options', async () => {
    const sync = groundAnalysisSync(answers, output, null as unknown as GroundingOptions);
    expect(sync.grounding.grounded).toBe(1);
    await expect(groundAnalysis(answers, output)).resolves.toEqual(sync);
  });

  it('turns hostile input into a CoreError with a code, never a crash', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { claims: [deep] };
    const hostile: [unknown, unknown, unknown][] = [
      [null, output, undefined],
      ['A', output, undefined],
      [answers, deep, undefined],
      [answers, { answers: [], claims: [{ text: 'c', support: [{ expert: 'A', quote: 7 }], oppose: [] }] }, undefined],
      [answers, { answers: [{ expert: 'A', bottomLine: 'x', confidence: '1' }], claims: [] }, undefined],
      [answers, { answers: [], claims: {} }, undefined],
      [answers, output, { expertsAsked: 'all' }],
      [[{ label: 'A', expertId: 'alice', text: PG, weight: '2' }], output, undefined],
      [Array.from({ length: 100_000 }, (_, i) => ({ label: `${i}`, expertId: `${i}`, text: 'x' })), output, undefined],
      [answers, { answers: [], claims: Array.from({ length: 100_000 }, () => ({ text: 'c', support: [], oppose: [] })) }, undefined],
      [answers, { answers: Array.from({ length: 100_000 }, () => ({ expert: 'A', bottomLine: 'x' })), claims: [] }, undefined],
    ];
    for (const [a, o, opts] of hostile) {
      const call = () => groundAnalysisSync(a as LabelledAnswer[], o as AnalystOutput, opts as GroundingOptions);
      expect(call).toThrow(CoreError);
      let code = '';
      try {
        call();
      } catch (err) {
        code = (err as CoreError).code;
      }
      expect(['INVALID_ARGUMENT', 'TOO_LARGE']).toContain(code);
      await expect(groundAnalysis(a as LabelledAnswer[], o as AnalystOutput, opts as GroundingOptions)).rejects.toBeInstanceOf(CoreError);
    }
  });
});
