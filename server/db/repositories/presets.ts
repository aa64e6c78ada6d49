import type { PanelPreset } from '../generated/sqlite/client';
import { getDb } from '../client';
import { DomainError, notFound } from '../../errors';

/** A saved panel as stored: its experts' ids parsed from the JSON text column. */
export interface PresetRow {
  id: string;
  name: string;
  expertIds: string[];
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function parseIds(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function toRow(preset: PanelPreset): PresetRow {
  return {
    id: preset.id,
    name: preset.name,
    expertIds: parseIds(preset.expertIds),
    isDefault: preset.isDefault,
    createdAt: preset.createdAt,
    updatedAt: preset.updatedAt,
  };
}

const duplicateName = (name: string) => new DomainError('CONFLICT', `You already have a preset named "${name}".`);

/** Prisma's unique-constraint failure, whichever driver adapter raised it. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}

/** Names compare without case: "Fast" and "fast" would be the same entry in the picker. */
async function assertNameFree(userId: string, name: string, exceptId?: string): Promise<void> {
  const presets = await getDb().panelPreset.findMany({ where: { userId }, select: { id: true, name: true } });
  if (presets.some((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase())) throw duplicateName(name);
}

/** One person's presets, by name. */
export async function listPresets(userId: string): Promise<PresetRow[]> {
  const rows = await getDb().panelPreset.findMany({ where: { userId }, orderBy: [{ name: 'asc' }, { createdAt: 'asc' }] });
  return rows.map(toRow);
}

/** Someone else's preset is "not found", exactly like one that never existed. */
async function ownPreset(userId: string, id: string): Promise<PanelPreset> {
  const preset = await getDb().panelPreset.findFirst({ where: { id, userId } });
  if (!preset) throw notFound('That preset');
  return preset;
}

export async function createPreset(userId: string, input: { name: string; expertIds: string[]; isDefault?: boolean }): Promise<PresetRow> {
  await assertNameFree(userId, input.name);
  try {
    const created = await getDb().$transaction(async (tx) => {
      if (input.isDefault) await tx.panelPreset.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      return tx.panelPreset.create({
        data: { userId, name: input.name, expertIds: JSON.stringify(input.expertIds), isDefault: input.isDefault ?? false },
      });
    });
    return toRow(created);
  } catch (error) {
    // Two saves racing past the check: the unique index has the last word.
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}

export async function renamePreset(userId: string, id: string, name: string): Promise<PresetRow> {
  await ownPreset(userId, id);
  await assertNameFree(userId, name, id);
  try {
    return toRow(await getDb().panelPreset.update({ where: { id }, data: { name } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

export async function removePreset(userId: string, id: string): Promise<void> {
  await ownPreset(userId, id);
  await getDb().panelPreset.deleteMany({ where: { id, userId } });
}

/** Makes this preset the one default (clearing any other in the same transaction); null clears the default. */
export async function setDefaultPreset(userId: string, id: string | null): Promise<void> {
  if (id !== null) await ownPreset(userId, id);
  await getDb().$transaction(async (tx) => {
    await tx.panelPreset.updateMany({ where: { userId, isDefault: true, ...(id ? { id: { not: id } } : {}) }, data: { isDefault: false } });
    if (id !== null) await tx.panelPreset.updateMany({ where: { id, userId }, data: { isDefault: true } });
  });
}
