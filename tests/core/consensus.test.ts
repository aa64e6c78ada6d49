/**
 * What calculateConsensus promises, on both backends: agreement however worded,
 * opposite recommendations apart, final answers deciding, filler agreeing with
 * nothing, votes = weight x confidence, deterministic ordering.
 */
import { describe, expect, it } from 'vitest';
import type { ConsensusResult, CoreBackend, ExpertResponse } from '../../server/core/types';
import { backends } from './support';

const SHORT_PRO = "I'd recommend PostgreSQL. It is reliable, supports transactions and has great JSON support.";
const LONG_PRO =
  'Go with PostgreSQL. Postgres gives you ACID transactions, mature tooling and solid JSON columns, and it scales ' +
  'well for most web apps. You can start on a managed service and grow from there. Overall, PostgreSQL is the safe choice.';
const AGAINST =
  'Do not use PostgreSQL here; use MongoDB instead. A document store fits your schemaless data better, and MongoDB scales horizontally.';
const AVOID = 'Avoid PostgreSQL for this project. It is overkill for you; a managed document database like MongoDB is simpler to run.';
const FILLER_A = 'Great question! It depends on your use case. I hope this helps!';
const FILLER_B = 'Great question! It really depends on your specific needs. Hope this helps, let me know if you have any other questions!';

function panel(...texts: string[]): ExpertResponse[] {
  return texts.map((text, i) => ({ expertId: String.fromCharCode(97 + i), text }));
}

function clusterOf(result: ConsensusResult, id: string): string[] {
  return result.clusters.find((c) => c.members.includes(id))?.members ?? [];
}

