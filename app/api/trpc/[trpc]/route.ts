import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sessionUser } from '@/server/auth/session';
import { DomainError } from '@/server/errors';
import { MAX_BATCH_SIZE } from '@/server/http/limits';
import { appRouter } from '@/server/routers/_app';

// Runs, subscriptions and the database live in this Node process.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A refused run start says when to try again, as HTTP Retry-After. */
function retryAfterSeconds(errors: readonly { cause?: unknown }[]): number | undefined {
  const seconds = errors.map((e) => (e.cause instanceof DomainError ? e.cause.retryAfterSeconds : undefined)).filter((s): s is number => s !== undefined);
  return seconds.length ? Math.max(...seconds) : undefined;
}

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // Host, CSRF, body-size and session rules ran in proxy.ts before this; here only the batch bound.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async () => ({ user: await sessionUser(req.headers) }),
    responseMeta({ errors }) {
      const retryAfter = retryAfterSeconds(errors);
      return retryAfter === undefined ? {} : { headers: new Headers({ 'retry-after': String(retryAfter) }) };
    },
    onError({ error, path }) {
      // Expected errors (bad input, not found…) are the caller's to show; log only the unexpected.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
