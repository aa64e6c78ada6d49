import { z } from 'zod';
import { disconnectDrive, driveStatus, lastDriveExport } from '../drive/account';
import { exportRunToDrive } from '../drive/exporter';
import { publicProcedure, router } from '../trpc';

const runInput = z.object({ runId: z.string().min(1).max(100) });

/** Google Drive export: connection status, export, last export of a run, disconnect. */
export const driveRouter = router({
  status: publicProcedure.query(() => driveStatus()),

  exportStatus: publicProcedure.input(runInput).query(async ({ input }) => {
    const last = await lastDriveExport(input.runId);
    return last ? { exportedAt: last.exportedAt.toISOString(), webViewLink: last.webViewLink } : null;
  }),

  exportRun: publicProcedure
    .input(runInput.extend({ origin: z.string().url().refine((u) => /^https?:\/\//.test(u), 'origin must be http(s)').optional() }))
    .mutation(async ({ input }) => {
      const result = await exportRunToDrive(input.runId, { origin: input.origin });
      return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
    }),

  disconnect: publicProcedure.mutation(() => disconnectDrive()),
});
