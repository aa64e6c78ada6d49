import type { Expert } from '../generated/sqlite/client';
import { getDb } from '../client';
import { cachedConfig, invalidateConfig } from '../config-cache';
import type { ExpertView } from '../../experts/types';
import type { ProviderKind } from '../../runs/types';
import { betaStdDev } from '../../experts/weights';

export type ExpertRow = Expert;

export interface ExpertFields {
  name: string;
  provider: ProviderKind;
  model: string;
  baseUrl?: string | null;
  systemPrompt?: string | null;
  temperature: number;
  maxTokens: number;
  enabled: boolean;
}

export function toExpertView(row: Expert): ExpertView {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as ProviderKind,
    model: row.model,
    baseUrl: row.baseUrl,
    systemPrompt: row.systemPrompt,
    temperature: row.temperature,
    maxTokens: row.maxTokens,
    enabled: row.enabled,
    simulated: row.simulated,
    weight: {
      mean: row.weightAlpha / (row.weightAlpha + row.weightBeta),
      uncertainty: betaStdDev(row.weightAlpha, row.weightBeta),
      alpha: row.weightAlpha,
      beta: row.weightBeta,
      ratingCount: row.ratingCount,
    },
  };
}

/** Live (not deleted) experts of one kind: the simulated panel or the real one. */
export function listExperts(simulated: boolean): Promise<Expert[]> {
  return cachedConfig(`experts:${simulated}`, () =>
    getDb().expert.findMany({ where: { deletedAt: null, simulated }, orderBy: [{ createdAt: 'asc' }, { name: 'asc' }] }),
  );
}

export function countRealExperts(): Promise<number> {
  return cachedConfig('realExperts', () => getDb().expert.count({ where: { deletedAt: null, simulated: false } }));
}

export function findExpert(id: string): Promise<Expert | null> {
  return cachedConfig(`expert:${id}`, () => getDb().expert.findUnique({ where: { id } }));
}

export async function createExpert(fields: ExpertFields & { simulated?: boolean }): Promise<Expert> {
  return getDb().expert.create({ data: fields }).finally(invalidateConfig);
}

export async function updateExpert(id: string, fields: Partial<ExpertFields>): Promise<Expert> {
  return getDb().expert.update({ where: { id }, data: fields }).finally(invalidateConfig);
}

/** Soft delete: past runs and shared reports still show the expert's name and answers. */
export async function softDeleteExpert(id: string): Promise<Expert> {
  return getDb().expert.update({ where: { id }, data: { deletedAt: new Date(), enabled: false } }).finally(invalidateConfig);
}

/**
 * Makes the simulated experts match the simulator script: creates the missing
 * ones (with the script's persona as system prompt), refreshes wire/model,
 * and soft-deletes those the script no longer has. Weights, ratings and
 * persona edits of existing simulated experts are kept.
 */
export async function syncSimulatedExperts(
  experts: { name: string; provider: ProviderKind; model: string; enabled: boolean; systemPrompt: string | null }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  invalidateConfig();
  const db = getDb();
  const existing = await db.expert.findMany({ where: { simulated: true } });
  const byName = new Map(existing.map((e) => [e.name, e]));
  for (const expert of experts) {
    const found = byName.get(expert.name);
    if (found) {
      await db.expert.update({
        where: { id: found.id },
        data: { provider: expert.provider, model: expert.model, deletedAt: null, ...(found.deletedAt ? { enabled: expert.enabled } : {}) },
      });
      byName.delete(expert.name);
      ids.set(expert.name, found.id);
    } else {
      const created = await db.expert.create({ data: { ...expert, simulated: true, temperature: 0.7, maxTokens: 1024 } });
      ids.set(expert.name, created.id);
    }
  }
  for (const stale of byName.values()) {
    if (!stale.deletedAt) await db.expert.update({ where: { id: stale.id }, data: { deletedAt: new Date() } });
  }
  invalidateConfig();
  return ids;
}
