import { z } from 'zod';
import { revokeRunShares, shareRun, shareStatus } from '../reports/shares';
import { publicProcedure, router } from '../trpc';
import { idSchema } from './run';

const byRun = z.object({ runId: idSchema });

export const reportRouter = router({
  /** A new read-only link; the token is shown this once (only its hash is stored). */
  share: publicProcedure.input(byRun).mutation(({ input }) => shareRun(input.runId)),
  revoke: publicProcedure.input(byRun).mutation(({ input }) => revokeRunShares(input.runId)),
  status: publicProcedure.input(byRun).query(({ input }) => shareStatus(input.runId)),
});
