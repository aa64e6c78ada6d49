import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../server/db/client';
import { reportDownload, runReportDownload } from '../../server/reports/download';
import { loadSharedReport } from '../../server/reports/shared';
import { runIdForToken } from '../../server/reports/shares';
import { renderReportMarkdown } from '../../server/reports/markdown';
import { buildReport, type RunReport } from '../../server/reports/model';
import type { AnswerView, RunView } from '../../server/runs/types';
import { failOnUnhandledRejections } from '../helpers/simulator';
import { expertIdsByName, followRun, startTestApp, type TestApp } from './harness';

const fast = { ttftMs: 10, tokenDelayMs: 2 };
let app: TestApp;
let ids: Record<string, string>;
let runId: string;

failOnUnhandledRejections();

beforeAll(async () => {
  app = await startTestApp([
    { name: 'Atlas', wire: 'openai', model: 'atlas', ...fast, defaultAnswer: 'Use PostgreSQL. Index the hot queries and measure before optimising.' },
    { name: 'Sage', wire: 'anthropic', model: 'sage', ...fast, defaultAnswer: 'PostgreSQL is the safe default. Measure first, then index the slow queries.' },
    { name: 'Nova', wire: 'gemini', model: 'nova', ...fast, defaultAnswer: 'Avoid relational databases entirely; a document store such as MongoDB fits better.' },
  ]);
  ids = await expertIdsByName(app);
  runId = (await app.caller.run.create({ question: 'Which database for our app?' })).id;
  await followRun(app, runId);
}, 60_000);

afterAll(() => app?.close());

const answerOf = async (name: string) => (await app.caller.run.get({ id: runId })).answers.find((a) => a.expertName === name)!;
const expert = async (name: string) => (await app.caller.expert.list()).find((e) => e.name === name)!;

