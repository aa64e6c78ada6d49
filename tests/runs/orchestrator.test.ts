import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { getDb } from '../../server/db/client';
import { markInterruptedRuns, createRun } from '../../server/db/repositories/runs';
import { eventually, failOnUnhandledRejections } from '../helpers/simulator';
import { applyEvents, expertIdsByName, followRun, startTestApp, type TestApp } from './harness';

const ANSWER = {
  alpha: 'Use PostgreSQL for relational data. Add indexes for your hot queries and measure before you optimise anything else.',
  beta: 'PostgreSQL is the right default here: relational data, strong consistency. Measure first, then add indexes where queries are slow.',
  gamma: 'Pick PostgreSQL. It handles relational data well; profile the slow queries and index them.',
  long: Array.from({ length: 60 }, (_, i) => `step${i}`).join(' '),
};

const fast = { ttftMs: 20, tokenDelayMs: 4 };
let app: TestApp;
let ids: Record<string, string>;

failOnUnhandledRejections();

beforeAll(async () => {
  app = await startTestApp([
    { name: 'Alpha', wire: 'openai', model: 'alpha', ...fast, defaultAnswer: ANSWER.alpha },
    { name: 'Beta', wire: 'anthropic', model: 'beta', ...fast, defaultAnswer: ANSWER.beta },
    { name: 'Gamma', wire: 'gemini', model: 'gamma', ...fast, defaultAnswer: ANSWER.gamma },
    { name: 'Cutter', wire: 'openai', model: 'cutter', ...fast, failure: 'cut', failAfterChunks: 3, defaultAnswer: ANSWER.long },
    { name: 'Staller', wire: 'anthropic', model: 'staller', ...fast, failure: 'stall', failAfterChunks: 3, defaultAnswer: ANSWER.long },
    { name: 'Garbler', wire: 'gemini', model: 'garbler', ...fast, failure: 'malformed', failAfterChunks: 2, defaultAnswer: ANSWER.long },
    { name: 'Locked', wire: 'openai', model: 'locked', ...fast, failure: 'http401', defaultAnswer: ANSWER.long },
    { name: 'Flaky', wire: 'anthropic', model: 'flaky', ...fast, failure: 'http500', failTimes: 1, defaultAnswer: ANSWER.beta },
    { name: 'Slow', wire: 'openai', model: 'slow', ttftMs: 20, tokenDelayMs: 60, defaultAnswer: ANSWER.long },
    { name: 'Chair', wire: 'anthropic', model: 'chair', ...fast, chair: true, defaultAnswer: 'The panel agrees on PostgreSQL [{{experts}}].' },
  ]);
  ids = await expertIdsByName(app);
  // Only the three healthy experts form the default panel.
  for (const name of ['Cutter', 'Staller', 'Garbler', 'Locked', 'Flaky', 'Slow']) await app.caller.expert.update({ id: ids[name]!, enabled: false });
}, 60_000);

afterAll(() => app?.close());

const panel = (...names: string[]) => names.map((n) => ids[n]!);

describe('a run across the three wire formats', () => {
  it('streams every answer, stores exactly what streamed, and ends with consensus and synthesis', async () => {
    const { id } = await app.caller.run.create({ question: 'Which database should I use?' });
    const events = await followRun(app, id);
    const streamed = applyEvents(events);

    const tokens = events.filter((e) => e.event.type === 'token');
    expect(tokens.length).toBeGreaterThan(10);
    // Sequence numbers strictly increase: they are the SSE ids a client resumes from.
    const seqs = events.map((e) => e.seq);
    expect(seqs.slice(1).every((s, i) => s > seqs[i]!)).toBe(true);

    const run = await app.caller.run.get({ id });
    expect(run.status).toBe('done');
    const panelAnswers = run.answers.filter((a) => a.role === 'panel');
    expect(panelAnswers.map((a) => a.expertName)).toEqual(['Alpha', 'Beta', 'Gamma']);
    for (const a of panelAnswers) {
      expect(a.status).toBe('done');
      expect(a.text).toBe({ Alpha: ANSWER.alpha, Beta: ANSWER.beta, Gamma: ANSWER.gamma }[a.expertName]);
      expect(streamed.get(a.id)).toBe(a.text);
      expect(a.ttftMs).toBeGreaterThanOrEqual(0);
      expect(a.totalMs).toBeGreaterThanOrEqual(a.ttftMs!);
      expect(a.outputTokens).toBeGreaterThan(0);
      expect(a.costUsd).toBe(0);
      expect(a.attempts).toBe(1);
    }

    const chair = run.answers.find((a) => a.role === 'chair');
    expect(chair?.status).toBe('done');
    expect(chair?.text).toContain('PostgreSQL');

    expect(run.consensus?.expertOrder).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(run.consensus?.similarity).toHaveLength(3);
    expect(events.some((e) => e.event.type === 'consensus')).toBe(true);
  });

  it('retries a 500 before the first token and then streams normally', async () => {
    await app.caller.expert.update({ id: ids.Flaky!, enabled: true });
    const before = app.simulator.stats.requests('flaky');
    const { id } = await app.caller.run.create({ question: 'Retry please', expertIds: panel('Flaky') });
    await followRun(app, id);
    const run = await app.caller.run.get({ id });
    await app.caller.expert.update({ id: ids.Flaky!, enabled: false });
    const flaky = run.answers.find((a) => a.expertName === 'Flaky')!;
    expect(flaky.status).toBe('done');
    expect(flaky.attempts).toBe(2);
    expect(app.simulator.stats.requests('flaky') - before).toBe(2);
  });
});

