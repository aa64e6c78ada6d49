import { z } from 'zod';
import { oidcConfigured, signupOpen } from '../auth/auth';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { createFirstAdmin, needsSetup } from '../auth/setup';
import { env } from '../env';
import { quotaStatus } from '../quotas';
import { publicProcedure, router, userProcedure } from '../trpc';

export const nameSchema = z.string().trim().min(1, 'Enter a name.').max(100, 'A name can be at most 100 characters.');
export const emailSchema = z.string().trim().toLowerCase().email('Enter an email address.').max(254);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `A password can be at most ${MAX_PASSWORD_LENGTH} characters.`);

/**
 * Signing in itself is better-auth's (/api/auth/*); this is what the pages around it need:
 * whether the server still needs its administrator, how one can sign in, and who one is.
 */
export const accountRouter = router({
  setupStatus: publicProcedure.query(async () => ({
    needsSetup: await needsSetup(),
    signupOpen: signupOpen(),
    oidc: { enabled: oidcConfigured(), name: env().CIRCLE_OIDC_NAME },
  })),

  /** The first account, which becomes the administrator; CONFLICT once anyone has done it. */
  setup: publicProcedure.input(z.object({ name: nameSchema, email: emailSchema, password: passwordSchema })).mutation(async ({ input }) => {
    await createFirstAdmin(input);
    return { ok: true as const };
  }),

  me: userProcedure.query(async ({ ctx }) => ({
    id: ctx.user.id,
    name: ctx.user.name,
    email: ctx.user.email,
    role: ctx.user.role,
    /** Ratings move one weight per expert for everyone (the experts are the deployment's). */
    weightsScope: 'deployment' as const,
    quota: await quotaStatus(ctx.user.id, { runsPerMinute: ctx.user.runsPerMinute, dailyBudgetUsd: ctx.user.dailyBudgetUsd }),
  })),
});
