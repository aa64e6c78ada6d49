import { z } from 'zod';
import { createExpert, listExperts } from '../db/repositories/experts';
import { readSetting, writeSetting } from '../db/repositories/settings';
import { env } from '../env';
import type { ProviderKind } from '../runs/types';
import { providersInEnv } from './connection';

/** Starting experts for the providers whose keys are in the environment; edited freely on the settings page. */
const defaultExperts: Record<Exclude<ProviderKind, 'openai_compatible'>, { name: string; model: string }> = {
  openai: { name: 'GPT', model: 'gpt-4.1-mini' },
  anthropic: { name: 'Claude', model: 'claude-sonnet-4-5' },
  gemini: { name: 'Gemini', model: 'gemini-2.5-flash' },
};

/**
 * Creates each provider's default expert once. A setting remembers it was
 * done, so an expert the person deleted does not come back on the next start.
 */
export async function seedDefaultExperts(): Promise<string[]> {
  const seeded = await readSetting('seededProviders', z.array(z.string()), []);
  const existing = await listExperts(false);
  const created: string[] = [];
  for (const provider of providersInEnv()) {
    if (seeded.includes(provider)) continue;
    if (provider === 'openai_compatible') {
      const models = (env().OPENAI_COMPATIBLE_MODELS ?? '').split(',').map((m) => m.trim()).filter(Boolean);
      for (const model of models) {
        if (existing.some((e) => e.provider === provider && e.model === model)) continue;
        await createExpert({ name: model, provider, model, baseUrl: env().OPENAI_COMPATIBLE_BASE_URL ?? null, temperature: 0.7, maxTokens: 1024, enabled: true });
        created.push(model);
      }
    } else if (!existing.some((e) => e.provider === provider)) {
      const { name, model } = defaultExperts[provider];
      await createExpert({ name, provider, model, temperature: 0.7, maxTokens: 1024, enabled: true });
      created.push(name);
    }
    seeded.push(provider);
  }
  await writeSetting('seededProviders', seeded);
  return created;
}
