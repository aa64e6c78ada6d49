import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { MAX_BATCH_SIZE } from '@/server/http/limits';
import { appRouter } from '@/server/routers/_app';

// Runs, subscriptions and the database live in this Node process.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // Host, CSRF and body-size rules ran in proxy.ts before this; here only the batch bound.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => ({}),
    onError({ error, path }) {
      // Expected errors (bad input, not found…) are the caller's to show; log only the unexpected.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
