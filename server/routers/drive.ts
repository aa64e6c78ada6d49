import { z } from 'zod';
import { disconnectDrive, driveStatus, lastDriveExport } from '../drive/account';
import { exportRunToDrive } from '../drive/exporter';
import { findRunOwner } from '../db/repositories/runs';
import { DomainError, notFound } from '../errors';
import { appOrigin } from '../http/origin';
import { runIdForToken } from '../reports/shares';
import { assertOwnsRun } from '../runs/access';
import { publicProcedure, router, userProcedure } from '../trpc';
import { idSchema } from './run';

const ownRun = userProcedure.input(z.object({ runId: idSchema })).use(async ({ input, ctx, next }) => {
  await assertOwnsRun(ctx.user.id, input.runId);
  return next();
});

/**
 * Google Drive export: each person connects their own Google account and exports their own
 * runs. The link back to the run inside the document is built on the server (appOrigin:
 * CIRCLE_PUBLIC_URL or the local origin), never from what a client says.
 */
export const driveRouter = router({
  status: userProcedure.query(({ ctx }) => driveStatus(ctx.user.id)),

  exportStatus: ownRun.query(async ({ input }) => {
    const last = await lastDriveExport(input.runId);
    return last ? { exportedAt: last.exportedAt.toISOString(), webViewLink: last.webViewLink } : null;
  }),

  exportRun: ownRun.mutation(async ({ input, ctx }) => {
    const result = await exportRunToDrive(input.runId, { ownerId: ctx.user.id, origin: appOrigin() });
    return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
  }),

  /**
   * The shared report's export, by its token, into the run owner's Drive. It never starts a
   * consent flow: a visitor with the link must not connect their own Google account to this
   * app. With the owner's account connected it (re-)exports the run's one document, which is
   * idempotent, so the link grants nothing more.
   */
  exportShared: publicProcedure.input(z.object({ token: z.string().min(1).max(200) })).mutation(async ({ input }) => {
    const runId = await runIdForToken(input.token);
    const ownerId = runId ? (await findRunOwner(runId))?.userId : null;
    if (!runId || !ownerId) throw notFound('That report');
    if (!(await driveStatus(ownerId)).connected) {
      throw new DomainError('NOT_CONFIGURED', 'Google Drive is not connected for this report: ask its owner to export it from the app.');
    }
    const result = await exportRunToDrive(runId, { ownerId, origin: appOrigin() });
    return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
  }),

  disconnect: userProcedure.mutation(({ ctx }) => disconnectDrive(ctx.user.id)),
});
