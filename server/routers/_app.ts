import { createCallerFactory, router } from '../trpc';
import { credentialRouter } from './credential';
import { expertRouter } from './expert';
import { runRouter } from './run';
import { systemRouter } from './system';

/** The root router: one sub-router per feature. */
export const appRouter = router({
  system: systemRouter,
  expert: expertRouter,
  credential: credentialRouter,
  run: runRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
