import { z } from 'zod';
import { markBestAnswer, rateAnswer } from '../experts/ratings';
import { assertOwnsAnswer } from '../runs/access';
import { router, userProcedure } from '../trpc';
import { idSchema } from './run';

/** A person rates the answers of their own runs; the weights they move are shared (see README, "Accounts"). */
const ownAnswer = userProcedure.input(z.object({ answerId: idSchema })).use(async ({ input, ctx, next }) => {
  await assertOwnsAnswer(ctx.user.id, input.answerId);
  return next();
});

export const ratingRouter = router({
  rate: ownAnswer.input(z.object({ value: z.enum(['up', 'down']) })).mutation(({ input }) => rateAnswer(input.answerId, input.value)),
  best: ownAnswer.mutation(({ input }) => markBestAnswer(input.answerId)),
});
