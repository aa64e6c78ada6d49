import type { drive_v3 } from 'googleapis/build/src/apis/drive';
import type { DriveCall } from './drive-call';
import { DriveCallError } from './drive-call';

export const FOLDER_NAME = 'Circle of Experts';
export const FOLDER_MIME = 'application/vnd.google-apps.folder';

/**
 * The id of the "Circle of Experts" folder: the remembered one while it still
 * exists outside the trash, else one the app created earlier (the drive.file
 * scope only lists the app's own files), else a new one.
 */
export async function ensureExportFolder(drive: drive_v3.Drive, call: DriveCall, rememberedId: string | null): Promise<string> {
  if (rememberedId) {
    try {
      const { data } = await call(() => drive.files.get({ fileId: rememberedId, fields: 'id,trashed' }));
      if (data.id && !data.trashed) return data.id;
    } catch (error) {
      if (!(error instanceof DriveCallError && error.failure.kind === 'not_found')) throw error;
    }
  }
  const { data: list } = await call(() =>
    drive.files.list({
      q: `name = '${FOLDER_NAME}' and mimeType = '${FOLDER_MIME}' and trashed = false`,
      fields: 'files(id)',
      spaces: 'drive',
      pageSize: 1,
    }),
  );
  const existing = list.files?.[0]?.id;
  if (existing) return existing;
  const { data: created } = await call(() => drive.files.create({ requestBody: { name: FOLDER_NAME, mimeType: FOLDER_MIME }, fields: 'id' }));
  if (!created.id) throw new Error('Google Drive created the folder without returning its id.');
  return created.id;
}
