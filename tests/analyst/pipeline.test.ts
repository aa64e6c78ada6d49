import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConsensus, RunView } from '../../server/runs/types';
import { expertIdsByName, followRun, startTestApp, type TestApp } from '../runs/harness';

/**
 * The analyst end to end: real SDKs against the simulator for all three wires, the
 * orchestrator, the core's grounding, the stored run. Every analyst here is scripted with
 * display names; the simulator turns them into the letters of the prompt it received.
 */

const QUESTION = 'Which database should we use for the orders service?';
const ANSWERS = {
  Atlas: 'Start with PostgreSQL. Its transactions keep orders consistent, and JSONB covers the flexible parts.',
  Sage: 'I would choose **PostgreSQL** as well.\n\nForeign keys and transactions keep the order data honest.',
  Nova: 'Choose MongoDB. Orders are documents, and built-in sharding scales writes.',
};
const PANEL_NAMES = Object.keys(ANSWERS);

const MAP = {
  answers: [
    { expert: 'Atlas', bottomLine: 'PostgreSQL', quote: 'Start with PostgreSQL.', confidence: 1 },
    { expert: 'Sage', bottomLine: 'PostgreSQL', quote: 'I would choose PostgreSQL as well.', confidence: 1 },
    { expert: 'Nova', bottomLine: 'MongoDB', quote: 'Choose MongoDB.', confidence: 1 },
  ],
  claims: [
    {
      text: 'Use PostgreSQL for the orders service',
      support: [
        { expert: 'Atlas', quote: 'Start with PostgreSQL.' },
        { expert: 'Sage', quote: 'I would choose PostgreSQL as well.' },
      ],
      oppose: [{ expert: 'Nova', quote: 'Choose MongoDB.' }],
    },
    {
      text: 'Transactions keep order data consistent',
      support: [
        { expert: 'Atlas', quote: 'Its transactions keep orders consistent' },
        { expert: 'Sage', quote: 'Foreign keys and transactions keep the order data honest.' },
        // Fabricated: Nova never says this.
        { expert: 'Nova', quote: 'transactions matter most for orders' },
      ],
      oppose: [],
    },
  ],
};

const fast = { ttftMs: 10, tokenDelayMs: 1 };
const panel = [
  { name: 'Atlas', wire: 'openai', model: 'sim-atlas', ...fast, defaultAnswer: ANSWERS.Atlas },
  { name: 'Sage', wire: 'anthropic', model: 'sim-sage', ...fast, defaultAnswer: ANSWERS.Sage },
  { name: 'Nova', wire: 'gemini', model: 'sim-nova', ...fast, defaultAnswer: ANSWERS.Nova },
];
const analysts = [
  { name: 'Analyst GPT', wire: 'openai', model: 'sim-analyst-openai', analyst: true, ...fast, defaultAnswer: JSON.stringify(MAP) },
  { name: 'Analyst Claude', wire: 'anthropic', model: 'sim-analyst-anthropic', analyst: true, ...fast, defaultAnswer: JSON.stringify(MAP) },
  { name: 'Analyst Gemini', wire: 'gemini', model: 'sim-analyst-gemini', analyst: true, ...fast, defaultAnswer: JSON.stringify(MAP) },
  { name: 'Broken', wire: 'openai', model: 'sim-analyst-500', analyst: true, ...fast, failure: 'http500', defaultAnswer: '{}' },
  { name: 'Rambler', wire: 'openai', model: 'sim-analyst-prose', analyst: true, ...fast, defaultAnswer: 'They mostly agree on PostgreSQL.' },
  { name: 'Slow', wire: 'openai', model: 'sim-analyst-slow', analyst: true, ttftMs: 10, tokenDelayMs: 600, defaultAnswer: JSON.stringify(MAP) },
  { name: 'Old model', wire: 'openai', model: 'sim-analyst-noschema', analyst: true, schemaSupport: false, ...fast, defaultAnswer: '```json\n' + JSON.stringify(MAP) + '\n```' },
];

let app: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp([...panel, ...analysts]);
  ids = await expertIdsByName(app);
  await app.caller.settings.setChair({ mode: 'off' });
});
afterAll(() => app?.close());

async function runWith(analyst: string | 'off', deadlineMs = 90_000): Promise<RunView> {
  await app.caller.settings.setAnalyst(analyst === 'off' ? { mode: 'off', deadlineMs } : { mode: 'expert', expertId: ids[analyst]!, deadlineMs });
  const { id } = await app.caller.run.create({ question: QUESTION, expertIds: PANEL_NAMES.map((n) => ids[n]!) });
  await followRun(app, id);
  return app.caller.run.get({ id });
}

function consensusOf(run: RunView): RunConsensus {
  expect(run.consensus).not.toBeNull();
  return run.consensus!;
}

