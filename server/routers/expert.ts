import { z } from 'zod';
import { createExpert, findExpert, listExperts, softDeleteExpert, toExpertView, updateExpert } from '../db/repositories/experts';
import { DomainError, notFound } from '../errors';
import { isSimulatorMode } from '../experts/connection';
import { publicProcedure, router } from '../trpc';
import { idSchema } from './run';

export const providerSchema = z.enum(['openai', 'anthropic', 'gemini', 'openai_compatible']);

const expertFields = z.object({
  name: z.string().trim().min(1, 'Give the expert a name.').max(80),
  provider: providerSchema,
  model: z.string().trim().min(1, 'Which model? e.g. gpt-4.1-mini').max(200),
  baseUrl: z.string().trim().url('The base URL must be a full URL, e.g. http://localhost:11434/v1').nullish(),
  systemPrompt: z.string().max(8_000).nullish(),
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().min(1).max(200_000),
  enabled: z.boolean(),
});

/** Card titles and the consensus name experts, so two live experts cannot share a name. */
async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const simulated = await isSimulatorMode();
  const clash = (await listExperts(simulated)).find((e) => e.name.toLowerCase() === name.toLowerCase() && e.id !== exceptId);
  if (clash) throw new DomainError('CONFLICT', `An expert named "${name}" already exists.`);
}

function requireBaseUrl(provider: string, baseUrl: string | null | undefined): void {
  if (provider === 'openai_compatible' && !baseUrl) {
    throw new DomainError('INVALID_INPUT', 'An OpenAI-compatible expert needs a base URL (e.g. http://localhost:11434/v1 for Ollama).');
  }
}

export const expertRouter = router({
  list: publicProcedure.query(async () => (await listExperts(await isSimulatorMode())).map(toExpertView)),

  create: publicProcedure.input(expertFields).mutation(async ({ input }) => {
    requireBaseUrl(input.provider, input.baseUrl);
    await assertNameFree(input.name);
    return toExpertView(await createExpert({ ...input, simulated: false }));
  }),

  update: publicProcedure.input(expertFields.partial().extend({ id: idSchema })).mutation(async ({ input }) => {
    const { id, ...fields } = input;
    const current = await findExpert(id);
    if (!current || current.deletedAt) throw notFound('That expert');
    if (current.simulated && (fields.provider || fields.model || fields.baseUrl)) {
      throw new DomainError('INVALID_INPUT', 'A simulated expert follows the simulator script; only its persona, parameters and enabled flag can change.');
    }
    requireBaseUrl(fields.provider ?? current.provider, fields.baseUrl === undefined ? current.baseUrl : fields.baseUrl);
    if (fields.name) await assertNameFree(fields.name, id);
    return toExpertView(await updateExpert(id, fields));
  }),

  remove: publicProcedure.input(z.object({ id: idSchema })).mutation(async ({ input }) => {
    const current = await findExpert(input.id);
    if (!current || current.deletedAt) throw notFound('That expert');
    await softDeleteExpert(input.id);
    return { ok: true as const };
  }),
});
