import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminCookieHeader, trpcMutation } from './fixtures/accounts';
import { expect, expertNames, test } from './fixtures';

/**
 * Issue 10's network attacks against the running app (the real server, proxy.ts in front):
 * a cross-site form post from another site's page, a DNS-rebinding Host, oversized bodies,
 * oversized batches, and the home page under a nonce-based CSP.
 */

const base = new URL(process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`);
const ownOrigin = base.origin;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request exactly as written: no header is added or fixed up (Host included), except the
 * administrator's session cookie, so that what is tested is the rule at hand, not the sign-in.
 */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer, chunked = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers: { host: base.host, cookie: adminCookieHeader(), ...headers }, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body === undefined) return void req.end();
    if (!chunked) {
      req.setHeader('content-length', Buffer.byteLength(body));
      return void req.end(body);
    }
    // Chunked: no Content-Length, written in pieces.
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
    req.end();
  });
}

const sameOrigin = { 'content-type': 'application/json', origin: ownOrigin, 'sec-fetch-site': 'same-origin' };

async function trpcQuery<T>(path: string): Promise<T> {
  const res = await raw('GET', `/api/trpc/${path}`, {});
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}

test('a cross-site multipart form post to a tRPC mutation is refused and changes nothing', async ({ page }) => {
  // Connect Drive through the (fake) consent page so that "disconnect" has something to destroy.
  await page.goto('/api/google/connect?returnTo=/settings');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/settings\?drive=connected/);
  expect((await trpcQuery<{ connected: boolean }>('drive.status')).connected).toBe(true);
  const expertsBefore = await trpcQuery<{ id: string; name: string }[]>('expert.list');

  // The attacker's page, on another site, posts a form the browser sends without a preflight.
  await page.route('http://attacker.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><form id="f" method="POST" enctype="multipart/form-data" action="${ownOrigin}/api/trpc/drive.disconnect"><input name="x" value="1"></form>
             <form id="g" method="POST" enctype="text/plain" action="${ownOrigin}/api/trpc/expert.remove"><input name='{"id":"${expertsBefore[0]?.id}","x":"' value='"}'></form>`,
    }),
  );
  await page.goto('http://attacker.example/');
  const [refused] = await Promise.all([page.waitForResponse(`${ownOrigin}/api/trpc/drive.disconnect`), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { code: 'UNSUPPORTED_CONTENT_TYPE' } });
  expect(refused.request().headers()['content-type']).toContain('multipart/form-data');
  // The form submission is a navigation: let it land before the next one starts.
  await page.waitForURL(`${ownOrigin}/api/trpc/drive.disconnect`);

  await page.goto('http://attacker.example/');
  const [refusedText] = await Promise.all([page.waitForResponse(`${ownOrigin}/api/trpc/expert.remove`), page.evaluate(() => (document.getElementById('g') as HTMLFormElement).submit())]);
  expect(refusedText.status()).toBe(403);
  await page.waitForURL(`${ownOrigin}/api/trpc/expert.remove`);

  // Even as JSON, from another origin (what a CORS-less fetch would need a preflight for).
  const crossJson = await raw('POST', '/api/trpc/drive.disconnect', { 'content-type': 'application/json', origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' }, '{}');
  expect(crossJson.status).toBe(403);
  expect(JSON.parse(crossJson.body)).toMatchObject({ error: { code: 'CROSS_SITE_REQUEST', message: expect.stringContaining('Cross-site') } });

  // Nothing changed.
  expect((await trpcQuery<{ connected: boolean }>('drive.status')).connected).toBe(true);
  expect((await trpcQuery<{ id: string }[]>('expert.list')).map((e) => e.id)).toEqual(expertsBefore.map((e) => e.id));

  // The app's own page can still do it (and leaves Drive disconnected for whoever runs next).
  await page.goto('/settings');
  const status = await page.evaluate(async () => (await fetch('/api/trpc/drive.disconnect', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(200);
  expect((await trpcQuery<{ connected: boolean }>('drive.status')).connected).toBe(false);
});

test('a request for a foreign Host (DNS rebinding) is refused', async () => {
  const rebound = await raw('GET', '/api/trpc/expert.list', { host: `attacker.example:${base.port}` });
  expect(rebound.status).toBe(421);
  expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'MISDIRECTED_HOST' } });
  expect((await raw('GET', '/', { host: 'attacker.example' })).status).toBe(421);
  expect((await raw('POST', '/api/trpc/drive.disconnect', { ...sameOrigin, host: 'attacker.example', origin: 'http://attacker.example' }, '{}')).status).toBe(421);
  // The app's own names still work.
  expect((await raw('GET', '/api/trpc/expert.list', {})).status).toBe(200);
});

test('a body over 1 MB gets 413, declared or chunked, and starts nothing', async () => {
  const marker = `oversized-${Date.now().toString(36)}`;
  const body = JSON.stringify({ 0: { question: `${marker} ${'x'.repeat(2 * 1024 * 1024)}` } });
  const declared = await raw('POST', '/api/trpc/run.create?batch=1', sameOrigin, body);
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
  const chunked = await raw('POST', '/api/trpc/run.create?batch=1', sameOrigin, body, true);
  expect(chunked.status).toBe(413);
  const runs = await trpcQuery<{ items?: unknown[] } | unknown[]>(`run.list?input=${encodeURIComponent(JSON.stringify({ search: marker }))}`);
  expect(JSON.stringify(runs)).not.toContain(marker);
});

