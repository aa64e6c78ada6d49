import { z } from 'zod';
import { deleteCredential, saveCredential } from '../db/repositories/credentials';
import { notFound } from '../errors';
import { listCredentialViews } from '../experts/connection';
import type { CredentialView } from '../experts/types';
import type { ProviderKind } from '../runs/types';
import { publicProcedure, router } from '../trpc';
import { providerSchema } from './expert';
import { idSchema } from './run';

export const credentialRouter = router({
  list: publicProcedure.query(() => listCredentialViews()),

  /** Stores the key encrypted; answers with its last 4 characters only. */
  save: publicProcedure
    .input(
      z.object({
        provider: providerSchema,
        apiKey: z.string().trim().min(8, 'That does not look like an API key.').max(500),
        baseUrl: z.string().trim().url().optional(),
      }),
    )
    .mutation(async ({ input }): Promise<CredentialView> => {
      const baseUrl = input.provider === 'openai_compatible' ? (input.baseUrl ?? '') : '';
      const row = await saveCredential(input.provider, input.apiKey, baseUrl);
      return { id: row.id, provider: row.provider as ProviderKind, baseUrl: row.baseUrl, last4: row.last4, source: 'stored' };
    }),

  remove: publicProcedure.input(z.object({ id: idSchema })).mutation(async ({ input }) => {
    if (!(await deleteCredential(input.id))) throw notFound('That key');
    return { ok: true as const };
  }),
});
