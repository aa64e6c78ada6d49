import { z } from 'zod';
import { deleteCredential, saveCredential } from '../db/repositories/credentials';
import { env } from '../env';
import { DomainError, notFound } from '../errors';
import { builtInBaseUrlRefusal, listCredentialViews } from '../experts/connection';
import { checkEndpoint } from '../http/endpoints';
import type { CredentialView } from '../experts/types';
import type { ProviderKind } from '../runs/types';
import { adminProcedure, router } from '../trpc';
import { providerSchema } from './expert';
import { idSchema } from './run';

/**
 * The endpoint a saved key is bound to. Built-in providers: none (`''`), meaning their official
 * endpoint or the operator's *_BASE_URL; a base URL for them is refused rather than dropped,
 * so nobody believes the key will go there. OpenAI-compatible: the normalised base URL given,
 * or OPENAI_COMPATIBLE_BASE_URL; the key is then sent to that exact endpoint and no other.
 */
function credentialEndpoint(provider: ProviderKind, baseUrl: string | undefined): string {
  if (provider !== 'openai_compatible') {
    if (baseUrl) throw new DomainError('INVALID_INPUT', builtInBaseUrlRefusal(provider));
    return '';
  }
  const raw = baseUrl ?? env().OPENAI_COMPATIBLE_BASE_URL;
  if (!raw) throw new DomainError('INVALID_INPUT', 'An OpenAI-compatible key needs the base URL it belongs to (it is sent to that endpoint only).');
  const checked = checkEndpoint(raw);
  if (!checked.ok) throw new DomainError('INVALID_INPUT', checked.message);
  return checked.url;
}

export const credentialRouter = router({
  list: adminProcedure.query(() => listCredentialViews()),

  /** Stores the key encrypted; answers with its last 4 characters only. */
  save: adminProcedure
    .input(
      z.object({
        provider: providerSchema,
        apiKey: z.string().trim().min(8, 'That does not look like an API key.').max(500),
        baseUrl: z.string().trim().max(2_000).url('The base URL must be a full URL, e.g. http://localhost:11434/v1').optional(),
      }),
    )
    .mutation(async ({ input }): Promise<CredentialView> => {
      const baseUrl = credentialEndpoint(input.provider, input.baseUrl);
      const row = await saveCredential(input.provider, input.apiKey, baseUrl);
      return { id: row.id, provider: row.provider as ProviderKind, baseUrl: row.baseUrl, last4: row.last4, source: 'stored' };
    }),

  remove: adminProcedure.input(z.object({ id: idSchema })).mutation(async ({ input }) => {
    if (!(await deleteCredential(input.id))) throw notFound('That key');
    return { ok: true as const };
  }),
});
