/**
 * Domain errors: what went wrong in words a person can act on. Modules throw
 * these; server/trpc.ts maps them to TRPCError in one place.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'NOT_CONFIGURED'
  | 'UNAUTHORIZED'
  | 'UPSTREAM'
  /** Too many runs at once or in the last minute; retryAfterSeconds says when to try again. */
  | 'RATE_LIMITED'
  /** Allowed in general but not to this person now (a spent daily budget…). */
  | 'FORBIDDEN';

export interface DomainErrorOptions {
  /** For RATE_LIMITED: seconds until a retry may succeed (an HTTP Retry-After). */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`);
export const invalidInput = (message: string) => new DomainError('INVALID_INPUT', message);
