import { z } from 'zod';
import { markBestAnswer, rateAnswer } from '../experts/ratings';
import { publicProcedure, router } from '../trpc';
import { idSchema } from './run';

export const ratingRouter = router({
  rate: publicProcedure
    .input(z.object({ answerId: idSchema, value: z.enum(['up', 'down']) }))
    .mutation(({ input }) => rateAnswer(input.answerId, input.value)),

  best: publicProcedure.input(z.object({ answerId: idSchema })).mutation(({ input }) => markBestAnswer(input.answerId)),
});
