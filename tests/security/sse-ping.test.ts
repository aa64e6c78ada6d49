import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../runs/harness';

/**
 * A long run with nothing to say for a while (an expert still thinking) must not look idle to
 * a proxy: the SSE stream carries a ping every 15 s. Served here by the same fetch adapter and
 * router as app/api/trpc/[trpc]/route.ts.
 */

let app: TestApp;
beforeAll(async () => {
  // An expert that takes 25 s to its first token: nothing but pings can arrive before then.
  app = await startTestApp([{ name: 'Slow', wire: 'openai', model: 'sim-slow', ttftMs: 25_000, defaultAnswer: 'eventually' }], { CIRCLE_TTFT_TIMEOUT_MS: '60000' });
});
afterAll(() => app.close());

it('sends an SSE ping within about 15 s on an otherwise silent run', { timeout: 40_000 }, async () => {
  const { appRouter } = await import('../../server/routers/_app');
  const { id } = await app.caller.run.create({ question: 'Take your time' });
  const controller = new AbortController();
  const url = `http://127.0.0.1/api/trpc/run.events?input=${encodeURIComponent(JSON.stringify({ runId: id }))}`;
  const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(url, { signal: controller.signal }), router: appRouter, createContext: () => ({ user: app.admin }) });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const started = Date.now();
  let text = '';
  while (!/event: ping/.test(text) && Date.now() - started < 30_000) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  const waited = Date.now() - started;
  controller.abort();
  await reader.cancel().catch(() => {});
  await app.caller.run.cancel({ id });
  expect(text).toMatch(/event: ping/);
  expect(waited).toBeGreaterThan(10_000);
  expect(waited).toBeLessThan(20_000);
});
