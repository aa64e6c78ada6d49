import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/routers/_app';

/**
 * The one browser-side tRPC client. Queries and mutations are batched over
 * HTTP; subscriptions use SSE, which reconnects on its own and sends the last
 * tracked event id so the server resumes where the stream broke off.
 * No transformer: the server sends plain JSON (dates as ISO strings).
 */
const url = '/api/trpc';

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url }),
      // The server refuses batches above its maxBatchSize (10): split before that.
      false: httpBatchLink({ url, maxItems: 10 }),
    }),
  ],
});

export type RouterOutputs = inferRouterOutputs<AppRouter>;