test('a 20-call tRPC batch is refused; a small one is served', async () => {
  const paths = Array.from({ length: 20 }, () => 'expert.list').join(',');
  const big = await raw('GET', `/api/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`, {});
  expect(big.status).toBe(400);
  expect(big.body).toContain('Batch call exceeds maximum size');

  const marker = `batched-${Date.now().toString(36)}`;
  const creates = Array.from({ length: 20 }, () => 'run.create').join(',');
  const input = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, { question: `${marker} ${i}` }]));
  const bigMutation = await raw('POST', `/api/trpc/${creates}?batch=1`, sameOrigin, JSON.stringify(input));
  expect(bigMutation.status).toBe(400);
  const runs = await trpcQuery<unknown>(`run.list?input=${encodeURIComponent(JSON.stringify({ search: marker }))}`);
  expect(JSON.stringify(runs)).not.toContain(marker);

  const small = await raw('GET', `/api/trpc/expert.list,drive.status?batch=1&input=${encodeURIComponent('{}')}`, {});
  expect(small.status).toBe(200);
});

test('the home page works under a nonce-based CSP and logs no CSP violation', async ({ page, circle }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/content security policy|refused to (execute|load|apply)/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");

  // A fresh nonce each time, and Next's own scripts carry it.
  const again = (await page.request.get('/')).headers()['content-security-policy'];
  expect(again).not.toContain(nonce);
  const scriptNonces = await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(scriptNonces.every((n) => n === nonce)).toBe(true);

  // Hydrated and working: the panel loads over tRPC and a question runs to the end.
  const runId = await circle.ask(circle.uniqueQuestion('csp'));
  expect(runId).toBeTruthy();
  for (const name of expertNames) await expect(circle.card(name)).toHaveAttribute('data-status', 'done');
  expect(problems).toEqual([]);
});

test('an expert pointed at a local listener never receives a stored key', async ({ page }) => {
  // The attacker's listener: records every request, answers each with an error.
  const seen: { url: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const listener = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"no"}}');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`;

  const storedKeys = ['sk-e2e-stored-openai-key-000111222333', 'sk-ant-e2e-stored-anthropic-444555666', 'sk-e2e-compatible-key-for-another-host-777'];
  const created: { credentials: string[]; expert?: string } = { credentials: [] };
  try {
    // Real keys, stored the way the settings page stores them (which also turns the simulated panel off).
    for (const [provider, apiKey, baseUrl] of [
      ['openai', storedKeys[0]],
      ['anthropic', storedKeys[1]],
      ['openai_compatible', storedKeys[2], 'http://127.0.0.1:9/v1'],
    ] as const) {
      const saved = await trpcMutation(page.request, 'credential.save', { provider, apiKey, ...(baseUrl ? { baseUrl } : {}) });
      expect(saved.status(), await saved.text()).toBe(200);
      created.credentials.push(((await saved.json()) as { result: { data: { id: string } } }).result.data.id);
    }

    // A built-in provider cannot be pointed anywhere.
    const redirected = await trpcMutation(page.request, 'expert.create', { name: 'Redirected OpenAI', provider: 'openai', model: 'gpt-4o', baseUrl: listenerUrl, temperature: 0.5, maxTokens: 256, enabled: true });
    expect(redirected.status()).toBe(400);

    // An OpenAI-compatible expert may point at the listener: it gets that endpoint's key (none), nothing else.
    const expert = await trpcMutation(page.request, 'expert.create', { name: 'Listener', provider: 'openai_compatible', model: 'listener-model', baseUrl: listenerUrl, temperature: 0.5, maxTokens: 256, enabled: true });
    expect(expert.status(), await expert.text()).toBe(200);
    created.expert = ((await expert.json()) as { result: { data: { id: string } } }).result.data.id;

    const started = await trpcMutation(page.request, 'run.create', { question: 'Where do the keys go?', expertIds: [created.expert] });
    expect(started.status(), await started.text()).toBe(200);
    const runId = ((await started.json()) as { result: { data: { id: string } } }).result.data.id;
    await expect
      .poll(async () => ((await (await page.request.get(`/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`)).json()) as { result: { data: { status: string } } }).result.data.status, { timeout: 30_000 })
      .not.toBe('running');

    // The listener was called (so the check below could fail) and saw none of the keys.
    expect(seen.length).toBeGreaterThan(0);
    const everything = JSON.stringify(seen);
    for (const key of storedKeys) expect(everything).not.toContain(key);
    for (const request of seen) expect(String(request.headers.authorization ?? '')).not.toMatch(/sk-/);
  } finally {
    // Back to the simulated panel for whoever runs next.
    if (created.expert) await trpcMutation(page.request, 'expert.remove', { id: created.expert });
    for (const id of created.credentials) await trpcMutation(page.request, 'credential.remove', { id });
    await new Promise((resolve) => listener.close(resolve));
  }
  expect((await trpcQuery<{ simulatorMode: boolean }>('system.info')).simulatorMode).toBe(true);
});
