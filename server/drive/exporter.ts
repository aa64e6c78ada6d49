import type { drive_v3 } from 'googleapis/build/src/apis/drive';
import { DomainError, notFound } from '../errors';
import { authorizedDrive } from './authorized-drive';
import { connectPath, requireDriveConfig } from './config';
import { clearCredentials, readConnection, saveFolderId } from './connection-repository';
import { createDriveCall, DEFAULT_RETRY_POLICY, DriveCallError, type DriveCall, type RetryPolicy } from './drive-call';
import { findDriveExport, saveDriveExport } from './export-repository';
import { ensureExportFolder } from './folder';
import { loadDriveReport, runOwnerId } from './load-report';
import { documentTitle, renderDriveReportHtml } from './report-html';

/**
 * Exports a run's report as a Google Doc in the "Circle of Experts" folder.
 * The first export creates the document (HTML uploaded and converted by
 * Drive); later exports of the same run replace that document's content, as
 * long as it still exists outside the trash. The DriveExport row is written
 * only after Drive accepted the upload, so a failed export leaves the previous
 * record (and link) as it was.
 *
 * The Drive written to is the run owner's: the caller names that owner
 * (`ownerId`), and a run recorded as someone else's is refused, so a report
 * never lands in another person's Drive.
 */

const GOOGLE_DOC_MIME = 'application/vnd.google-apps.document';

export interface ExportOptions {
  /** The user whose Google connection is used: the run's owner. */
  ownerId: string;
  /** The app's origin, for the link back to the run inside the document. */
  origin?: string;
  retryPolicy?: Partial<RetryPolicy>;
}

export interface ExportResult {
  webViewLink: string;
  exportedAt: Date;
}

/** One export per run at a time: a double click must not create two documents. */
const inFlight = new Map<string, Promise<ExportResult>>();

export function exportRunToDrive(runId: string, options: ExportOptions): Promise<ExportResult> {
  const running = inFlight.get(runId);
  if (running) return running;
  const started = runExport(runId, options).finally(() => inFlight.delete(runId));
  inFlight.set(runId, started);
  return started;
}

async function runExport(runId: string, options: ExportOptions): Promise<ExportResult> {
  const { ownerId } = options;
  const config = requireDriveConfig();
  const owner = await runOwnerId(runId);
  // Someone else's run is "not found" for this owner, as it is everywhere else.
  if (owner === undefined || (owner !== null && owner !== ownerId)) throw notFound('Run');
  const report = await loadDriveReport(runId);
  if (!report) throw notFound('Run');
  const returnTo = `/runs/${runId}`;
  const connection = await readConnection(ownerId);
  if (!connection?.tokens) {
    throw new DomainError('UNAUTHORIZED', `Connect Google Drive first: ${connectPath(returnTo)}`);
  }

  const exportedAt = new Date();
  const html = renderDriveReportHtml(report, {
    exportedAt,
    runUrl: options.origin ? new URL(returnTo, options.origin).toString() : undefined,
  });
  const client = authorizedDrive(config, ownerId, connection.tokens);
  const call = createDriveCall({ ...DEFAULT_RETRY_POLICY, ...options.retryPolicy }, () => client.auth.refreshAccessToken());

  try {
    const folderId = await ensureExportFolder(client.drive, call, connection.folderId);
    if (folderId !== connection.folderId) await saveFolderId(ownerId, folderId);
    const document = { name: documentTitle(report), html };
    const previous = await findDriveExport(runId);
    const file =
      (previous && (await updateIfPresent(client.drive, call, client.uploadOptions, previous.fileId, document))) ??
      (await createDocument(client.drive, call, client.uploadOptions, folderId, document));
    if (!file.id || !file.webViewLink) throw new Error('Google Drive stored the document without returning its id and link.');
    await saveDriveExport(runId, { fileId: file.id, webViewLink: file.webViewLink, exportedAt });
    return { webViewLink: file.webViewLink, exportedAt };
  } catch (error) {
    if (error instanceof DriveCallError) throw await toDomainError(error, ownerId, returnTo);
    throw error;
  } finally {
    await client.settled();
  }
}

interface DocumentContent {
  name: string;
  html: string;
}

type UploadOptions = { rootUrl: string };

async function createDocument(drive: drive_v3.Drive, call: DriveCall, upload: UploadOptions, folderId: string, doc: DocumentContent) {
  const { data } = await call(() =>
    drive.files.create(
      {
        requestBody: { name: doc.name, mimeType: GOOGLE_DOC_MIME, parents: [folderId] },
        media: { mimeType: 'text/html', body: doc.html },
        fields: 'id,webViewLink',
      },
      upload,
    ),
  );
  return data;
}

/** Replaces the document's content; null when it was deleted or trashed, so a new one is created. */
async function updateIfPresent(drive: drive_v3.Drive, call: DriveCall, upload: UploadOptions, fileId: string, doc: DocumentContent) {
  try {
    const { data: current } = await call(() => drive.files.get({ fileId, fields: 'id,trashed' }));
    if (current.trashed) return null;
    const { data } = await call(() =>
      drive.files.update(
        {
          fileId,
          requestBody: { name: doc.name },
          media: { mimeType: 'text/html', body: doc.html },
          fields: 'id,webViewLink',
        },
        upload,
      ),
    );
    return data;
  } catch (error) {
    if (error instanceof DriveCallError && error.failure.kind === 'not_found') return null;
    throw error;
  }
}

async function toDomainError(error: DriveCallError, ownerId: string, returnTo: string): Promise<DomainError> {
  const { failure, attempts } = error;
  const reconnect = connectPath(returnTo);
  switch (failure.kind) {
    case 'grant_revoked':
      // The refresh token is dead; keeping it would only fail again. Runs and exports stay.
      await clearCredentials(ownerId);
      return new DomainError('UNAUTHORIZED', `Google Drive access was revoked or has expired. Connect Google Drive again: ${reconnect}`);
    case 'unauthorized':
      return new DomainError('UNAUTHORIZED', `Google Drive did not accept the saved sign-in, even after refreshing it. Connect Google Drive again: ${reconnect}`);
    case 'scope_missing':
      return new DomainError('UNAUTHORIZED', `Google Drive access was not granted on the consent page. Connect Google Drive again and allow access: ${reconnect}`);
    case 'retryable':
      return new DomainError(
        'UPSTREAM',
        `Google Drive is not available right now (${failure.status === null ? failure.message : `HTTP ${failure.status}: ${failure.message}`}; ${attempts} attempts). The report and its last export are unchanged; export again in a minute.`,
      );
    default:
      return new DomainError('UPSTREAM', `Google Drive refused the export (HTTP ${failure.status ?? '?'}: ${failure.message}).`);
  }
}
