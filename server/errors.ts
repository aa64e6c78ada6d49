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
  | 'UPSTREAM';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`);
export const invalidInput = (message: string) => new DomainError('INVALID_INPUT', message);
