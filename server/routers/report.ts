import { z } from 'zod';
import { revokeRunShares, shareRun, shareStatus } from '../reports/shares';
import { assertOwnsRun } from '../runs/access';
import { router, userProcedure } from '../trpc';
import { idSchema } from './run';

/** The run must be the caller's before anything about its links is made, shown or revoked. */
const ownRun = userProcedure.input(z.object({ runId: idSchema })).use(async ({ input, ctx, next }) => {
  await assertOwnsRun(ctx.user.id, input.runId);
  return next();
});

export const reportRouter = router({
  /** A new read-only link (the run's previous one stops working); the token is shown this once. */
  share: ownRun.mutation(({ input }) => shareRun(input.runId)),
  revoke: ownRun.mutation(({ input }) => revokeRunShares(input.runId)),
  status: ownRun.query(({ input }) => shareStatus(input.runId)),
});