describe('the analyst, on each wire', () => {
  it.each([
    ['Analyst GPT', 'sim-analyst-openai', 'json_schema'],
    ['Analyst Claude', 'sim-analyst-anthropic', 'tool'],
    ['Analyst Gemini', 'sim-analyst-gemini', 'response_schema'],
  ] as const)('%s gets the schema in its own form, no names, and its map is verified', async (name, model, form) => {
    const run = await runWith(name);
    const request = app.simulator.stats.received(model).at(-1)!;
    expect(request.structured?.form).toBe(form);
    const schema = JSON.stringify(request.structured?.schema);
    expect(schema).toContain('claims');
    expect(schema).toContain('bottomLine');
    if (form === 'response_schema') expect(schema).toContain('"OBJECT"');
    for (const hidden of [...PANEL_NAMES, 'sim-atlas', 'sim-sage', 'sim-nova', 'openai', 'anthropic', 'gemini']) {
      expect(request.fullText.toLowerCase()).not.toContain(hidden.toLowerCase());
    }
    for (const text of Object.values(ANSWERS)) expect(request.fullText).toContain(text);

    const consensus = consensusOf(run);
    expect(consensus.analysis?.state).toBe('verified');
    if (consensus.analysis?.state !== 'verified') return;
    const { map } = consensus.analysis;
    expect(consensus.analysis.analyst.model).toBe(model);
    expect(consensus.majority.sort()).toEqual(['Atlas', 'Sage']);
    expect(consensus.dissenters).toEqual(['Nova']);
    // 3 bottom-line quotes + 6 claim attributions; the fabricated one is dropped.
    expect(map.grounding).toMatchObject({ attributions: 9, grounded: 8, dropped: 1 });
    expect(map.dropped).toEqual([expect.objectContaining({ expertId: 'Nova', reason: 'quote_not_found', quote: 'transactions matter most for orders' })]);
    const contradiction = map.claims.find((c) => c.kind === 'contradiction');
    expect(contradiction?.opponents).toEqual(['Nova']);
    expect(contradiction?.supportQuotes.map((q) => q.expertId).sort()).toEqual(['Atlas', 'Sage']);
    // The Markdown-emphasised quote is found, and `matched` is the answer's own text.
    const sage = contradiction?.supportQuotes.find((q) => q.expertId === 'Sage');
    expect(sage?.matched).toBe('I would choose **PostgreSQL** as well');
    const analystAnswer = run.answers.find((a) => a.role === 'analyst');
    expect(analystAnswer).toMatchObject({ status: 'done', expertName: name });
    expect(analystAnswer?.inputTokens).toBeGreaterThan(0);
  });
});

describe('bias controls', () => {
  it('shows the answers in different orders on different runs of the same panel', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 6 && orders.size < 2; i++) {
      const run = await runWith('Analyst GPT');
      const analysis = consensusOf(run).analysis;
      if (analysis?.state === 'verified') orders.add(analysis.labels.map((l) => l.expertId).join(','));
    }
    // Six runs of three answers all in one order would happen once in 7,776 tries.
    expect(orders.size).toBe(2);
  });

  it('records every answer length beside its support and states the controls', async () => {
    const analysis = consensusOf(await runWith('Analyst Gemini')).analysis;
    expect(analysis?.state).toBe('verified');
    if (analysis?.state !== 'verified') return;
    expect(analysis.biasControls.length).toBeGreaterThanOrEqual(4);
    expect(analysis.map.standings.map((s) => s.expertId).sort()).toEqual(PANEL_NAMES.slice().sort());
    for (const standing of analysis.map.standings) expect(standing.words).toBeGreaterThan(5);
  });
});

describe('when the analyst cannot be used, the offline estimate stands and says why', () => {
  it('with the analyst off', async () => {
    const consensus = consensusOf(await runWith('off'));
    expect(consensus.analysis ?? null).toBeNull();
    expect(consensus.majority.length).toBeGreaterThan(0);
  });

  it('when the analyst fails', async () => {
    const estimate = consensusOf(await runWith('off'));
    const run = await runWith('Broken');
    const consensus = consensusOf(run);
    expect(consensus.analysis).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^failed: .*server error/) });
    expect(consensus.majority).toEqual(estimate.majority);
    expect(consensus.commonRecommendations).toEqual(estimate.commonRecommendations);
    expect(run.status).toBe('done');
    expect(run.answers.find((a) => a.role === 'analyst')?.status).toBe('failed');
  });

  it('when the output is not JSON', async () => {
    expect(consensusOf(await runWith('Rambler')).analysis).toMatchObject({ state: 'failed', reason: 'returned no readable JSON' });
  });

  it('when the analyst misses its deadline', async () => {
    const consensus = consensusOf(await runWith('Slow', 5_000));
    expect(consensus.analysis).toMatchObject({ state: 'failed', reason: 'did not finish within its deadline of 5 s' });
  }, 20_000);
});

it('falls back to JSON in text for a model that refuses response_format', async () => {
  const run = await runWith('Old model');
  const forms = app.simulator.stats.received('sim-analyst-noschema').slice(-2).map((r) => r.structured?.form ?? null);
  expect(forms).toEqual(['json_schema', null]);
  expect(consensusOf(run).analysis?.state).toBe('verified');
});
