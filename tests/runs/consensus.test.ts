import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsensusOptions, ConsensusResult, ExpertResponse } from '../../server/core/types';
import { getDb } from '../../server/db/client';
import { createRun } from '../../server/db/repositories/runs';
import { runReportDownload } from '../../server/reports/download';
import { answeredNote, insightLine, methodNote, noComparisonNote, normalizeConsensus } from '../../server/runs/consensus';
import type { RunConsensus, RunEvent } from '../../server/runs/types';
import { failOnUnhandledRejections } from '../helpers/simulator';
import { expertIdsByName, followRun, startTestApp, type TestApp } from './harness';

/**
 * What the orchestrator tells the consensus core (real SQLite, real simulator, the real
 * core behind a recording wrapper), and how stored results, old ones included, are read.
 */

const calls = vi.hoisted(() => [] as { responses: ExpertResponse[]; options: ConsensusOptions | undefined; result: ConsensusResult }[]);

vi.mock('../../server/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../server/core')>();
  return {
    ...core,
    calculateConsensus: async (responses: ExpertResponse[], options?: ConsensusOptions) => {
      const copy = structuredClone(responses);
      const result = await core.calculateConsensus(responses, options);
      calls.push({ responses: copy, options: options && { ...options }, result });
      return result;
    },
  };
});

// Long sentences at 30 ms a word: most live recomputations catch an answer mid-sentence.
const ANSWER = {
  first:
    'Use PostgreSQL for the event log of a small team. Partition the events table by calendar month so that dropping a year of old events is a cheap metadata change. Back up with point in time recovery from the very first day of production.',
  second:
    'Use PostgreSQL for the event log of a small team. Its transactions keep every event consistent with the state that it changes in the same request. Keep the schema portable so that leaving the provider later is a migration rather than a rewrite.',
};

const steady = { ttftMs: 20, tokenDelayMs: 30 };
let app: TestApp;
let ids: Record<string, string>;

failOnUnhandledRejections();

beforeAll(async () => {
  app = await startTestApp([
    { name: 'First', wire: 'openai', model: 'first', ...steady, defaultAnswer: ANSWER.first },
    { name: 'Second', wire: 'anthropic', model: 'second', ...steady, defaultAnswer: ANSWER.second },
    { name: 'Down', wire: 'gemini', model: 'down', ...steady, failure: 'http500', defaultAnswer: ANSWER.first },
  ]);
  ids = await expertIdsByName(app);
}, 60_000);

afterAll(() => app?.close());

const consensusEvents = (events: { event: RunEvent }[]) =>
  events.flatMap(({ event }) => (event.type === 'consensus' ? [event.consensus] : []));

describe('the consensus of a run', () => {
  it('counts every expert of the panel as asked, the failed one included, live and final', async () => {
    calls.length = 0;
    const { id } = await app.caller.run.create({ question: 'Which database for the event log?', expertIds: [ids.First!, ids.Second!, ids.Down!] });
    const events = await followRun(app, id);
    const run = await app.caller.run.get({ id });
    expect(run.answers.find((a) => a.expertName === 'Down')?.status).toBe('failed');

    // The core was asked about three experts every time, live and final.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) expect(call.options?.expertsAsked).toBe(3);

    // The final consensus compares the two answers and knows three were asked; so does what was stored.
    const final = calls[calls.length - 1]!;
    expect(final.responses.map((r) => r.expertId)).toEqual(['First', 'Second']);
    expect(final.responses.every((r) => r.streaming !== true)).toBe(true);
    expect(run.consensus).toMatchObject({ expertCount: 2, expertsAsked: 3, expertOrder: ['First', 'Second'] });
    expect(run.consensus?.method).toMatch(/^(semantic|lexical)$/);

    const live = consensusEvents(events);
    expect(live.length).toBeGreaterThanOrEqual(2);
    for (const c of live) expect(c.expertsAsked).toBe(3);
    expect(live[live.length - 1]).toEqual(run.consensus);
  });

  it('marks the answers still being written as streaming while it recomputes live, and only those', async () => {
    calls.length = 0;
    const { id } = await app.caller.run.create({ question: 'Which database, live?', expertIds: [ids.First!, ids.Second!] });
    await followRun(app, id);
    const run = await app.caller.run.get({ id });
    const texts = new Map(run.answers.map((a) => [a.expertName, a.text]));

    const live = calls.slice(0, -1);
    expect(live.length).toBeGreaterThanOrEqual(2);
    for (const { responses } of live) {
      for (const r of responses) {
        const full = texts.get(r.expertId)!;
        expect(full.startsWith(r.text)).toBe(true);
        // A partial text is streaming; the full text may still be (its status not yet done), never the reverse.
        if (r.text.length < full.length) expect(r.streaming, `${r.expertId} at ${r.text.length} of ${full.length}`).toBe(true);
      }
    }
    expect(live.some(({ responses }) => responses.some((r) => r.streaming === true && !/[.!?]\s*$/.test(r.text)))).toBe(true);
    expect(calls[calls.length - 1]!.responses.some((r) => r.streaming)).toBe(false);
  });

  it('passes the panel size for the live consensus when an expert has not written yet', async () => {
    calls.length = 0;
    const { id } = await app.caller.run.create({ question: 'Who is first?', expertIds: [ids.First!, ids.Down!] });
    const events = await followRun(app, id);
    for (const call of calls) expect(call.options?.expertsAsked).toBe(2);
    const run = await app.caller.run.get({ id });
    expect(run.consensus).toMatchObject({ expertCount: 1, expertsAsked: 2, reached: false });
    for (const c of consensusEvents(events)) expect(c.reached).toBe(false);
  });
});

