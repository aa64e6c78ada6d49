import { z } from 'zod';
import { findExpert } from '../db/repositories/experts';
import { listWeightHistory } from '../db/repositories/weights';
import { notFound } from '../errors';
import { isAgreementNudgeOn, resetWeight, setAgreementNudge } from '../experts/ratings';
import { chairSettingSchema, readChairSetting, writeChairSetting } from '../runs/chair';
import { analystSettingSchema, readAnalystSetting, writeAnalystSetting } from '../analyst/settings';
import { adminProcedure, router, userProcedure } from '../trpc';
import { idSchema } from './run';

/** The chair or analyst must be an expert that exists (not deleted). */
async function assertLiveExpert(expertId: string): Promise<void> {
  const expert = await findExpert(expertId);
  if (!expert || expert.deletedAt) throw notFound('That expert');
}

export const settingsRouter = router({
  get: userProcedure.query(async () => ({ chair: await readChairSetting(), analyst: await readAnalystSetting(), agreementNudge: await isAgreementNudgeOn() })),

  setAnalyst: adminProcedure.input(analystSettingSchema).mutation(async ({ input }) => {
    if (input.mode === 'expert') await assertLiveExpert(input.expertId);
    await writeAnalystSetting(input);
    return input;
  }),

  setChair: adminProcedure.input(chairSettingSchema).mutation(async ({ input }) => {
    if (input.mode === 'expert') await assertLiveExpert(input.expertId);
    await writeChairSetting(input);
    return input;
  }),

  setAgreementNudge: adminProcedure.input(z.object({ on: z.boolean() })).mutation(async ({ input }) => {
    await setAgreementNudge(input.on);
    return input;
  }),

  /** Every weight change of these experts, oldest first: the chart's series and the audit trail. */
  weightHistory: userProcedure.input(z.object({ expertIds: z.array(idSchema).min(1).max(200) })).query(({ input }) => listWeightHistory(input.expertIds)),

  resetWeight: adminProcedure.input(z.object({ expertId: idSchema })).mutation(async ({ input }) => {
    await resetWeight(input.expertId);
    return { ok: true as const };
  }),
});
