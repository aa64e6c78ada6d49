import { TRPCClientError } from '@trpc/client';

/** A problem with one input field, as server/trpc.ts's error formatter reports zod issues. */
interface FieldIssue {
  path: string;
  message: string;
}

function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('validation' in data)) return [];
  const validation = (data as { validation: unknown }).validation;
  return Array.isArray(validation) ? (validation as FieldIssue[]) : [];
}

/** Field path (e.g. "question", "expertIds") to its first message, for showing next to the input. */
export function fieldErrors(error: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of fieldIssues(error)) {
    // "expertIds.0" belongs to the expertIds field.
    const field = issue.path.split('.')[0] ?? '';
    byField[field] ??= issue.message;
  }
  return byField;
}

/** A sentence a person can read; validation errors are shown by field, so this is the rest. */
export function errorMessage(error: unknown): string {
  if (fieldIssues(error).length > 0) return 'Please correct the highlighted fields.';
  if (error instanceof TRPCClientError) {
    // A fetch that never reached the server surfaces as a TypeError inside.
    if (error.cause instanceof TypeError) return 'The server could not be reached. Check that it is running.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** True when the server said the thing does not exist (a deleted run, a malformed id). */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code: unknown = (error.data as { code?: unknown } | undefined)?.code;
  return code === 'NOT_FOUND' || code === 'BAD_REQUEST';
}