describe('ratings and learned weights', () => {
  it('moves the weight up on "up", records the event, and does not count a repeated vote twice', async () => {
    const before = await expert('Atlas');
    await app.caller.rating.rate({ answerId: (await answerOf('Atlas')).id, value: 'up' });
    await app.caller.rating.rate({ answerId: (await answerOf('Atlas')).id, value: 'up' });
    const after = await expert('Atlas');
    expect(after.weight.mean).toBeGreaterThan(before.weight.mean);
    expect(after.weight.ratingCount).toBe(before.weight.ratingCount + 1);
    expect(after.weight.uncertainty).toBeLessThan(before.weight.uncertainty);
    const history = await app.caller.settings.weightHistory({ expertIds: [ids.Atlas!] });
    expect(history.map((h) => h.kind)).toEqual(['rate_up']);
    expect(history[0]?.mean).toBeCloseTo(after.weight.mean, 10);
  });

  it('takes the old evidence back when a vote flips', async () => {
    const answerId = (await answerOf('Nova')).id;
    await app.caller.rating.rate({ answerId, value: 'up' });
    await app.caller.rating.rate({ answerId, value: 'down' });
    const nova = await expert('Nova');
    expect(nova.weight.ratingCount).toBe(1);
    // Uniform prior plus one "down": Beta(1, 2).
    expect(nova.weight.alpha).toBeCloseTo(1, 10);
    expect(nova.weight.beta).toBeCloseTo(2, 10);
    expect((await answerOf('Nova')).rating).toBe(-1);
  });

  it('lets a person reset a weight and keeps the reset in the history', async () => {
    await app.caller.settings.resetWeight({ expertId: ids.Nova! });
    const nova = await expert('Nova');
    expect(nova.weight).toMatchObject({ alpha: 1, beta: 1, mean: 0.5, ratingCount: 0 });
    const kinds = (await app.caller.settings.weightHistory({ expertIds: [ids.Nova!] })).map((h) => h.kind);
    expect(kinds).toEqual(['rate_up', 'rate_down', 'reset']);
  });

  it('feeds the next run: the weight at run time is stored with each answer', async () => {
    const next = await app.caller.run.create({ question: 'Second question' });
    await followRun(app, next.id);
    const atlas = (await app.caller.run.get({ id: next.id })).answers.find((a) => a.expertName === 'Atlas')!;
    expect(atlas.weightAtRun).toBeCloseTo((await expert('Atlas')).weight.mean, 10);
    expect(atlas.weightAtRun).toBeGreaterThan(0.5);
  });

  it('nudges weights by agreement with the final consensus only when that setting is on', async () => {
    const agreementEvents = async () => (await app.caller.settings.weightHistory({ expertIds: [ids.Atlas!, ids.Sage!, ids.Nova!] })).filter((h) => h.kind === 'agreement');
    expect(await agreementEvents()).toEqual([]); // off by default, after several runs

    await app.caller.settings.setAgreementNudge({ on: true });
    const nudged = await app.caller.run.create({ question: 'Nudge run' });
    await followRun(app, nudged.id);
    await app.caller.settings.setAgreementNudge({ on: false });

    const consensus = (await app.caller.run.get({ id: nudged.id })).consensus!;
    const events = await agreementEvents();
    const scoreOf = (name: string) => events.find((e) => e.expertId === ids[name])?.score;
    for (const name of consensus.majority) expect(scoreOf(name), name).toBe(0.6);
    for (const name of consensus.dissenters) expect(scoreOf(name), name).toBe(0.4);
    expect(events).toHaveLength(3);
  });

  it('refuses a rating of a missing answer with NOT_FOUND', async () => {
    await expect(app.caller.rating.rate({ answerId: 'c' + 'x'.repeat(24), value: 'up' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('picks one best answer per run', async () => {
    await app.caller.rating.best({ answerId: (await answerOf('Sage')).id });
    await expect(app.caller.rating.best({ answerId: (await answerOf('Atlas')).id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await answerOf('Sage')).best).toBe(true);
  });
});

describe('reports', () => {
  it('one link per run: a new link revokes the previous one', async () => {
    const first = await app.caller.report.share({ runId });
    const second = await app.caller.report.share({ runId });
    expect(await runIdForToken(first.token)).toBeNull();
    expect(await runIdForToken(second.token)).toBe(runId);
    await app.caller.report.revoke({ runId });
  });

  it('a shared report carries no run, answer or expert id, and keeps every reference consistent', async () => {
    const { token } = await app.caller.report.share({ runId });
    const owned = await app.caller.run.get({ id: runId });
    const shared = (await loadSharedReport(token))!;
    const json = JSON.stringify(shared);
    const ids = [owned.id, ...owned.answers.map((a) => a.id), ...owned.answers.flatMap((a) => (a.expertId ? [a.expertId] : []))];
    for (const id of ids) expect(json).not.toContain(id);
    expect(shared.run.answers.map((a) => a.id)).toEqual(owned.answers.map((_, i) => `answer-${i + 1}`));
    // The same expert is the same alias wherever it appears (answers, weight history).
    const aliasOf = new Map(shared.run.answers.map((a, i) => [owned.answers[i]!.expertId, a.expertId]));
    expect(new Set(aliasOf.values()).size).toBe(aliasOf.size);
    for (const point of shared.weightHistory) expect([...aliasOf.values()]).toContain(point.expertId);
    // Nothing else changed: texts, names and the consensus numbers are the owner's.
    expect(shared.run.answers.map((a) => [a.expertName, a.text])).toEqual(owned.answers.map((a) => [a.expertName, a.text]));
    expect(shared.run.consensus?.consensusConfidence).toBe(owned.consensus?.consensusConfidence);
    await app.caller.report.revoke({ runId });
    expect(await loadSharedReport(token)).toBeNull();
  });

  it('shares a run by an unguessable link and revokes it', async () => {
    const { token, path } = await app.caller.report.share({ runId });
    expect(path).toBe(`/r/${token}`);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(await runIdForToken(token)).toBe(runId);
    // Only a hash is stored.
    const stored = await getDb().share.findMany({ where: { runId } });
    expect(stored.some((s) => s.tokenHash.includes(token))).toBe(false);
    expect((await app.caller.report.status({ runId })).active).toBe(true);

    // Without the owner's Google connection a shared report cannot export, and never starts a sign-in.
    await expect(app.caller.drive.exportShared({ token })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    await app.caller.report.revoke({ runId });
    expect(await runIdForToken(token)).toBeNull();
    await expect(app.caller.drive.exportShared({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await runIdForToken('not-a-token')).toBeNull();
    expect((await reportDownload((await loadSharedReport(token))?.run ?? null, 'markdown')).status).toBe(404);
  });

  it('exports Markdown with the question, consensus and every answer', async () => {
    const res = await runReportDownload(runId, 'markdown');
    expect(res.headers.get('content-disposition')).toContain('.md');
    const md = await res.text();
    expect(md).toContain('Which database for our app?');
    expect(md).toMatch(/Consensus confidence:\*\* \d+%/);
    for (const name of ['Atlas', 'Sage', 'Nova']) expect(md).toContain(`### ${name}`);
    expect(md).toContain('Avoid relational databases entirely');
  });

  it('exports JSON that keeps every number needed to reproduce the run', async () => {
    const report = (await (await runReportDownload(runId, 'json')).json()) as RunReport;
    expect(report.format).toBe('circle-of-experts/report');
    expect(report.consensus?.similarity).toHaveLength(3);
    expect(report.consensus?.expertOrder).toEqual(['Atlas', 'Sage', 'Nova']);
    expect(report.experts.map((e) => e.model)).toEqual(['atlas', 'sage', 'nova']);
    expect(report.experts.every((e) => typeof e.weightAtRun === 'number' && e.timings.totalMs !== null)).toBe(true);
    // The simulated panel cost nothing, and the report says so rather than "$0".
    expect(report.totalCost).toMatchObject({ knownUsd: 0, unknownAnswers: 0, simulated: true, label: 'simulated, no cost' });
    expect((await runReportDownload(runId, 'pdf')).status).toBe(400);
  });

  it('still shows a deleted expert by name in the run and its report', async () => {
    await app.caller.expert.remove({ id: ids.Nova! });
    const report = (await (await runReportDownload(runId, 'json')).json()) as RunReport;
    expect(report.experts.find((e) => e.name === 'Nova')?.text).toContain('Avoid relational');
    await expect(app.caller.rating.rate({ answerId: (await answerOf('Nova')).id, value: 'up' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('the Markdown export of a run with a synthesis', () => {
  const view = (over: Partial<AnswerView>): AnswerView => ({
    id: over.expertName ?? 'a', expertId: null, expertName: 'Atlas', provider: 'openai', model: 'atlas', simulated: false, role: 'panel',
    status: 'done', text: 'Use PostgreSQL.', errorKind: null, errorMessage: null, attempts: 1, ttftMs: 10, totalMs: 20,
    inputTokens: 10, outputTokens: 5, costUsd: 0.01, weightAtRun: 0.5, rating: null, best: false, ...over,
  });
  const run = (answers: AnswerView[]): RunView => ({
    id: 'run-1', question: 'Which database?', status: 'done', createdAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:05.000Z', answers, consensus: null,
  });
  // The chair's own text opens with "## Synthesis", as the simulator's chair does.
  const answers = [
    view({ expertName: 'Atlas', costUsd: 0.01 }),
    view({ expertName: 'Sage', costUsd: 0.02 }),
    view({ expertName: 'Chair', role: 'chair', text: '## Synthesis\n\nBoth say PostgreSQL [Atlas] [Sage].', costUsd: 0.006 }),
  ];

  it('has "Synthesis" as a heading exactly once', () => {
    const md = renderReportMarkdown(buildReport(run(answers)));
    expect(md.match(/^#{1,6} .*Synthesis.*$/gim)).toEqual(['## Synthesis (chair: Chair)']);
    expect(md).toContain('Both say PostgreSQL [Atlas] [Sage].');

    // A subtitled heading ("## Synthesis: …", as the default simulator's chair writes) joins the section's.
    const subtitled = answers.map((a) => (a.role === 'chair' ? { ...a, text: '## Synthesis: PostgreSQL or MongoDB?\n\nPostgreSQL.' } : a));
    const md2 = renderReportMarkdown(buildReport(run(subtitled)));
    expect(md2.match(/^#{1,6} .*Synthesis.*$/gim)).toEqual(['## Synthesis: PostgreSQL or MongoDB? (chair: Chair)']);
  });

  it('states the run\'s total cost, "at least" when a cost is unknown', () => {
    expect(renderReportMarkdown(buildReport(run(answers)))).toContain('**Total cost:** $0.04 (the panel and the chair)');
    const unknown = buildReport(run([...answers, view({ expertName: 'Nova', costUsd: null })]));
    expect(unknown.totalCost).toMatchObject({ unknownAnswers: 1, simulated: false, label: 'at least $0.04' });
    expect(unknown.totalCost.knownUsd).toBeCloseTo(0.036, 10);
    expect(renderReportMarkdown(unknown)).toContain("**Total cost:** at least $0.04 (the panel and the chair; 1 answer's cost unknown)");
  });
});
