import { z } from 'zod';
import { inviteUser, listUsers, resetPassword, setDisabled, setQuota } from '../auth/users';
import { adminProcedure, router } from '../trpc';
import { emailSchema, nameSchema, passwordSchema } from './account';

const userId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Malformed account id.');

/** Accounts, for the administrator: who exists, new accounts, disabling, password resets, quotas. */
export const userRouter = router({
  list: adminProcedure.query(() => listUsers()),

  create: adminProcedure
    .input(z.object({ name: nameSchema, email: emailSchema, password: passwordSchema, role: z.enum(['admin', 'user']).default('user') }))
    .mutation(async ({ input }) => ({ id: await inviteUser(input, input.role) })),

  setDisabled: adminProcedure.input(z.object({ userId, disabled: z.boolean() })).mutation(async ({ input, ctx }) => {
    await setDisabled(ctx.user.id, input.userId, input.disabled);
    return { ok: true as const };
  }),

  resetPassword: adminProcedure.input(z.object({ userId, password: passwordSchema })).mutation(async ({ input }) => {
    await resetPassword(input.userId, input.password);
    return { ok: true as const };
  }),

  setQuota: adminProcedure
    .input(
      z.object({
        userId,
        runsPerMinute: z.number().int().min(1).max(1000).nullable(),
        dailyBudgetUsd: z.number().min(0).max(100_000).nullable(),
      }),
    )
    .mutation(async ({ input }) => {
      await setQuota(input.userId, { runsPerMinute: input.runsPerMinute, dailyBudgetUsd: input.dailyBudgetUsd });
      return { ok: true as const };
    }),
});
