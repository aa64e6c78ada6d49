import { z } from 'zod';
import { findExpert, type ExpertRow } from '../db/repositories/experts';
import { readSetting, writeSetting } from '../db/repositories/settings';
import { resolveChair } from '../runs/chair';

/**
 * Who analyses the panel: off, auto (the simulator's scripted analyst on the simulated
 * panel; the chair's model with real experts, when there is a chair) or a chosen expert,
 * with its own deadline. Beside the chair on the settings page.
 */
export const DEFAULT_ANALYST_DEADLINE_MS = 90_000;

const deadlineMs = z.number().int().min(5_000, 'at least 5 seconds').max(600_000, 'at most 10 minutes').default(DEFAULT_ANALYST_DEADLINE_MS);

export const analystSettingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off'), deadlineMs }),
  z.object({ mode: z.literal('auto'), deadlineMs }),
  z.object({ mode: z.literal('expert'), expertId: z.string().min(1).max(64), deadlineMs }),
]);
export type AnalystSetting = z.infer<typeof analystSettingSchema>;

const ANALYST_SETTING = 'analyst';
const SIMULATED_ANALYST_SETTING = 'simulatedAnalystExpertId';

export const readAnalystSetting = () => readSetting(ANALYST_SETTING, analystSettingSchema, { mode: 'auto', deadlineMs: DEFAULT_ANALYST_DEADLINE_MS });
export const writeAnalystSetting = (setting: AnalystSetting) => writeSetting(ANALYST_SETTING, setting);
export const rememberSimulatedAnalyst = (expertId: string | null) => writeSetting(SIMULATED_ANALYST_SETTING, expertId);

export interface ResolvedAnalyst {
  expert: ExpertRow;
  deadlineMs: number;
}

/** The expert who analyses runs of this panel kind, or null when there is none (the offline estimate stands). */
export async function resolveAnalyst(simulatorMode: boolean): Promise<ResolvedAnalyst | null> {
  const setting = await readAnalystSetting();
  let expert: ExpertRow | null = null;
  if (setting.mode === 'expert') expert = await findExpert(setting.expertId);
  else if (setting.mode === 'auto') {
    if (simulatorMode) {
      const id = await readSetting(SIMULATED_ANALYST_SETTING, z.string().nullable(), null);
      expert = id ? await findExpert(id) : null;
    } else {
      expert = await resolveChair(false);
    }
  }
  // Deleted, or of the other panel kind: no analyst rather than a failed run.
  if (!expert || expert.deletedAt || expert.simulated !== simulatorMode) return null;
  return { expert, deadlineMs: setting.deadlineMs };
}
