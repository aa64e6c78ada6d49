import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRun, startTestApp, type TestApp } from '../runs/harness';

/**
 * Issue 10's key-leak attack, tried for real: an attacker's listener on 127.0.0.1 records every
 * request it gets; experts are pointed at it in every way the API allows (and, for the built-in
 * providers, the way a database from before the fix could still hold); real keys for OpenAI,
 * Anthropic and Gemini are stored through the real repositories; then what the orchestrator
 * runs (resolveConnection + the real SDK call, and a whole run) is run. The listener must never
 * see a stored key. A second listener plays the operator's *_BASE_URL endpoints and must get
 * exactly the keys meant for it, which shows the check could fail.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Listener {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** Answers every request with 400 and an error body stuffed with key-like text and its own request's headers. */
async function startListener(): Promise<Listener> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const echoed = `authorization: ${req.headers.authorization ?? ''} x-api-key: ${req.headers['x-api-key'] ?? ''} x-goog-api-key: ${req.headers['x-goog-api-key'] ?? ''}`;
      const message = `Incorrect API key provided: ${UPSTREAM_ECHO}. ${echoed} ${'padding '.repeat(200)}`;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'bad', status: 'INVALID_ARGUMENT' }, type: 'error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

const KEYS = {
  openai: 'sk-proj-STOREDOPENAI0123456789abcdefghijklmnop',
  anthropic: 'sk-ant-api03-STOREDANTHROPIC0123456789abcdefghij',
  gemini: 'AIzaSySTOREDGEMINI0123456789abcdefghijkl',
  compatStored: 'sk-or-STOREDCOMPAT0123456789abcdefghijklmn',
  compatEnv: 'ENVCOMPATKEY-0123456789abcdefghijklmnop',
};
/** A key-shaped string the hostile server puts in its error body. */
const UPSTREAM_ECHO = 'sk-proj-UPSTREAMECHO0123456789abcdefghijkl';

/** Every header value and the URL (query keys included) of every request, as one string. */
const everything = (seen: Seen[]) => seen.map((s) => `${s.method} ${s.url}\n${JSON.stringify(s.headers)}\n${s.body}`).join('\n');

let app: TestApp;
let attacker: Listener;
let operator: Listener;

beforeAll(async () => {
  attacker = await startListener();
  operator = await startListener();
  app = await startTestApp([{ name: 'Sim', wire: 'openai', model: 'sim-1', defaultAnswer: 'simulated' }], {
    // Real experts, not the simulated panel.
    CIRCLE_SIMULATOR: '0',
    CIRCLE_MAX_ATTEMPTS: '1',
    // The operator's own endpoints for the built-in providers and the compatible endpoint.
    OPENAI_BASE_URL: `${operator.url}/v1`,
    ANTHROPIC_BASE_URL: operator.url,
    GEMINI_BASE_URL: operator.url,
    OPENAI_COMPATIBLE_BASE_URL: `${operator.url}/compat/v1`,
    OPENAI_COMPATIBLE_API_KEY: KEYS.compatEnv,
  });
  await app.caller.credential.save({ provider: 'openai', apiKey: KEYS.openai });
  await app.caller.credential.save({ provider: 'anthropic', apiKey: KEYS.anthropic });
  await app.caller.credential.save({ provider: 'gemini', apiKey: KEYS.gemini });
  await app.caller.credential.save({ provider: 'openai_compatible', apiKey: KEYS.compatStored, baseUrl: `${operator.url}/stored/v1/` });
});

afterAll(async () => {
  await app?.close();
  await attacker?.close();
  await operator?.close();
});

const fields = { temperature: 0.2, maxTokens: 64, enabled: true, systemPrompt: null };

async function callOnce(expert: { provider: string; baseUrl: string | null; simulated: boolean; name: string; model: string }) {
  const { resolveConnection } = await import('../../server/experts/connection');
  const { streamAnswer } = await import('../../server/providers');
  const connection = await resolveConnection(expert);
  const controller = new AbortController();
  try {
    for await (const delta of streamAnswer({
      provider: expert.provider as 'openai',
      model: expert.model,
      question: 'hello',
      maxTokens: 16,
      apiKey: connection.apiKey,
      ...(connection.baseUrl ? { baseUrl: connection.baseUrl } : {}),
      signal: controller.signal,
    })) void delta;
    return { connection, error: undefined as Error | undefined };
  } catch (error) {
    return { connection, error: error as Error };
  }
}

