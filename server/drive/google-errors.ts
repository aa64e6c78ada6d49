/**
 * What a failed Google call means for the exporter, read from the error the
 * googleapis client throws (a GaxiosError: `status`, `response.data`,
 * `response.headers`). Only Google's own error code and message are kept:
 * the error object also carries the request, Authorization header included,
 * so it is never logged or passed on.
 */

export type GoogleFailureKind =
  /** invalid_grant from the token endpoint: the refresh token was revoked or expired. */
  | 'grant_revoked'
  /** 401 from the API: the access token was not accepted. */
  | 'unauthorized'
  /** 403 without the Drive scope: the user unticked it on the consent page. */
  | 'scope_missing'
  | 'not_found'
  /** Rate limits, 5xx and network failures: worth another try after a pause. */
  | 'retryable'
  | 'failed';

export interface GoogleFailure {
  kind: GoogleFailureKind;
  status: number | null;
  /** Drive's `errors[0].reason` or the OAuth `error` code. */
  reason: string | null;
  message: string;
  /** From a Retry-After header, when Google sent one. */
  retryAfterMs: number | null;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const SCOPE_REASONS = new Set(['insufficientPermissions', 'insufficientScopes', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  config?: unknown;
  response?: { status?: unknown; data?: unknown; headers?: unknown };
}

export function describeGoogleError(error: unknown): GoogleFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : typeof e.response?.status === 'number' ? e.response.status : null;
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  const apiError = typeof data?.error === 'object' && data.error !== null ? (data.error as { message?: unknown; errors?: { reason?: unknown }[] }) : null;
  const oauthError = typeof data?.error === 'string' ? data.error : null;
  const reason = oauthError ?? (typeof apiError?.errors?.[0]?.reason === 'string' ? apiError.errors[0].reason : null);
  const message =
    (typeof apiError?.message === 'string' && apiError.message) ||
    (typeof data?.error_description === 'string' && data.error_description) ||
    oauthError ||
    (status === null && typeof e.code === 'string' ? `network error (${e.code})` : null) ||
    'unknown error';
  const failure = (kind: GoogleFailureKind): GoogleFailure => ({ kind, status, reason, message, retryAfterMs: retryAfter(e.response?.headers) });

  if (oauthError === 'invalid_grant') return failure('grant_revoked');
  if (status === 401) return failure('unauthorized');
  if (status === 403 && reason && SCOPE_REASONS.has(reason)) return failure('scope_missing');
  if (status === 404) return failure('not_found');
  if (status === 429 || (status !== null && status >= 500) || (status === 403 && reason !== null && RATE_LIMIT_REASONS.has(reason))) return failure('retryable');
  // No response at all: the request never reached Google (reset, DNS, timeout). Only for
  // errors from the HTTP client (they carry the request config), not our own bugs.
  if (status === null && e.config !== undefined) return failure('retryable');
  return failure('failed');
}

function retryAfter(headers: unknown): number | null {
  const value = headers instanceof Headers ? headers.get('retry-after') : null;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
