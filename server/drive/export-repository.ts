import { getDb } from '../db/client';

/** Which Google Doc a run was exported to, so exporting again updates it instead of copying. */

export interface DriveExportRecord {
  fileId: string;
  webViewLink: string;
  exportedAt: Date;
}

export async function findDriveExport(runId: string): Promise<DriveExportRecord | null> {
  const row = await getDb().driveExport.findUnique({ where: { runId } });
  return row ? { fileId: row.fileId, webViewLink: row.webViewLink, exportedAt: row.exportedAt } : null;
}

export async function saveDriveExport(runId: string, record: DriveExportRecord): Promise<void> {
  await getDb().driveExport.upsert({ where: { runId }, create: { runId, ...record }, update: record });
}
