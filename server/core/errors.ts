/**
 * The typed error both backends raise. The fallback throws it directly; the
 * native addon throws `Error("CODE: message")`, which `fromNativeError` turns
 * back into the same class so callers see one error shape whichever backend runs.
 */
import type { CoreErrorCode } from './types';

const CODES: readonly CoreErrorCode[] = [
  'EMPTY_PANEL',
  'DUPLICATE_EXPERT',
  'INVALID_WEIGHT',
  'INVALID_CONFIDENCE',
  'INVALID_ARGUMENT',
  'TOO_LARGE',
  'INTERNAL',
];

export class CoreError extends Error {
  readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
  }
}

export function isCoreErrorCode(value: string): value is CoreErrorCode {
  return (CODES as readonly string[]).includes(value);
}

/** Converts whatever the addon threw into a CoreError (INTERNAL when it has no code prefix). */
export function fromNativeError(err: unknown): CoreError {
  if (err instanceof CoreError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
  if (match && match[1] !== undefined && match[2] !== undefined && isCoreErrorCode(match[1])) {
    return new CoreError(match[1], match[2]);
  }
  return new CoreError('INTERNAL', `native core failed: ${text}`);
}
