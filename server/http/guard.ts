import { MAX_BODY_BYTES } from './limits';
import { isAllowedHost, isOwnOrigin } from './origin';

/**
 * The HTTP edge's rules, in one module, applied to every request by proxy.ts before any
 * page or route handler runs:
 *
 * 1. Host: only the public host (CIRCLE_PUBLIC_URL), or loopback names in local use.
 *    Anything else is a DNS-rebinding page or a misrouted request: 421.
 * 2. Body size: more than MAX_BODY_BYTES (1 MiB) is refused with 413 before anything parses it,
 *    by Content-Length when it is declared, by a bounded read when the body is chunked.
 * 3. State-changing requests (every method but GET, HEAD and OPTIONS): the body must be
 *    `application/json` (which a cross-site form or `fetch` without preflight cannot send) and
 *    the request must come from this app's own pages: `Origin` equal to the public origin, or
 *    `Sec-Fetch-Site: same-origin` / `none`. A request that proves neither is refused; one where
 *    either header says another site is refused even if the other looks fine. 403.
 *
 * Refusals are JSON: `{ "error": { "code", "message" } }`.
 * The session check of the accounts work belongs right after `checkRequest` in proxy.ts, so
 * it runs on the same requests in the same single place.
 */

export type RefusalCode = 'MISDIRECTED_HOST' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_CONTENT_TYPE' | 'CROSS_SITE_REQUEST';

export interface Refusal {
  status: 403 | 413 | 421;
  code: RefusalCode;
  message: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SAME_ORIGIN_FETCH_SITES = new Set(['same-origin', 'none']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `application/json`, with or without parameters (`; charset=utf-8`); nothing else. */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const essence = value.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json';
}

const refuse = (status: Refusal['status'], code: RefusalCode, message: string): Refusal => ({ status, code, message });

/** The rules that need only the method and the headers (everything but a chunked body's size). */
export function checkRequestHead(method: string, headers: Headers): Refusal | null {
  const host = headers.get('host');
  if (!isAllowedHost(host)) {
    return refuse(421, 'MISDIRECTED_HOST', `This server does not answer for the host "${(host ?? '').slice(0, 100)}". Set CIRCLE_PUBLIC_URL to the address people use to reach it.`);
  }

  const declared = headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length > MAX_BODY_BYTES) return tooLarge();
  }

  if (!isStateChanging(method)) return null;

  if (!isJsonContentType(headers.get('content-type'))) {
    return refuse(403, 'UNSUPPORTED_CONTENT_TYPE', 'This request changes data, so it must be sent as application/json (forms, multipart and text bodies are refused).');
  }

  const origin = headers.get('origin');
  const fetchSite = headers.get('sec-fetch-site')?.trim().toLowerCase() ?? null;
  const originOk = origin === null ? null : isOwnOrigin(origin, host);
  const fetchSiteOk = fetchSite === null ? null : SAME_ORIGIN_FETCH_SITES.has(fetchSite);
  if (originOk === false || fetchSiteOk === false || (originOk === null && fetchSiteOk === null)) {
    return refuse(403, 'CROSS_SITE_REQUEST', 'Cross-site request refused: changes are accepted only from this app\'s own pages (same Origin, or Sec-Fetch-Site: same-origin).');
  }
  return null;
}

function tooLarge(): Refusal {
  return refuse(413, 'BODY_TOO_LARGE', `Request body too large: at most ${MAX_BODY_BYTES.toLocaleString('en-US')} bytes are accepted.`);
}

/**
 * Every rule, the body's size included. A body without Content-Length (chunked) is read here;
 * Next buffers proxy request bodies (experimental.proxyClientMaxBodySize, twice the limit in
 * next.config.ts, because Next cuts a longer body off silently) so the route handler can still
 * read it afterwards.
 */
export async function checkRequest(request: Request): Promise<Refusal | null> {
  const head = checkRequestHead(request.method, request.headers);
  if (head) return head;
  if (request.body && request.headers.get('content-length') === null) {
    const size = await boundedSize(request.clone().body!, MAX_BODY_BYTES);
    if (size > MAX_BODY_BYTES) return tooLarge();
  }
  return null;
}

/** Reads at most limit + 1 bytes of a stream and reports how many it saw. */
export async function boundedSize(body: ReadableStream<Uint8Array>, limit: number): Promise<number> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return size;
      size += value.byteLength;
      if (size > limit) return size;
    }
  } finally {
    // Not awaited: on a tee'd (cloned) body, cancel settles only once the other branch is done too.
    reader.cancel().catch(() => {});
  }
}

export function refusalResponse(refusal: Refusal): Response {
  return new Response(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }), {
    status: refusal.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}