describe.each(backends)('calculateConsensus (%s)', (_name, core: CoreBackend) => {
  it('puts answers with the same conclusion in one cluster, however long and worded', () => {
    const r = core.calculateConsensus(panel(SHORT_PRO, LONG_PRO, AGAINST, AVOID));
    expect(clusterOf(r, 'a')).toEqual(['a', 'b']);
    expect(clusterOf(r, 'c')).toEqual(['c', 'd']);
    expect(r.similarity[0]?.[1]).toBeGreaterThan(0.25);
  });

  it('keeps an answer recommending the opposite out of the cluster', () => {
    const r = core.calculateConsensus(panel('You should use Redis for caching.', 'You should not use Redis for caching.'));
    expect(r.clusters.map((c) => c.members)).toEqual([['a'], ['b']]);
    expect(r.similarity[0]?.[1]).toBe(0);
    const three = core.calculateConsensus(
      panel(
        'Use Redis for caching session data; it is fast and simple.',
        'For caching, Redis is the right tool: sessions stay in memory and reads are fast.',
        'Never use Redis for caching session data; it is not durable.',
      ),
    );
    expect(three.majority).toEqual(['a', 'b']);
    expect(three.dissenters).toEqual(['c']);
  });

  it('keeps a flat contradiction apart even when the answers share all their background', () => {
    const background = 'PostgreSQL is a relational database. It supports SQL, joins and ACID transactions. It has a large ecosystem of extensions.';
    const r = core.calculateConsensus(
      panel(
        `${background} You should use PostgreSQL for this project.`,
        `${background} You should not use PostgreSQL for this project; use MongoDB.`,
        'PostgreSQL is a relational database with SQL, joins and ACID transactions, plus a big extension ecosystem. I recommend PostgreSQL here.',
      ),
    );
    expect(r.clusters.map((c) => c.members)).toEqual([['a', 'c'], ['b']]);
    expect(r.similarity[0]?.[1]).toBeLessThan(0.25); // the bottom lines disagree
  });

  it('lets final answers decide: same answer together however reasoned, different answers apart however worded', () => {
    const r = core.calculateConsensus(
      panel(
        'First compute 6 * 7. That gives the total.\n\nThe answer is 42.',
        'We add 40 and 2, since the two boxes hold forty and two apples.\n#### 42',
        'First compute 6 * 7. That gives the total.\n\nThe answer is 43.',
      ),
    );
    expect(r.finalAnswers).toEqual([
      { expertId: 'a', answer: '42' },
      { expertId: 'b', answer: '42' },
      { expertId: 'c', answer: '43' },
    ]);
    expect(r.majority).toEqual(['a', 'b']);
    expect(r.dissenters).toEqual(['c']);
    expect(r.similarity[0]?.[2]).toBe(0); // the wording is close, but similarity is agreement of conclusions
  });

  it('normalises final answers: currency, separators, option letters, boxed', () => {
    const r = core.calculateConsensus(
      panel('So it costs\nThe answer is $1,000.00.', 'Total:\n#### 1000', 'Answer: (b)', '**Final answer: B**', 'Thus \\boxed{1000}'),
    );
    expect(r.finalAnswers.map((f) => f.answer)).toEqual(['1000', '1000', 'B', 'B', '1000']);
    expect(r.majority).toEqual(['a', 'b', 'e']);
  });

  it('does not let generic filler make answers agree', () => {
    const r = core.calculateConsensus(panel(FILLER_A, FILLER_B));
    expect(r.similarity[0]?.[1]).toBe(0);
    expect(r.clusters).toHaveLength(2);
    expect(r.commonRecommendations).toEqual([]);
    // Wrapping two different answers in the same boilerplate changes nothing.
    const bare = core.calculateConsensus(panel(SHORT_PRO, AGAINST));
    const wrapped = core.calculateConsensus(panel(`${FILLER_A}\n\n${SHORT_PRO}\n\n${FILLER_B}`, `${FILLER_A} ${AGAINST} ${FILLER_B}`));
    expect(wrapped.similarity[0]?.[1]).toBeCloseTo(bare.similarity[0]?.[1] ?? -1, 12);
    expect(wrapped.clusters.map((c) => c.members)).toEqual(bare.clusters.map((c) => c.members));
  });

  it('lets weights move the majority and the confidence', () => {
    const texts = panel(SHORT_PRO, LONG_PRO, AGAINST);
    const equal = core.calculateConsensus(texts);
    expect(equal.majority).toEqual(['a', 'b']);
    expect(equal.consensusConfidence).toBeCloseTo(2 / 3, 12);
    const heavy = core.calculateConsensus(texts.map((r) => (r.expertId === 'c' ? { ...r, weight: 5 } : r)));
    expect(heavy.majority).toEqual(['c']);
    expect(heavy.dissenters).toEqual(['a', 'b']);
    expect(heavy.consensusConfidence).toBeCloseTo(5 / 7, 12);
    expect(heavy.clusters.map((c) => c.weightShare)).toEqual([heavy.consensusConfidence, expect.closeTo(2 / 7, 12)]);
  });

  it('scales each vote by the self-reported confidence', () => {
    const unsure = panel(SHORT_PRO, LONG_PRO, AGAINST).map((r) => (r.expertId === 'c' ? r : { ...r, confidence: 0.2 }));
    const r = core.calculateConsensus(unsure);
    expect(r.majority).toEqual(['c']);
    expect(r.consensusConfidence).toBeCloseTo(1 / 1.4, 12);
    // Every vote zero: each expert counts the same rather than dividing by zero.
    const silent = core.calculateConsensus(panel(SHORT_PRO, LONG_PRO, AGAINST).map((x) => ({ ...x, confidence: 0 })));
    expect(silent.consensusConfidence).toBeCloseTo(2 / 3, 12);
  });

  it('compares consensusConfidence with the threshold option', () => {
    const texts = panel(SHORT_PRO, LONG_PRO, AGAINST);
    expect(core.calculateConsensus(texts).reached).toBe(false); // 2/3 < 0.7
    expect(core.calculateConsensus(texts, { confidenceThreshold: 0.6 }).reached).toBe(true);
  });

  it('reports common recommendations with verbatim evidence from every supporter', () => {
    const r = core.calculateConsensus(
      panel(
        '## Caching\n\n- Put Redis in front of the database for hot reads.\n- Set a TTL on every key.\n\nThat is all.',
        'My advice: put Redis in front of the database for the hot reads. Also, set a TTL on every key so memory stays bounded.',
        'Use a CDN for static files.',
      ),
    );
    expect(r.commonRecommendations.length).toBeGreaterThanOrEqual(2);
    for (const rec of r.commonRecommendations) {
      expect(rec.supporters).toEqual(['a', 'b']);
      expect(rec.support).toBeCloseTo(2 / 3, 12);
      expect(rec.evidence.map((e) => e.expertId)).toEqual(['a', 'b']);
      expect(rec.evidence.map((e) => e.text)).toContain(rec.text);
    }
    expect(r.uniqueInsights).toContainEqual({ expertId: 'c', text: 'Use a CDN for static files.', context: null, kind: 'insight' });
    // Headings are topic words, not claims.
    expect(r.uniqueInsights.map((u) => u.text)).not.toContain('Caching');
  });

  it('agrees on the same verdict in different words, and takes a declared dissent at its word', () => {
    const r = core.calculateConsensus(
      panel(
        'Short answer: use PostgreSQL. It handles relational data and JSON well.',
        'I would choose PostgreSQL, because transactions and joins matter for orders.',
        'I disagree with the usual advice. PostgreSQL is fine for orders, but MongoDB fits event logs and catalogs better.',
      ),
    );
    expect(r.majority).toEqual(['a', 'b']);
    expect(r.dissenters).toEqual(['c']);
    expect(r.similarity[0]?.[1]).toBeGreaterThan(0.25);
    const shared = r.commonRecommendations.find((c) => /postgresql/i.test(c.text));
    expect(shared?.supporters).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('treats one expert as a panel of one: no consensus reached, whatever its confidence', () => {
    const r = core.calculateConsensus([{ expertId: 'solo', text: SHORT_PRO }]);
    expect(r).toMatchObject({ consensusConfidence: 1, reached: false, expertCount: 1, expertsAsked: 1, majority: ['solo'], dissenters: [] });
    // One survivor of two asked: half the panel, not 100%.
    const survivor = core.calculateConsensus([{ expertId: 'solo', text: SHORT_PRO }], { expertsAsked: 2 });
    expect(survivor).toMatchObject({ consensusConfidence: 0.5, reached: false, expertCount: 1, expertsAsked: 2 });
    expect(r.similarity).toEqual([[1]]);
    expect(r.clusters).toEqual([{ members: ['solo'], weightShare: 1 }]);
  });

  it('breaks ties by input order, so the result is deterministic', () => {
    const r = core.calculateConsensus(panel('You should use Redis for caching.', 'You should not use Redis for caching.'));
    expect(r.majority).toEqual(['a']);
    const swapped = core.calculateConsensus([
      { expertId: 'b', text: 'You should not use Redis for caching.' },
      { expertId: 'a', text: 'You should use Redis for caching.' },
    ]);
    expect(swapped.majority).toEqual(['b']);
    expect(core.calculateConsensus(panel(SHORT_PRO, LONG_PRO, AGAINST, AVOID))).toEqual(core.calculateConsensus(panel(SHORT_PRO, LONG_PRO, AGAINST, AVOID)));
  });

  it('returns a symmetric similarity matrix with 1 on the diagonal and values in 0..1', () => {
    const r = core.calculateConsensus(panel(SHORT_PRO, LONG_PRO, AGAINST, AVOID, FILLER_A, ''));
    r.similarity.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(v).toBe(r.similarity[j]?.[i]);
      });
    });
    expect([...r.majority, ...r.dissenters].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(r.clusters.reduce((s, c) => s + c.weightShare, 0)).toBeCloseTo(1, 12);
  });
});

