import { tracked } from '@trpc/server';
import { z } from 'zod';
import { listExperts } from '../db/repositories/experts';
import { listRuns } from '../db/repositories/runs';
import { DomainError } from '../errors';
import { isSimulatorMode } from '../experts/connection';
import { maxPanelSize } from '../http/limits';
import { getOrchestrator } from '../runs/orchestrator';
import { assertOwnsAnswer, assertOwnsRun } from '../runs/access';
import { userProcedure, router } from '../trpc';

export const MAX_QUESTION_LENGTH = 32_000;

/** cuid ids as Prisma creates them; anything else is rejected before touching the database. */
export const idSchema = z.string().regex(/^[a-z0-9]{20,32}$/, 'Malformed id.');

const questionSchema = z
  .string()
  .trim()
  .min(1, 'Ask a question first.')
  .max(MAX_QUESTION_LENGTH, `A question can be at most ${MAX_QUESTION_LENGTH.toLocaleString('en-US')} characters.`);

/** Someone else's run is "not found" (server/runs/access.ts). */
const ownRun = userProcedure.input(z.object({ id: idSchema })).use(async ({ input, ctx, next }) => {
  await assertOwnsRun(ctx.user.id, input.id);
  return next();
});

export const runRouter = router({
  create: userProcedure
    .input(
      z.object({
        question: questionSchema,
        // Each expert is a paid upstream call: CIRCLE_MAX_PANEL (default 12) bounds one run.
        expertIds: z
          .array(idSchema)
          .optional()
          .superRefine((ids, ctx) => {
            const max = maxPanelSize();
            if (ids && ids.length > max) ctx.addIssue({ code: 'custom', message: `A run can ask at most ${max} experts (CIRCLE_MAX_PANEL).` });
          }),
      }),
    )
    .mutation(async ({ input, ctx }) => {
      // No list means "every enabled expert": the same bound applies to that panel.
      if (!input.expertIds) {
        const max = maxPanelSize();
        const enabled = (await listExperts(await isSimulatorMode())).filter((e) => e.enabled).length;
        if (enabled > max) {
          throw new DomainError('INVALID_INPUT', `${enabled} experts are enabled but a run can ask at most ${max} (CIRCLE_MAX_PANEL): pick a panel or disable some.`);
        }
      }
      return getOrchestrator().start({ ...input, owner: ctx.user });
    }),

  get: ownRun.query(({ input }) => getOrchestrator().view(input.id)),

  list: userProcedure
    .input(
      z.object({
        search: z.string().trim().max(500).optional(),
        cursor: idSchema.optional(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .query(({ input, ctx }) => listRuns(ctx.user.id, input.search || undefined, input.cursor, input.limit)),

  /** Asks a failed answer's expert again, in the same run; refused while the run is running. */
  retryAnswer: userProcedure.input(z.object({ answerId: idSchema })).mutation(async ({ input, ctx }) => {
    const runId = await assertOwnsAnswer(ctx.user.id, input.answerId);
    return getOrchestrator().retryAnswer(runId, input.answerId, ctx.user);
  }),

  cancel: ownRun.mutation(async ({ input }) => {
    await getOrchestrator().cancel(input.id);
    return { ok: true as const };
  }),

  /** The live stream: tracked ids let a reconnecting client resume after lastEventId. */
  events: userProcedure
    .input(z.object({ runId: idSchema, lastEventId: z.string().max(32).nullish() }))
    // Checked before the stream opens, where the error still maps to NOT_FOUND (not inside the generator).
    .use(async ({ input, ctx, next }) => {
      await assertOwnsRun(ctx.user.id, input.runId);
      return next();
    })
    .subscription(async function* ({ input, signal }) {
      for await (const { seq, event } of getOrchestrator().events(input.runId, input.lastEventId ?? undefined, signal)) {
        yield tracked(String(seq), event);
      }
    }),
});
