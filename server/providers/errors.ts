import type { ProviderKind } from './types';

/**
 * The one error type that leaves server/providers. Every SDK's errors are translated here so
 * the orchestrator and the UI see a `kind`, whether a retry can help, and a sentence a person
 * understands. Messages never contain stack traces, request headers or API keys.
 */

export type ProviderErrorKind = 'auth' | 'rate_limit' | 'timeout' | 'upstream' | 'malformed' | 'cancelled' | 'bad_request';

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  provider: ProviderKind;
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.provider = init.provider;
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** How a provider is named in messages; OpenAI-compatible endpoints by their host. */
export function providerLabel(provider: ProviderKind, baseUrl?: string): string {
  switch (provider) {
    case 'openai':
      return 'OpenAI';
    case 'anthropic':
      return 'Anthropic';
    case 'gemini':
      return 'Google Gemini';
    case 'openai_compatible': {
      const host = baseUrl ? safeHost(baseUrl) : undefined;
      return host ? `the OpenAI-compatible endpoint at ${host}` : 'the OpenAI-compatible endpoint';
    }
  }
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

const MAX_REASON_CHARS = 300;

/**
 * What of an upstream's text may reach a message (and so the UI and the database): anything
 * shaped like a credential is replaced by [redacted] — provider key formats (sk-…, sk-ant-…,
 * AIza…, xai-…, gsk_…, hf_…), bearer tokens, `key=`/`api_key=` query parameters,
 * auth headers echoed back, and any long unbroken token (32+ key-ish characters) — an HTML
 * error page is named, not quoted, and the whole is cut to 300 characters. Exported for the
 * adapters and for anything else that quotes an upstream.
 */
export function summariseUpstreamText(text: string): string {
  if (/<\s*(!doctype|html|head|body)\b/i.test(text)) return 'the server answered with an HTML page';
  const redacted = text
    .replace(/\b(authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|cookie)\s*[:=]\s*("[^"]*"|'[^']*'|[^\s,;]+(\s+[^\s,;]+)?)/gi, '$1: [redacted]')
    .replace(/\bbearer\s+[^\s,;"']+/gi, 'Bearer [redacted]')
    .replace(/([?&;\s"']|^)(key|api_key|apikey|access_token|token)=([^&\s"']+)/gi, '$1$2=[redacted]')
    .replace(/\b(sk|pk|rk)-(ant-|proj-|svcacct-|or-)?[A-Za-z0-9_-]{8,}/g, '[redacted]')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, '[redacted]')
    .replace(/\b(xai|gsk|hf|ghp|gho|glpat)[-_][A-Za-z0-9_-]{12,}/g, '[redacted]')
    .replace(/[A-Za-z0-9_\-+/=]{32,}/g, '[redacted]');
  return shorten(redacted);
}

function shorten(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON_CHARS ? `${flat.slice(0, MAX_REASON_CHARS - 1)}…` : flat;
}

/** Every quoted upstream reason goes through here. */
function summarise(reason: string): string {
  return summariseUpstreamText(reason);
}

export interface HttpFailure {
  provider: ProviderKind;
  label: string;
  status: number;
  /** The provider's own explanation, from its error body. */
  reason?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** Decides kind and retryability from an HTTP status: the heart of "what can a retry fix". */
export function httpError({ provider, label, status, reason, retryAfterMs, cause }: HttpFailure): ProviderError {
  const base = { provider, status, cause };
  const because = reason ? `: ${summarise(reason)}` : '';
  if (status === 401) {
    // The provider's text for a bad key echoes part of the key; the label says enough.
    return new ProviderError({ ...base, kind: 'auth', retryable: false, message: `Invalid API key for ${label}` });
  }
  if (status === 403) {
    return new ProviderError({ ...base, kind: 'auth', retryable: false, message: `${label} refused access with this API key${because}` });
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : ` (it asked to wait ${formatSeconds(retryAfterMs)})`;
    return new ProviderError({
      ...base,
      kind: 'rate_limit',
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: `${label} is rate limiting requests${wait}`,
    });
  }
  if (status >= 500 || status === 408 || status === 409) {
    return new ProviderError({ ...base, kind: 'upstream', retryable: true, message: `${label} had a server error (HTTP ${status})${because}` });
  }
  return new ProviderError({ ...base, kind: 'bad_request', retryable: false, message: `${label} rejected the request${because || ` (HTTP ${status})`}` });
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** Reads `retry-after-ms` (OpenAI, Anthropic) or `retry-after` (seconds or an HTTP date). */
export function retryAfterFromHeaders(get: (name: string) => string | null | undefined): number | undefined {
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const DROP_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * Recognises a network failure by undici's error codes, or by fetch's two generic messages
 * ("fetch failed" before the response, "terminated" when the body breaks off).
 */
export function transportError(provider: ProviderKind, label: string, error: unknown): ProviderError | undefined {
  const codes = errorCodes(error);
  const message = error instanceof Error ? error.message : '';
  if (codes.some((code) => CONNECT_CODES.has(code))) {
    return new ProviderError({ provider, kind: 'upstream', retryable: true, cause: error, message: `Could not connect to ${label} (${codes.find((c) => CONNECT_CODES.has(c))})` });
  }
  if (codes.some((code) => DROP_CODES.has(code)) || message === 'terminated') {
    return new ProviderError({ provider, kind: 'upstream', retryable: true, cause: error, message: `The connection to ${label} was interrupted` });
  }
  if (message === 'fetch failed') {
    return new ProviderError({ provider, kind: 'upstream', retryable: true, cause: error, message: `Could not connect to ${label}` });
  }
  return undefined;
}

export function malformedError(provider: ProviderKind, label: string, cause?: unknown): ProviderError {
  // Retryable only in principle: the policy never retries once text has been yielded.
  return new ProviderError({ provider, kind: 'malformed', retryable: true, cause, message: `${label} sent a response that could not be read` });
}

export function cancelledError(provider: ProviderKind, label: string): ProviderError {
  return new ProviderError({ provider, kind: 'cancelled', retryable: false, message: `The request to ${label} was cancelled` });
}

/** The stream closed cleanly but without the provider's end-of-answer marker. */
export function truncatedError(provider: ProviderKind, label: string): ProviderError {
  return new ProviderError({ provider, kind: 'upstream', retryable: true, message: `${label} closed the stream before the answer was complete` });
}

export function unexpectedError(provider: ProviderKind, label: string, cause: unknown): ProviderError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ProviderError({ provider, kind: 'upstream', retryable: false, cause, message: `${label} failed: ${summarise(reason)}` });
}

/** An error event inside an already-open stream: the provider failed after it started answering. */
export function streamEventError(provider: ProviderKind, label: string, reason: string, cause: unknown): ProviderError {
  return new ProviderError({ provider, kind: 'upstream', retryable: true, cause, message: `${label} reported an error mid-stream: ${summarise(reason)}` });
}