describe.each(backends)('analyzeSimilarity and tokenize (%s)', (_name, core: CoreBackend) => {
  it('runs the pipeline: folding, stop words, Porter2 stems, negation, code tokens', () => {
    expect(core.tokenize('The Databases were RUNNING quickly')).toEqual(['databas', 'run', 'quick']);
    expect(core.tokenize('Do not use MongoDB; use PostgreSQL instead of MySQL.')).toEqual(['!use', '!mongodb', 'use', 'postgresql', '!mysql']);
    expect(core.tokenize('Avoid eval, but not only here.')).toEqual(['!eval']);
    // A negation reaches forward to the end of its clause, and "whether or not" negates nothing.
    expect(core.tokenize("Disable apps that aren't essential.")).toEqual(['disabl', 'app', '!essenti']);
    expect(core.tokenize('Whether or not to hire a nanny')).toEqual(['whether', 'hire', 'nanni']);
    expect(core.tokenize('Call `useState` first.\n\n```js\nconst fooBar = 1;\n```')).toEqual(['call', '`useState', 'first', '`const', '`fooBar', '`1']);
    expect(core.tokenize("It's 1,000.5 node.js café ΟΔΟΣ 東京")).toEqual(['1,000.5', 'node.js', 'café', 'οδοσ', '東', '京']);
    expect(core.tokenize('See [the docs](https://example.com/x) or https://example.org/y.')).toEqual(['see', 'doc']);
  });

  it('gives 1 on the diagonal, symmetric values in 0..1, and more for closer texts', () => {
    const m = core.analyzeSimilarity([SHORT_PRO, LONG_PRO, 'Bake the bread at 220 degrees for forty minutes.', '']);
    expect(m.map((row, i) => row[i])).toEqual([1, 1, 1, 1]);
    expect(m[0]?.[1]).toBe(m[1]?.[0]);
    expect(m[0]?.[1]).toBeGreaterThan(m[0]?.[2] ?? 1);
    expect(m[3]?.[0]).toBe(0);
    expect(core.analyzeSimilarity([])).toEqual([]);
  });
});