describe('failing experts', () => {
  it('fail alone, with their reason and their partial text kept; the others finish', async () => {
    for (const name of ['Cutter', 'Staller', 'Garbler', 'Locked']) await app.caller.expert.update({ id: ids[name]!, enabled: true });
    const lockedBefore = app.simulator.stats.requests('locked');
    const { id } = await app.caller.run.create({ question: 'Failures', expertIds: panel('Alpha', 'Cutter', 'Staller', 'Garbler', 'Locked') });
    await followRun(app, id);
    for (const name of ['Cutter', 'Staller', 'Garbler', 'Locked']) await app.caller.expert.update({ id: ids[name]!, enabled: false });

    const byName = Object.fromEntries((await app.caller.run.get({ id })).answers.map((a) => [a.expertName, a]));
    expect(byName.Alpha?.status).toBe('done');
    expect(byName.Alpha?.text).toBe(ANSWER.alpha);

    for (const name of ['Cutter', 'Staller', 'Garbler']) {
      const a = byName[name]!;
      expect(a.status, name).toBe('failed');
      expect(a.text.length, name).toBeGreaterThan(0);
      expect(ANSWER.long.startsWith(a.text), name).toBe(true);
      expect(a.text.length, name).toBeLessThan(ANSWER.long.length);
    }
    expect(byName.Cutter?.errorKind).toBe('upstream');
    expect(byName.Staller?.errorKind).toBe('timeout');
    expect(byName.Garbler?.errorKind).toBe('malformed');
    expect(byName.Locked?.errorKind).toBe('auth');
    expect(byName.Locked?.errorMessage).toMatch(/invalid api key for openai/i);
    expect(app.simulator.stats.requests('locked') - lockedBefore).toBe(1);

    // What the database holds is what the user saw, not a reconstruction.
    const stored = await getDb().answer.findMany({ where: { runId: id } });
    expect(stored.find((a) => a.expertName === 'Cutter')?.text).toBe(byName.Cutter?.text);
  });
});

describe('re-attaching to a live run', () => {
  it('resumes after lastEventId without duplicated or missing text', async () => {
    await app.caller.expert.update({ id: ids.Slow!, enabled: true });
    const { id } = await app.caller.run.create({ question: 'Resume me', expertIds: panel('Slow', 'Alpha') });
    const first = await followRun(app, id, { stopAfter: (events) => events.filter((e) => e.event.type === 'token').length >= 8 });
    const last = first[first.length - 1]!;
    const second = await followRun(app, id, { lastEventId: String(last.seq) });
    expect(second[0]!.event.type).not.toBe('snapshot'); // replayed from the buffer
    expect(second[0]!.seq).toBe(last.seq + 1);

    const texts = applyEvents([...first, ...second]);
    const run = await app.caller.run.get({ id });
    for (const a of run.answers.filter((x) => x.role === 'panel')) expect(texts.get(a.id)).toBe(a.text);
    expect(run.answers.find((a) => a.expertName === 'Slow')?.text).toBe(ANSWER.long);

    // A fresh subscriber (reload) starts from a snapshot that already holds the text.
    const reload = await followRun(app, id);
    expect(reload[0]!.event.type).toBe('snapshot');
    await app.caller.expert.update({ id: ids.Slow!, enabled: false });
  });
});

