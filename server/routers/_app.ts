import { createCallerFactory, router } from '../trpc';
import { accountRouter } from './account';
import { credentialRouter } from './credential';
import { driveRouter } from './drive';
import { expertRouter } from './expert';
import { presetRouter } from './preset';
import { ratingRouter } from './rating';
import { reportRouter } from './report';
import { runRouter } from './run';
import { settingsRouter } from './settings';
import { systemRouter } from './system';
import { userRouter } from './user';

/** The root router: one sub-router per feature. */
export const appRouter = router({
  system: systemRouter,
  account: accountRouter,
  user: userRouter,
  expert: expertRouter,
  credential: credentialRouter,
  run: runRouter,
  preset: presetRouter,
  rating: ratingRouter,
  report: reportRouter,
  settings: settingsRouter,
  drive: driveRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