describe('stored keys never reach a host they are not bound to', () => {
  it('refuses a base URL for the built-in providers, with a reason', async () => {
    for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
      await expect(app.caller.expert.create({ name: `Evil ${provider}`, provider, model: 'm', baseUrl: `${attacker.url}/v1`, ...fields })).rejects.toThrow(/official endpoint/);
      await expect(app.caller.credential.save({ provider, apiKey: 'sk-whatever-12345678', baseUrl: attacker.url })).rejects.toThrow(/official endpoint/);
    }
    const plain = await app.caller.expert.create({ name: 'Plain GPT', provider: 'openai', model: 'gpt-x', ...fields });
    await expect(app.caller.expert.update({ id: plain.id, baseUrl: `${attacker.url}/v1` })).rejects.toThrow(/official endpoint/);
  });

  it('refuses endpoints that are not plain http(s)', async () => {
    for (const baseUrl of ['file:///etc/passwd', 'ftp://127.0.0.1/v1', 'data:text/plain,hi', 'javascript:alert(1)', `http://user:pass@${attacker.url.slice(7)}/v1`, `${attacker.url}/v1?key=x`, 'gopher://127.0.0.1:70/']) {
      await expect(app.caller.expert.create({ name: `Bad ${baseUrl.slice(0, 20)}`, provider: 'openai_compatible', model: 'm', baseUrl, ...fields }), baseUrl).rejects.toThrow();
      await expect(app.caller.credential.save({ provider: 'openai_compatible', apiKey: 'sk-whatever-12345678', baseUrl }), baseUrl).rejects.toThrow();
    }
  });

  it('sends built-in keys only to the operator endpoint, even for an expert row that names the attacker', async () => {
    const { createExpert } = await import('../../server/db/repositories/experts');
    attacker.seen.length = 0;
    operator.seen.length = 0;
    for (const [provider, model] of [['openai', 'gpt-4.1-mini'], ['anthropic', 'claude-x'], ['gemini', 'gemini-2.5-flash']] as const) {
      // As a database from before the fix (or any other writer) could hold it: the router refuses this now.
      const row = await createExpert({ name: `Legacy ${provider}`, provider, model, baseUrl: `${attacker.url}/v1`, ...fields });
      const { connection, error } = await callOnce(row);
      expect(connection.baseUrl).not.toContain(attacker.url);
      expect(error?.message).toBeTruthy(); // the operator's fake answers 400
    }
    expect(attacker.seen).toHaveLength(0);
    // The operator's endpoint got each key (the check above could have failed), and only its own provider's.
    const toPath = (part: string) => everything(operator.seen.filter((s) => s.url.includes(part)));
    expect(toPath('/v1/chat/completions')).toContain(KEYS.openai);
    expect(toPath('/v1/messages')).toContain(KEYS.anthropic);
    expect(toPath('streamGenerateContent')).toContain(KEYS.gemini);
    expect(toPath('/v1/messages')).not.toContain(KEYS.openai);
    expect(toPath('streamGenerateContent')).not.toContain(KEYS.anthropic);
  });

  it('gives an OpenAI-compatible expert at another endpoint no stored or environment key', async () => {
    attacker.seen.length = 0;
    const lookalikes = [`${attacker.url}/v1`, `${attacker.url}/stored/v1`, `${attacker.url}/compat/v1`];
    for (const [i, baseUrl] of lookalikes.entries()) {
      const view = await app.caller.expert.create({ name: `Compat ${i}`, provider: 'openai_compatible', model: 'local-model', baseUrl, ...fields });
      const { error } = await callOnce({ ...view, simulated: false });
      expect(error).toBeDefined();
    }
    expect(attacker.seen.length).toBeGreaterThanOrEqual(lookalikes.length);
    const seen = everything(attacker.seen);
    for (const key of Object.values(KEYS)) expect(seen).not.toContain(key);
    for (const s of attacker.seen) {
      expect(s.headers['x-api-key']).toBeUndefined();
      expect(s.headers['x-goog-api-key']).toBeUndefined();
      expect(s.headers.authorization).toBe('Bearer not-needed');
    }
  });

  it('sends the stored compatible key and OPENAI_COMPATIBLE_API_KEY only to their exact endpoints', async () => {
    operator.seen.length = 0;
    // Spelled differently, normalised the same: the stored key's own endpoint.
    const stored = await app.caller.expert.create({ name: 'Stored compat', provider: 'openai_compatible', model: 'm', baseUrl: `${operator.url.toUpperCase().replace('HTTP', 'http')}/stored/v1`, ...fields });
    await callOnce({ ...stored, simulated: false });
    const envCompat = await app.caller.expert.create({ name: 'Env compat', provider: 'openai_compatible', model: 'm', baseUrl: `${operator.url}/compat/v1/`, ...fields });
    await callOnce({ ...envCompat, simulated: false });
    // Same host, other path: neither key.
    const sibling = await app.caller.expert.create({ name: 'Sibling compat', provider: 'openai_compatible', model: 'm', baseUrl: `${operator.url}/compat/v2`, ...fields });
    await callOnce({ ...sibling, simulated: false });

    const auth = (path: string) => operator.seen.find((s) => s.url.startsWith(path))?.headers.authorization;
    expect(auth('/stored/v1/')).toBe(`Bearer ${KEYS.compatStored}`);
    expect(auth('/compat/v1/')).toBe(`Bearer ${KEYS.compatEnv}`);
    expect(auth('/compat/v2/')).toBe('Bearer not-needed');
  });

  it('a whole run through the orchestrator sends no stored key to the attacker', async () => {
    attacker.seen.length = 0;
    const experts = await app.caller.expert.list();
    const panel = experts.filter((e) => ['Legacy openai', 'Legacy anthropic', 'Legacy gemini', 'Compat 0'].includes(e.name)).map((e) => e.id);
    expect(panel).toHaveLength(4);
    const { id: runId } = await app.caller.run.create({ question: 'Where do my keys go?', expertIds: panel });
    const events = await followRun(app, runId);
    expect(events.at(-1)?.event.type).toBe('done');
    expect(attacker.seen.length).toBeGreaterThan(0); // the compatible expert did call it
    const seen = everything(attacker.seen);
    for (const key of Object.values(KEYS)) expect(seen).not.toContain(key);

    // What the run stored and shows: the upstream's error body, summarised.
    const view = await app.caller.run.get({ id: runId });
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(UPSTREAM_ECHO);
    expect(shown).not.toContain('padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding');
    for (const key of Object.values(KEYS)) expect(shown).not.toContain(key);
  });
});