describe('cancelling', () => {
  it('aborts every upstream request, keeps what arrived and marks it cancelled', async () => {
    await app.caller.expert.update({ id: ids.Slow!, enabled: true });
    const { id } = await app.caller.run.create({ question: 'Cancel me', expertIds: panel('Slow') });
    await followRun(app, id, { stopAfter: (events) => events.filter((e) => e.event.type === 'token').length >= 3 });
    await app.caller.run.cancel({ id });
    await followRun(app, id);
    await app.caller.expert.update({ id: ids.Slow!, enabled: false });

    const run = await app.caller.run.get({ id });
    expect(run.status).toBe('cancelled');
    const slow = run.answers.find((a) => a.expertName === 'Slow')!;
    expect(slow.status).toBe('cancelled');
    expect(slow.text.length).toBeGreaterThan(0);
    expect(slow.text.length).toBeLessThan(ANSWER.long.length);
    expect(run.answers.find((a) => a.role === 'chair')?.status).toBe('cancelled');
    // The upstream socket is really closed: the simulator sees its response end.
    await eventually(() => app.simulator.stats.open('slow') === 0, 2_000);
  });
});

describe('bad input', () => {
  const cases: [string, () => Promise<unknown>][] = [
    ['an empty question', () => app.caller.run.create({ question: '   ' })],
    ['a question over 32,000 characters', () => app.caller.run.create({ question: 'x'.repeat(32_001) })],
    ['an unknown expert', () => app.caller.run.create({ question: 'q', expertIds: ['c' + 'z'.repeat(24)] })],
    ['a disabled expert', () => app.caller.run.create({ question: 'q', expertIds: panel('Locked') })],
    ['an empty panel', () => app.caller.run.create({ question: 'q', expertIds: [] })],
    ['a malformed id', () => app.caller.run.create({ question: 'q', expertIds: ['../../etc/passwd'] })],
    ['the same expert twice', () => app.caller.run.create({ question: 'q', expertIds: panel('Alpha', 'Alpha') })],
  ];
  it.each(cases)('rejects %s with a clear error, storing nothing and calling no provider', async (_name, call) => {
    const runsBefore = await getDb().run.count();
    const requestsBefore = app.simulator.stats.requests();
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message.length).toBeGreaterThan(5);
    expect(await getDb().run.count()).toBe(runsBefore);
    expect(app.simulator.stats.requests()).toBe(requestsBefore);
  });

  it('answers NOT_FOUND for a run that does not exist', async () => {
    await expect(app.caller.run.get({ id: 'c' + 'q'.repeat(24) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('secrets in a question', () => {
  it('are redacted before the question is sent or stored, and the caller is told', async () => {
    const key = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0'.repeat(2);
    const { id, redactions } = await app.caller.run.create({ question: `Why does my key ${key} fail? How should I hash passwords?` });
    expect(redactions.map((r) => r.kind)).toEqual(['openai_key']);
    await followRun(app, id);
    const stored = await getDb().run.findUniqueOrThrow({ where: { id } });
    expect(stored.question).not.toContain(key);
    expect(stored.question).toContain('[REDACTED:openai_key]');
    // Ordinary words about passwords are not secrets.
    expect(stored.question).toContain('How should I hash passwords?');
  });
});

describe('history and recovery', () => {
  it('finds runs by question text, newest first, case-insensitively', async () => {
    const a = await app.caller.run.create({ question: 'Zebra crossings in Lisbon?' });
    await followRun(app, a.id);
    const b = await app.caller.run.create({ question: 'More about ZEBRA stripes' });
    await followRun(app, b.id);
    const { items } = await app.caller.run.list({ search: 'zebra' });
    expect(items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(items[0]?.expertCount).toBe(3);
    expect(items[0]?.consensusConfidence).toBeGreaterThan(0);
  });

  it('marks runs left running by a stopped server as interrupted, keeping their text', async () => {
    const run = await createRun('Left running', [
      { expertId: ids.Alpha!, expertName: 'Alpha', provider: 'openai', model: 'alpha', simulated: true, role: 'panel', weightAtRun: 0.5 },
    ], { userId: app.admin.id });
    await getDb().answer.update({ where: { id: run.answers[0]!.id }, data: { status: 'streaming', text: 'partial' } });
    expect(await markInterruptedRuns()).toBeGreaterThanOrEqual(1);
    const view = await app.caller.run.get({ id: run.id });
    expect(view.status).toBe('interrupted');
    expect(view.answers[0]).toMatchObject({ status: 'interrupted', text: 'partial' });
  });
});
