import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../runs/harness';

/**
 * Denial of wallet, the parts without accounts: a run cannot ask more than CIRCLE_MAX_PANEL
 * experts (by list or by enabling them all), and an expert cannot ask its provider for more
 * than its provider's token cap.
 */

const experts = Array.from({ length: 5 }, (_, i) => ({ name: `E${i}`, wire: 'openai', model: `sim-${i}`, defaultAnswer: `answer ${i}` }));

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(experts, { CIRCLE_MAX_PANEL: '3' });
});
afterAll(async () => {
  delete process.env.CIRCLE_MAX_PANEL;
  delete process.env.CIRCLE_MAX_TOKENS;
  await app.close();
});

describe('panel size', () => {
  it('refuses a listed panel over CIRCLE_MAX_PANEL before anything runs', async () => {
    const ids = (await app.caller.expert.list()).map((e) => e.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    await expect(app.caller.run.create({ question: 'Too many?', expertIds: ids.slice(0, 4) })).rejects.toThrow(/at most 3 experts/);
    const { id } = await app.caller.run.create({ question: 'Three is fine', expertIds: ids.slice(0, 3) });
    expect(id).toBeTruthy();
    expect(JSON.stringify(await app.caller.run.list({}))).not.toContain('Too many?');
  });

  it('refuses the default panel (every enabled expert) when it is over the cap', async () => {
    await expect(app.caller.run.create({ question: 'Everyone?' })).rejects.toThrow(/at most 3/);
    const all = await app.caller.expert.list();
    for (const e of all.slice(3)) await app.caller.expert.update({ id: e.id, enabled: false });
    await expect(app.caller.run.create({ question: 'Now three' })).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('max tokens', () => {
  const base = { name: 'Local', provider: 'openai_compatible' as const, model: 'm', baseUrl: 'http://127.0.0.1:11434/v1', temperature: 0.5, enabled: true };

  it('caps an expert at its provider limit on create and update', async () => {
    await expect(app.caller.expert.create({ ...base, maxTokens: 200_000 })).rejects.toThrow(/At most 32,768 tokens/);
    await expect(app.caller.expert.create({ ...base, name: 'Claude', provider: 'anthropic', baseUrl: null, maxTokens: 32_500 })).rejects.toThrow(/at most 32,000/);
    const ok = await app.caller.expert.create({ ...base, maxTokens: 32_768 });
    await expect(app.caller.expert.update({ id: ok.id, maxTokens: 100_000 })).rejects.toThrow();
    const simulated = (await app.caller.expert.list())[0]!;
    await expect(app.caller.expert.update({ id: simulated.id, maxTokens: 50_000 })).rejects.toThrow();
  });

  it('CIRCLE_MAX_TOKENS sets one cap for every provider', async () => {
    process.env.CIRCLE_MAX_TOKENS = '4096';
    try {
      await expect(app.caller.expert.create({ ...base, name: 'Small', maxTokens: 5000 })).rejects.toThrow(/4,096/);
      await expect(app.caller.expert.create({ ...base, name: 'Small', maxTokens: 4096 })).resolves.toMatchObject({ maxTokens: 4096 });
    } finally {
      delete process.env.CIRCLE_MAX_TOKENS;
    }
  });

  it('stores an OpenAI-compatible endpoint normalised', async () => {
    const view = await app.caller.expert.create({ ...base, name: 'Spelled', baseUrl: 'HTTP://LocalHost:80/v1/', maxTokens: 100 });
    expect(view.baseUrl).toBe('http://localhost/v1');
  });
});