describe('stored results from before the engine rewrite', () => {
  /** A result as the old engine stored it: no experts asked, method, bottom lines or insight framing. */
  const oldResult = {
    consensusConfidence: 1,
    reached: true,
    expertCount: 1,
    similarity: [[1]],
    clusters: [{ members: ['First'], weightShare: 1 }],
    majority: ['First'],
    dissenters: [],
    commonRecommendations: [],
    uniqueInsights: [{ expertId: 'First', text: 'Partition by month.' }],
    finalAnswers: [],
    expertOrder: ['First'],
  };

  it('are read with the new fields defaulted, and never claim a consensus of one', async () => {
    const created = await createRun('An old run', [
      { expertId: ids.First!, expertName: 'First', provider: 'openai', model: 'first', simulated: true, role: 'panel', weightAtRun: 0.5 },
      { expertId: ids.Down!, expertName: 'Down', provider: 'gemini', model: 'down', simulated: true, role: 'panel', weightAtRun: 0.5 },
    ], { userId: app.admin.id });
    await getDb().answer.update({ where: { id: created.answers[0]!.id }, data: { status: 'done', text: 'Use PostgreSQL. Partition by month.' } });
    await getDb().answer.update({ where: { id: created.answers[1]!.id }, data: { status: 'failed', errorKind: 'server' } });
    await getDb().run.update({ where: { id: created.id }, data: { status: 'done', finishedAt: new Date(), consensus: JSON.stringify(oldResult) } });

    const run = await app.caller.run.get({ id: created.id });
    expect(run.consensus).toMatchObject({
      expertCount: 1,
      expertsAsked: 2,
      method: 'lexical',
      bottomLines: [],
      reached: false,
      uniqueInsights: [{ expertId: 'First', text: 'Partition by month.', context: null, kind: 'insight' }],
    });

    const markdown = await (await runReportDownload(created.id, 'markdown')).text();
    expect(markdown).toContain('No consensus: only one expert answered');
    expect(markdown).toContain('1 of 2 experts answered');
    expect(markdown).not.toContain('(reached)');
    const json = (await (await runReportDownload(created.id, 'json')).json()) as { consensus: RunConsensus };
    expect(json.consensus).toMatchObject({ expertsAsked: 2, method: 'lexical', reached: false });

    const { items } = await app.caller.run.list({ search: 'An old run' });
    expect(items[0]).toMatchObject({ id: created.id, consensusConfidence: null });
  });

  it('an unreadable stored result is no consensus rather than an error', async () => {
    const created = await createRun('A broken run', [
      { expertId: ids.First!, expertName: 'First', provider: 'openai', model: 'first', simulated: true, role: 'panel', weightAtRun: 0.5 },
    ], { userId: app.admin.id });
    await getDb().run.update({ where: { id: created.id }, data: { status: 'done', consensus: '{not json' } });
    expect((await app.caller.run.get({ id: created.id })).consensus).toBeNull();
  });
});

describe('the wording every rendering shares', () => {
  const base = normalizeConsensus({ expertCount: 2, expertsAsked: 3, method: 'semantic', reached: true, consensusConfidence: 0.6 }, 3)!;

  it('says how many of the experts asked answered, only when some did not', () => {
    expect(answeredNote(base)).toBe('2 of 3 experts answered');
    expect(answeredNote(base, true)).toBe('2 of 3 experts answered so far');
    expect(answeredNote({ expertCount: 3, expertsAsked: 3 })).toBeNull();
  });

  it('has no verdict for one answer, and names the method', () => {
    expect(noComparisonNote(base)).toBeNull();
    expect(noComparisonNote({ expertCount: 1, expertsAsked: 2 })).toBe('No consensus: only one expert answered');
    expect(noComparisonNote({ expertCount: 1, expertsAsked: 2 }, true)).toMatch(/^No consensus yet/);
    expect(methodNote(base)).toBe('by meaning');
    expect(methodNote({ method: 'lexical' })).toBe('by shared words (sentence model unavailable)');
  });

  it('frames an insight by its heading and marks a caveat', () => {
    expect(insightLine({ text: 'Store webhooks as they come.', context: 'When MongoDB is reasonable', kind: 'insight' })).toBe(
      'Under “When MongoDB is reasonable”: Store webhooks as they come.',
    );
    expect(insightLine({ text: 'Only below 1 TB.', context: null, kind: 'caveat' })).toBe('Caveat: Only below 1 TB.');
  });

  it('keeps the expert count it is given and never asks fewer experts than answered', () => {
    expect(normalizeConsensus({ expertCount: 3, expertsAsked: 2 }, 1)?.expertsAsked).toBe(3);
    expect(normalizeConsensus({ expertCount: 1, reached: true }, 1)?.reached).toBe(false);
    expect(normalizeConsensus(null, 2)).toBeNull();
  });
});
