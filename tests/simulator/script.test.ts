import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAnalystOutput } from '../../server/analyst/schema';
import { fallbackBackend } from '../../server/core';
import { loadSimulatorScript, SimulatorScriptError } from '../../server/simulator';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'circle-script-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function scriptFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const valid = { name: 'Ada', wire: 'openai', model: 'sim-ada', defaultAnswer: 'Hello.' };

describe('the built-in script', () => {
  test('is a panel of four experts over all three wires, plus one chair and one analyst', async () => {
    const script = await loadSimulatorScript(undefined);
    const panel = script.experts.filter((expert) => !expert.chair && !expert.analyst);
    expect(panel.map((expert) => expert.name)).toEqual(['Atlas', 'Sage', 'Nova', 'Orion']);
    expect(new Set(panel.map((expert) => expert.wire))).toEqual(new Set(['openai', 'anthropic', 'gemini']));
    expect(script.experts.filter((expert) => expert.chair)).toHaveLength(1);
    expect(script.experts.filter((expert) => expert.analyst)).toHaveLength(1);
    // The analyst's output is JSON, streamed faster than prose.
    for (const expert of script.experts.filter((e) => !e.analyst)) {
      expect(expert.failure).toBeNull();
      expect(expert.ttftMs).toBeGreaterThanOrEqual(300);
      expect(expert.ttftMs).toBeLessThanOrEqual(900);
      expect(expert.tokenDelayMs).toBeGreaterThanOrEqual(10);
      expect(expert.tokenDelayMs).toBeLessThanOrEqual(30);
    }
  });

  test('answers the same topics from every panel expert, in Markdown', async () => {
    const script = await loadSimulatorScript('');
    for (const expert of script.experts) {
      expect(expert.answers.map((answer) => answer.match)).toEqual(['postgres', 'password', 'microservice', 'rust']);
      if (expert.chair || expert.analyst) continue;
      const markdown = [...expert.answers.map((answer) => answer.text), expert.defaultAnswer];
      expect(markdown.every((text) => text.includes('\n\n'))).toBe(true);
      expect(markdown.some((text) => text.includes('```'))).toBe(true);
      expect(markdown.some((text) => /^- /m.test(text))).toBe(true);
    }
  });
});

describe('loading a script file', () => {
  test('keeps fields it does not know and fills in defaults', async () => {
    const script = await loadSimulatorScript(await scriptFile('extra.json', { experts: [{ ...valid, persona: 'terse' }] }));
    expect(script.experts[0]).toMatchObject({ persona: 'terse', ttftMs: 300, tokenDelayMs: 15, failure: null, failAfterChunks: 5, answers: [] });
  });

  test.each([
    ['an unknown wire', { experts: [{ ...valid, wire: 'azure' }] }, 'experts[0].wire'],
    ['an unknown failure mode', { experts: [{ ...valid, failure: 'explode' }] }, 'experts[0].failure'],
    ['a missing default answer', { experts: [{ ...valid, defaultAnswer: undefined }] }, 'experts[0].defaultAnswer'],
    ['a negative delay', { experts: [{ ...valid, tokenDelayMs: -1 }] }, 'experts[0].tokenDelayMs'],
    ['an empty match', { experts: [{ ...valid, answers: [{ match: '', text: 'x' }] }] }, 'experts[0].answers[0].match'],
    ['an unknown failure mode on an answer', { experts: [{ ...valid, answers: [{ match: 'x', text: 'x', failure: 'explode' }] }] }, 'experts[0].answers[0].failure'],
    ['two experts on one model', { experts: [valid, { ...valid, name: 'Bea' }] }, 'experts[1].model'],
    ['no experts', { experts: [] }, 'experts'],
  ])('rejects %s, naming the field', async (_case, content, field) => {
    const path = await scriptFile('bad.json', content);
    const error = await loadSimulatorScript(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SimulatorScriptError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(`${field}:`);
  });

  test('rejects text that is not JSON', async () => {
    const path = await scriptFile('broken.json', '{ "experts": [');
    await expect(loadSimulatorScript(path)).rejects.toThrow(`Simulator script ${path} is not valid JSON`);
  });

  test('reports a missing file plainly', async () => {
    await expect(loadSimulatorScript(join(dir, 'absent.json'))).rejects.toThrow(/Cannot read simulator script .*absent\.json: file not found/);
  });
});

describe("the built-in analyst", () => {
  test('maps every demo topic with quotes the core finds in the answers, but the one paraphrase', async () => {
    const script = await loadSimulatorScript(undefined);
    const panel = script.experts.filter((e) => !e.chair && !e.analyst);
    const analyst = script.experts.find((e) => e.analyst)!;
    const topics = [...analyst.answers.map((a) => ({ match: a.match, text: a.text })), { match: null, text: analyst.defaultAnswer }];
    let dropped = 0;
    for (const topic of topics) {
      const answers = panel.map((e, i) => ({
        label: String.fromCharCode(65 + i),
        expertId: e.name,
        text: topic.match === null ? e.defaultAnswer : e.answers.find((a) => a.match === topic.match)!.text,
      }));
      // Names to letters, as the simulator does for the prompt it receives.
      const letterOf = new Map(answers.map((a) => [a.expertId, a.label]));
      const output = JSON.parse(topic.text, (key, value) => (key === 'expert' ? (letterOf.get(value) ?? value) : value));
      const map = fallbackBackend.groundAnalysis(answers, parseAnalystOutput(JSON.stringify(output)));
      expect(map.grounding.attributions).toBeGreaterThanOrEqual(10);
      expect(map.claims.length).toBeGreaterThanOrEqual(4);
      expect(map.majority.length).toBeGreaterThanOrEqual(2);
      dropped += map.grounding.dropped;
      for (const d of map.dropped) expect(d).toMatchObject({ reason: 'quote_not_found', expertId: 'Sage' });
    }
    expect(dropped).toBe(1);
  });
});

describe('an answer’s own pace', () => {
  test('a matched answer’s tokenDelayMs replaces the expert’s; other questions keep the expert’s', async () => {
    const { simulatorScriptSchema } = await import('../../server/simulator/script');
    const { scriptedTokenDelay } = await import('../../server/simulator/answers');
    const script = simulatorScriptSchema.parse({
      experts: [{ name: 'Pace', wire: 'openai', model: 'pace', tokenDelayMs: 15, answers: [{ match: 'slow please', text: 'Slowly.', tokenDelayMs: 250 }], defaultAnswer: 'Quickly.' }],
    });
    const expert = script.experts[0]!;
    const prompt = (question: string) => ({ question, fullText: question }) as Parameters<typeof scriptedTokenDelay>[1];
    expect(scriptedTokenDelay(expert, prompt('Answer this, SLOW PLEASE'))).toBe(250);
    expect(scriptedTokenDelay(expert, prompt('Answer this quickly'))).toBe(15);
    expect(() => simulatorScriptSchema.parse({ experts: [{ ...script.experts[0], answers: [{ match: 'x', text: 'y', tokenDelayMs: -1 }] }] })).toThrow();
  });
});
