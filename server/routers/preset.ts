import { z } from 'zod';
import { findExpert, listExperts } from '../db/repositories/experts';
import { createPreset, listPresets, removePreset, renamePreset, setDefaultPreset, type PresetRow } from '../db/repositories/presets';
import { DomainError } from '../errors';
import { isSimulatorMode } from '../experts/connection';
import { maxPanelSize } from '../http/limits';
import { router, userProcedure } from '../trpc';
import { idSchema } from './run';

/** Why a saved expert is left out when the preset is picked. */
export type SkipReason = 'disabled' | 'deleted' | 'unavailable';

export interface PresetView {
  id: string;
  name: string;
  isDefault: boolean;
  /** The preset's experts that can be asked now: live and enabled, in the saved order. */
  expertIds: string[];
  /** Saved experts the administrator has since disabled or deleted: shown in a note, never sent. */
  skipped: { id: string; name: string; reason: SkipReason }[];
}

const presetName = z.string().trim().min(1, 'Give the preset a name.').max(80, 'A preset name can be at most 80 characters.');

/** Resolves each preset's saved ids against the panel as the administrator has it now. */
async function toViews(presets: PresetRow[]): Promise<PresetView[]> {
  const live = new Map((await listExperts(await isSimulatorMode())).map((e) => [e.id, e]));
  const skippedCache = new Map<string, { name: string; reason: SkipReason }>();
  const skippedFor = async (id: string) => {
    let entry = skippedCache.get(id);
    if (!entry) {
      const row = live.get(id) ?? (await findExpert(id));
      entry = !row
        ? { name: 'A removed expert', reason: 'deleted' }
        : { name: row.name, reason: row.deletedAt ? 'deleted' : live.has(id) ? 'disabled' : 'unavailable' };
      skippedCache.set(id, entry);
    }
    return entry;
  };
  return Promise.all(
    presets.map(async (preset) => {
      const expertIds: string[] = [];
      const skipped: PresetView['skipped'] = [];
      for (const id of preset.expertIds) {
        if (live.get(id)?.enabled) expertIds.push(id);
        else skipped.push({ id, ...(await skippedFor(id)) });
      }
      return { id: preset.id, name: preset.name, isDefault: preset.isDefault, expertIds, skipped };
    }),
  );
}

/** A person's named panels for the ask page; each sees only their own (someone else's is "not found"). */
export const presetRouter = router({
  list: userProcedure.query(async ({ ctx }) => toViews(await listPresets(ctx.user.id))),

  create: userProcedure
    .input(
      z.object({
        name: presetName,
        expertIds: z
          .array(idSchema)
          .min(1, 'Tick at least one expert to save a panel.')
          .superRefine((ids, ctx) => {
            const max = maxPanelSize();
            if (ids.length > max) ctx.addIssue({ code: 'custom', message: `A panel can have at most ${max} experts (CIRCLE_MAX_PANEL).` });
          }),
        isDefault: z.boolean().optional(),
      }),
    )
    .mutation(async ({ input, ctx }) => {
      const ids = [...new Set(input.expertIds)];
      const live = new Map((await listExperts(await isSimulatorMode())).map((e) => [e.id, e]));
      if (ids.some((id) => !live.get(id)?.enabled)) {
        throw new DomainError('INVALID_INPUT', 'One of these experts is no longer available; reload the page and save again.');
      }
      const [view] = await toViews([await createPreset(ctx.user.id, { name: input.name, expertIds: ids, isDefault: input.isDefault ?? false })]);
      return view!;
    }),

  rename: userProcedure.input(z.object({ id: idSchema, name: presetName })).mutation(async ({ input, ctx }) => {
    const [view] = await toViews([await renamePreset(ctx.user.id, input.id, input.name)]);
    return view!;
  }),

  remove: userProcedure.input(z.object({ id: idSchema })).mutation(async ({ input, ctx }) => {
    await removePreset(ctx.user.id, input.id);
    return { ok: true as const };
  }),

  /** The preset the ask page opens with; null for none. */
  setDefault: userProcedure.input(z.object({ id: idSchema.nullable() })).mutation(async ({ input, ctx }) => {
    await setDefaultPreset(ctx.user.id, input.id);
    return { ok: true as const };
  }),
});