describe('upstream error bodies are summarised', () => {
  it('redacts key-shaped text, auth headers and query keys, names HTML pages and caps the length', async () => {
    const { summariseUpstreamText, httpError } = await import('../../server/providers/errors');
    const raw = `Incorrect API key provided: ${KEYS.openai}. Authorization: Bearer ${KEYS.compatEnv} x-goog-api-key: ${KEYS.gemini} see https://x.test/v1?key=${KEYS.gemini}&alt=sse`;
    const out = summariseUpstreamText(raw);
    for (const key of [KEYS.openai, KEYS.compatEnv, KEYS.gemini]) expect(out).not.toContain(key);
    expect(out).toContain('Incorrect API key provided');
    expect(summariseUpstreamText('<!DOCTYPE html><html><body>nginx 502</body></html>')).toBe('the server answered with an HTML page');
    expect(summariseUpstreamText('word '.repeat(500)).length).toBeLessThanOrEqual(300);
    expect(summariseUpstreamText('The model `gpt-4.1-mini` does not exist')).toBe('The model `gpt-4.1-mini` does not exist');
    const error = httpError({ provider: 'openai_compatible', label: 'x', status: 400, reason: `bad key ${KEYS.anthropic}` });
    expect(error.message).not.toContain(KEYS.anthropic);
  });
});
