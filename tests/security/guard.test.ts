import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRequest, checkRequestHead, refusalResponse } from '../../server/http/guard';
import { MAX_BODY_BYTES } from '../../server/http/limits';
import { appOrigin, cookiesSecure, hostnameOf, isAllowedHost } from '../../server/http/origin';

/**
 * The HTTP edge's rules (server/http/guard.ts, run by proxy.ts on every request), tried the
 * way an attacker would: forms and text bodies from another site, forged or missing origins,
 * rebinding hosts, oversized bodies declared and chunked.
 */

const saved = { CIRCLE_PUBLIC_URL: process.env.CIRCLE_PUBLIC_URL, PORT: process.env.PORT };
beforeEach(() => {
  delete process.env.CIRCLE_PUBLIC_URL;
  delete process.env.PORT;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const json = 'application/json';
function head(method: string, headers: Record<string, string>) {
  return checkRequestHead(method, new Headers(headers));
}
/** A same-origin mutation from the app's own page on 127.0.0.1:3000. */
const ownPost = (extra: Record<string, string> = {}) => ({ host: '127.0.0.1:3000', 'content-type': json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin', ...extra });

describe('Host header (DNS rebinding)', () => {
  it('in local use answers only to loopback names, on any port', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3100', '[::1]:3000', 'LOCALHOST', 'localhost.']) {
      expect(head('GET', { host }), host).toBeNull();
    }
    for (const host of ['attacker.example:3000', 'evil.test', '127.0.0.1.nip.io', '10.0.0.5:3000', 'localhost@evil.test', 'localhost:3000/x', '']) {
      expect(head('GET', { host })?.status, host).toBe(421);
    }
    expect(checkRequestHead('GET', new Headers())?.code).toBe('MISDIRECTED_HOST');
  });

  it('with CIRCLE_PUBLIC_URL answers only to that host, localhost included in the refusals', () => {
    process.env.CIRCLE_PUBLIC_URL = 'https://circle.example.com';
    expect(head('GET', { host: 'circle.example.com' })).toBeNull();
    expect(head('GET', { host: 'Circle.Example.com:443' })).toBeNull();
    expect(head('GET', { host: 'localhost:3000' })?.status).toBe(421);
    expect(head('GET', { host: 'circle.example.com.evil.test' })?.status).toBe(421);
    expect(isAllowedHost('evil.test')).toBe(false);
  });

  it('parses hostnames strictly', () => {
    expect(hostnameOf('[::1]:3000')).toBe('[::1]');
    expect(hostnameOf('a b')).toBeUndefined();
    expect(hostnameOf('user@host')).toBeUndefined();
  });
});

describe('state-changing requests (CSRF)', () => {
  it('accepts a same-origin JSON POST', () => {
    expect(head('POST', ownPost())).toBeNull();
    expect(head('POST', ownPost({ 'content-type': 'application/json; charset=utf-8' }))).toBeNull();
    // Either signal is enough when the other is absent (older browsers send no Sec-Fetch-Site).
    expect(head('POST', { host: '127.0.0.1:3000', 'content-type': json, origin: 'http://127.0.0.1:3000' })).toBeNull();
    expect(head('POST', { host: '127.0.0.1:3000', 'content-type': json, 'sec-fetch-site': 'same-origin' })).toBeNull();
    expect(head('DELETE', { host: 'localhost:3000', 'content-type': json, 'sec-fetch-site': 'none' })).toBeNull();
  });

  it('refuses the bodies a cross-site form or simple fetch can send without a preflight', () => {
    for (const type of ['multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain', 'text/plain; charset=utf-8', 'application/json-seq', 'application/jsonx']) {
      const refusal = head('POST', ownPost({ 'content-type': type }));
      expect(refusal, type).toMatchObject({ status: 403, code: 'UNSUPPORTED_CONTENT_TYPE' });
    }
    expect(head('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })?.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(head(method, ownPost({ 'content-type': 'text/plain' }))?.status).toBe(403);
  });

  it('refuses other origins, same-site siblings and requests that prove no origin at all', () => {
    const cases: Record<string, string>[] = [
      { origin: 'http://attacker.example' },
      { origin: 'null' },
      { origin: 'http://localhost:3000' }, // another loopback origin than the one addressed
      { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://attacker.example', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const extra of cases) {
      const headers: Record<string, string> = { host: '127.0.0.1:3000', 'content-type': json, ...extra };
      expect(head('POST', headers), JSON.stringify(extra)).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    }
  });

  it('with CIRCLE_PUBLIC_URL the Origin must be exactly the public origin', () => {
    process.env.CIRCLE_PUBLIC_URL = 'https://circle.example.com';
    const base = { host: 'circle.example.com', 'content-type': json };
    expect(head('POST', { ...base, origin: 'https://circle.example.com' })).toBeNull();
    expect(head('POST', { ...base, origin: 'http://circle.example.com' })?.status).toBe(403);
    expect(head('POST', { ...base, origin: 'https://evil.circle.example.com' })?.status).toBe(403);
  });

  it('leaves reads alone (GET, HEAD, OPTIONS need no JSON body or Origin)', () => {
    expect(head('GET', { host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' })).toBeNull();
    expect(head('HEAD', { host: '127.0.0.1:3000' })).toBeNull();
    expect(head('OPTIONS', { host: '127.0.0.1:3000' })).toBeNull();
  });
});

describe('body size', () => {
  it('refuses a declared body over 1 MiB with 413 before reading it', () => {
    expect(head('POST', ownPost({ 'content-length': String(MAX_BODY_BYTES) }))).toBeNull();
    expect(head('POST', ownPost({ 'content-length': String(MAX_BODY_BYTES + 1) }))).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
    expect(head('POST', ownPost({ 'content-length': 'lots' }))?.status).toBe(413);
    // Before the CSRF rules: a huge form post is told it is too large either way.
    expect(head('GET', { host: '127.0.0.1:3000', 'content-length': String(2 * MAX_BODY_BYTES) })?.status).toBe(413);
  });

  it('refuses a chunked body over 1 MiB by reading at most one byte past the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request('http://127.0.0.1:3000/api/trpc/run.create', { method: 'POST', headers: ownPost(), body: endless, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    expect(await checkRequest(request)).toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(MAX_BODY_BYTES + 256 * 1024);

    const small = new Request('http://127.0.0.1:3000/api/trpc/run.create', {
      method: 'POST',
      headers: ownPost(),
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{"0":{}}')), c.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect(await checkRequest(small)).toBeNull();
    expect(await small.text()).toBe('{"0":{}}'); // still readable by the route handler
  });
});

describe('refusals and origins', () => {
  it('answers refusals as JSON with a reason', async () => {
    const response = refusalResponse(head('POST', ownPost({ 'content-type': 'text/plain' }))!);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ error: { code: 'UNSUPPORTED_CONTENT_TYPE', message: expect.stringContaining('application/json') } });
  });

  it('builds links from CIRCLE_PUBLIC_URL, never from forwarded headers', () => {
    const forged = new Request('http://127.0.0.1:3000/', { headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https' } });
    expect(appOrigin(forged)).toBe('http://127.0.0.1:3000');
    expect(appOrigin(new Request('http://x/', { headers: { host: 'evil.test' } }))).toBe('http://localhost:3000');
    expect(cookiesSecure()).toBe(false);
    process.env.CIRCLE_PUBLIC_URL = 'https://circle.example.com';
    expect(appOrigin(forged)).toBe('https://circle.example.com');
    expect(cookiesSecure()).toBe(true);
  });
});
