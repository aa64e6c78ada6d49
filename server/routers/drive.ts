import { z } from 'zod';
import { disconnectDrive, driveStatus, lastDriveExport } from '../drive/account';
import { exportRunToDrive } from '../drive/exporter';
import { DomainError, notFound } from '../errors';
import { appOrigin } from '../http/origin';
import { runIdForToken } from '../reports/shares';
import { publicProcedure, router } from '../trpc';

const runInput = z.object({ runId: z.string().min(1).max(100) });

/**
 * Google Drive export: connection status, export, last export of a run, disconnect. The link
 * back to the run inside the document is built on the server (appOrigin: CIRCLE_PUBLIC_URL or
 * the local origin), never from what a client says.
 */
export const driveRouter = router({
  status: publicProcedure.query(() => driveStatus()),

  exportStatus: publicProcedure.input(runInput).query(async ({ input }) => {
    const last = await lastDriveExport(input.runId);
    return last ? { exportedAt: last.exportedAt.toISOString(), webViewLink: last.webViewLink } : null;
  }),

  exportRun: publicProcedure
    .input(runInput)
    .mutation(async ({ input }) => {
      const result = await exportRunToDrive(input.runId, { origin: appOrigin() });
      return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
    }),

  /**
   * The shared report's export, by its token. It never starts a consent flow:
   * a visitor with the link must not connect their own Google account to this
   * app. With the owner's account connected it (re-)exports the run's one
   * document, which is idempotent, so the link grants nothing more.
   */
  exportShared: publicProcedure
    .input(z.object({ token: z.string().min(1).max(200) }))
    .mutation(async ({ input }) => {
      const runId = await runIdForToken(input.token);
      if (!runId) throw notFound('That report');
      if (!(await driveStatus()).connected) {
        throw new DomainError('NOT_CONFIGURED', 'Google Drive is not connected for this report: ask its owner to export it from the app.');
      }
      const result = await exportRunToDrive(runId, { origin: appOrigin() });
      return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
    }),

  disconnect: publicProcedure.mutation(() => disconnectDrive()),
});
