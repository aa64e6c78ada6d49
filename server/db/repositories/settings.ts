import type { z } from 'zod';
import { getDb } from '../client';
import { cachedConfig, invalidateConfig } from '../config-cache';

/** Small app-wide settings stored as JSON, each read through a zod schema so a bad row cannot leak in. */
export async function readSetting<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const row = await cachedConfig(`setting:${key}`, () => getDb().setting.findUnique({ where: { key } }));
  if (!row) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await getDb().setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } }).finally(invalidateConfig);
}
