import { z } from 'zod';
import { createExpert, findExpert, listExperts, softDeleteExpert, toExpertView, updateExpert } from '../db/repositories/experts';
import { DomainError, notFound } from '../errors';
import { builtInBaseUrlRefusal, isSimulatorMode } from '../experts/connection';
import { checkEndpoint } from '../http/endpoints';
import { maxTokensAnyProvider, maxTokensFor } from '../http/limits';
import type { ProviderKind } from '../runs/types';
import { adminProcedure, router, userProcedure } from '../trpc';
import { idSchema } from './run';

export const providerSchema = z.enum(['openai', 'anthropic', 'gemini', 'openai_compatible']);

const expertFields = z.object({
  name: z.string().trim().min(1, 'Give the expert a name.').max(80),
  provider: providerSchema,
  model: z.string().trim().min(1, 'Which model? e.g. gpt-4.1-mini').max(200),
  baseUrl: z.string().trim().max(2_000).url('The base URL must be a full URL, e.g. http://localhost:11434/v1').nullish(),
  systemPrompt: z.string().max(8_000).nullish(),
  temperature: z.number().min(0).max(2),
  // Bounded for every provider here, then by the expert's own provider in assertEndpointAndTokens.
  maxTokens: z
    .number()
    .int()
    .min(1)
    .superRefine((n, ctx) => {
      const max = maxTokensAnyProvider();
      if (n > max) ctx.addIssue({ code: 'custom', message: `At most ${max.toLocaleString('en-US')} tokens.` });
    }),
  enabled: z.boolean(),
});

/** Card titles and the consensus name experts, so two live experts cannot share a name. */
async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const simulated = await isSimulatorMode();
  const clash = (await listExperts(simulated)).find((e) => e.name.toLowerCase() === name.toLowerCase() && e.id !== exceptId);
  if (clash) throw new DomainError('CONFLICT', `An expert named "${name}" already exists.`);
}

/**
 * An expert's endpoint and token cap, checked against its (effective) provider: built-in
 * providers take no base URL (their key must not be sent anywhere else), an OpenAI-compatible
 * one needs an http(s) URL without credentials, stored normalised. Answers the base URL to store.
 */
function assertEndpointAndTokens(provider: ProviderKind, baseUrl: string | null | undefined, maxTokens: number | undefined): string | null {
  assertTokens(provider, maxTokens);
  if (provider !== 'openai_compatible') {
    if (baseUrl) throw new DomainError('INVALID_INPUT', builtInBaseUrlRefusal(provider));
    return null;
  }
  if (!baseUrl) {
    throw new DomainError('INVALID_INPUT', 'An OpenAI-compatible expert needs a base URL (e.g. http://localhost:11434/v1 for Ollama).');
  }
  const checked = checkEndpoint(baseUrl);
  if (!checked.ok) throw new DomainError('INVALID_INPUT', checked.message);
  return checked.url;
}

function assertTokens(provider: ProviderKind, maxTokens: number | undefined): void {
  if (maxTokens !== undefined && maxTokens > maxTokensFor(provider)) {
    throw new DomainError('INVALID_INPUT', `Max tokens for ${provider} experts is at most ${maxTokensFor(provider).toLocaleString('en-US')}.`);
  }
}

export const expertRouter = router({
  list: userProcedure.query(async () => (await listExperts(await isSimulatorMode())).map(toExpertView)),

  create: adminProcedure.input(expertFields).mutation(async ({ input }) => {
    const baseUrl = assertEndpointAndTokens(input.provider, input.baseUrl, input.maxTokens);
    await assertNameFree(input.name);
    return toExpertView(await createExpert({ ...input, baseUrl, simulated: false }));
  }),

  update: adminProcedure.input(expertFields.partial().extend({ id: idSchema })).mutation(async ({ input }) => {
    const { id, ...fields } = input;
    const current = await findExpert(id);
    if (!current || current.deletedAt) throw notFound('That expert');
    if (current.simulated && (fields.provider || fields.model || fields.baseUrl)) {
      throw new DomainError('INVALID_INPUT', 'A simulated expert follows the simulator script; only its persona, parameters and enabled flag can change.');
    }
    const provider = (fields.provider ?? current.provider) as ProviderKind;
    // A built-in expert's old base URL (from before this rule) is dropped when it changes; it is ignored when calling anyway.
    const keptBaseUrl = fields.baseUrl === undefined && provider !== 'openai_compatible' ? null : current.baseUrl;
    const maxTokens = fields.maxTokens ?? (fields.provider ? current.maxTokens : undefined);
    const baseUrl = current.simulated
      ? (assertTokens(provider, maxTokens), current.baseUrl)
      : assertEndpointAndTokens(provider, fields.baseUrl === undefined ? keptBaseUrl : fields.baseUrl, maxTokens);
    if (fields.name) await assertNameFree(fields.name, id);
    return toExpertView(await updateExpert(id, { ...fields, ...(current.simulated ? {} : { baseUrl }) }));
  }),

  remove: adminProcedure.input(z.object({ id: idSchema })).mutation(async ({ input }) => {
    const current = await findExpert(input.id);
    if (!current || current.deletedAt) throw notFound('That expert');
    await softDeleteExpert(input.id);
    return { ok: true as const };
  }),
});
