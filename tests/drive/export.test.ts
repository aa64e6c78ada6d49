import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../../server/db/client';
import { driveStatus, lastDriveExport } from '../../server/drive/account';
import { readConnection as readConnectionOf } from '../../server/drive/connection-repository';
import { exportRunToDrive as exportAs, type ExportOptions } from '../../server/drive/exporter';
import type { FakeDriveFile } from '../fakes/google-server';
import { APP_ORIGIN, connectDrive, createTestUser, seedRun, startDriveTestEnv, type DriveTestEnv, type TestUser } from './drive-env';

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const DOC_MIME = 'application/vnd.google-apps.document';
/** Backoff kept tiny so retry tests take milliseconds; the counts are what is checked. */
const FAST_RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

let env: DriveTestEnv;
/** The owner of the runs here (the signed-in user), whose Drive they go to. */
let ada: TestUser;
const readConnection = () => readConnectionOf(ada.id);
/** As server/routers/drive.ts calls it (the run's owner, the app's origin) and answers it (ISO dates). */
const exportRun = async (runId: string) => {
  const result = await exportAs(runId, { ownerId: ada.id, origin: APP_ORIGIN });
  return { webViewLink: result.webViewLink, exportedAt: result.exportedAt.toISOString() };
};
const exportRunToDrive = (runId: string, options: Omit<ExportOptions, 'ownerId'>) => exportAs(runId, { ownerId: ada.id, ...options });
const exportStatus = async (runId: string) => {
  const last = await lastDriveExport(runId);
  return last ? { exportedAt: last.exportedAt.toISOString(), webViewLink: last.webViewLink } : null;
};

const filesOf = (mimeType: string, trashed = false): FakeDriveFile[] =>
  [...env.fake.files.values()].filter((f) => f.mimeType === mimeType && f.trashed === trashed);
const driveExportRow = (runId: string) => getDb().driveExport.findUnique({ where: { runId } });
const fileIdOf = (link: string) => /\/document\/d\/([^/]+)\//.exec(link)?.[1] ?? '';

beforeAll(async () => {
  env = await startDriveTestEnv();
  ada = env.user;
});
afterAll(() => env.close());
beforeEach(async () => {
  env.fake.clearFailures();
  env.fake.files.clear();
  await getDb().driveExport.deleteMany();
  await getDb().googleConnection.deleteMany();
  await connectDrive(env.fake);
  env.fake.requests.length = 0;
});

describe('exporting a run to Google Drive', () => {
  it('uploads the report as a converted Google Doc inside a "Circle of Experts" folder', async () => {
    const runId = await seedRun();
    const result = await exportRun(runId);

    const [folder] = filesOf(FOLDER_MIME);
    expect(filesOf(FOLDER_MIME)).toHaveLength(1);
    expect(folder?.name).toBe('Circle of Experts');
    const doc = env.fake.files.get(fileIdOf(result.webViewLink));
    expect(doc).toMatchObject({ mimeType: DOC_MIME, parents: [folder?.id], name: 'Which database should a small team pick?' });
    expect(result.webViewLink).toBe(`https://docs.google.com/document/d/${doc?.id}/edit?usp=drivesdk`);

    // What Drive imported: the question, synthesis, figures and every answer, as HTML.
    expect(doc?.importedHtml).toMatch(/^<!doctype html>/);
    expect(doc?.text).toContain('We write a lot & read a lot.');
    expect(doc?.text).toContain('The panel favours PostgreSQL [Ada] [Grace]');
    expect(doc?.text).toContain('82% (reached)');
    expect(doc?.text).toContain('Use PostgreSQL for concurrent writes.');
    expect(doc?.importedHtml).toContain('bgcolor="#1e40af"');
    expect(doc?.text).toContain(`${APP_ORIGIN}/runs/${runId}`);
    // The hostile answer arrives as text, not as markup Drive would run or fetch.
    expect(doc?.text).toContain('<script>alert("x")</script>');
    expect(doc?.importedHtml).not.toMatch(/<img|<script/i);

    // Uploads went to the configured root, as multipart with conversion (checked by the fake).
    const upload = env.fake.requests.find((r) => r.path === '/upload/drive/v3/files');
    expect(upload).toMatchObject({ method: 'POST', status: 200, query: { uploadType: 'multipart' } });

    const row = await driveExportRow(runId);
    expect(row).toMatchObject({ fileId: doc?.id, webViewLink: result.webViewLink });
    expect(row?.exportedAt.toISOString()).toBe(result.exportedAt);
    expect(await exportStatus(runId)).toEqual({ exportedAt: result.exportedAt, webViewLink: result.webViewLink });
    expect((await readConnection())?.folderId).toBe(folder?.id);
  });

  it('creates the folder once for all runs', async () => {
    const first = await exportRun(await seedRun('First question'));
    const second = await exportRun(await seedRun('Second question'));
    const folders = filesOf(FOLDER_MIME);
    expect(folders).toHaveLength(1);
    expect(env.fake.files.get(fileIdOf(first.webViewLink))?.parents).toEqual([folders[0]?.id]);
    expect(env.fake.files.get(fileIdOf(second.webViewLink))?.parents).toEqual([folders[0]?.id]);
    expect(env.fake.requests.filter((r) => r.method === 'POST' && r.path === '/drive/v3/files')).toHaveLength(1);
  });

  it('updates the same document when the run is exported again', async () => {
    const runId = await seedRun();
    const first = await exportRun(runId);
    await getDb().answer.updateMany({ where: { runId, expertName: 'Grace' }, data: { text: 'Revised: SQLite is enough at first.' } });
    const second = await exportRun(runId);

    expect(second.webViewLink).toBe(first.webViewLink);
    expect(filesOf(DOC_MIME)).toHaveLength(1);
    const doc = env.fake.files.get(fileIdOf(first.webViewLink));
    expect(doc?.version).toBe(2);
    expect(doc?.text).toContain('Revised: SQLite is enough at first.');
    expect(env.fake.requests.filter((r) => r.method === 'PATCH' && r.path === `/upload/drive/v3/files/${doc?.id}`)).toHaveLength(1);
    expect(new Date(second.exportedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.exportedAt).getTime());
    expect((await driveExportRow(runId))?.exportedAt.toISOString()).toBe(second.exportedAt);
  });

  it('creates the folder (and document) again when the folder was deleted in Drive', async () => {
    const runId = await seedRun();
    const first = await exportRun(runId);
    const oldFolder = (await readConnection())?.folderId ?? '';
    env.fake.deleteFile(oldFolder);

    const second = await exportRun(runId);
    const newFolder = (await readConnection())?.folderId;
    expect(newFolder).toBeTruthy();
    expect(newFolder).not.toBe(oldFolder);
    expect(filesOf(FOLDER_MIME).map((f) => f.id)).toEqual([newFolder]);
    expect(second.webViewLink).not.toBe(first.webViewLink);
    expect(env.fake.files.get(fileIdOf(second.webViewLink))?.parents).toEqual([newFolder]);
  });

  it('does not export into a folder that sits in the trash', async () => {
    const runId = await seedRun();
    const first = await exportRun(runId);
    const trashed = (await readConnection())?.folderId ?? '';
    env.fake.trashFile(trashed);

    const second = await exportRun(runId);
    const folder = (await readConnection())?.folderId;
    expect(folder).not.toBe(trashed);
    expect(filesOf(FOLDER_MIME).map((f) => f.id)).toEqual([folder]);
    // The old document went to the trash with its folder: a fresh one is made, visible to the user.
    expect(second.webViewLink).not.toBe(first.webViewLink);
    expect(env.fake.files.get(fileIdOf(second.webViewLink))).toMatchObject({ trashed: false, parents: [folder] });
  });

  it('refreshes the access token once on a 401 and saves the new one', async () => {
    const runId = await seedRun();
    const before = await readConnection();
    const refreshes = env.fake.refreshCount;
    env.fake.expireAccessTokens();

    const result = await exportRunToDrive(runId, { retryPolicy: FAST_RETRY });
    expect(env.fake.files.get(fileIdOf(result.webViewLink))?.mimeType).toBe(DOC_MIME);
    expect(env.fake.refreshCount).toBe(refreshes + 1);
    expect(env.fake.driveRequests().filter((r) => r.status === 401)).toHaveLength(1);

    const after = await readConnection();
    expect(after?.tokens?.accessToken).not.toBe(before?.tokens?.accessToken);
    expect(after?.tokens?.refreshToken).toBe(before?.tokens?.refreshToken);
    // The saved token is the live one: a plain request with it is accepted.
    const probe = await fetch(`${env.fake.apiRootUrl}drive/v3/about?fields=user`, { headers: { authorization: `Bearer ${after?.tokens?.accessToken}` } });
    expect(probe.status).toBe(200);
  });

  it('refreshes an access token that expired while stored, before calling Drive, and saves it', async () => {
    const runId = await seedRun();
    await getDb().googleConnection.update({ where: { id: ada.id }, data: { accessTokenExpiresAt: new Date(Date.now() - 60_000) } });
    const before = await readConnection();
    const refreshes = env.fake.refreshCount;

    await exportRunToDrive(runId, { retryPolicy: FAST_RETRY });
    expect(env.fake.refreshCount).toBe(refreshes + 1);
    expect(env.fake.driveRequests().filter((r) => r.status === 401)).toHaveLength(0);
    const after = await readConnection();
    expect(after?.tokens?.accessToken).not.toBe(before?.tokens?.accessToken);
    expect(after?.tokens?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('waits out a rate limit and succeeds', async () => {
    const runId = await seedRun();
    env.fake.failDriveRequests({ status: 403, reason: 'rateLimitExceeded', times: 2 });
    const result = await exportRunToDrive(runId, { retryPolicy: FAST_RETRY });
    expect(env.fake.driveRequests().filter((r) => r.status === 403)).toHaveLength(2);
    expect(env.fake.files.get(fileIdOf(result.webViewLink))?.mimeType).toBe(DOC_MIME);
    expect(await driveExportRow(runId)).toMatchObject({ webViewLink: result.webViewLink });
  });

  it('gives up after a few tries on a failing Drive with a clear error, leaving the last export as it was', async () => {
    const runId = await seedRun();
    const first = await exportRun(runId);
    const doc = env.fake.files.get(fileIdOf(first.webViewLink));
    const version = doc?.version;
    const requestsBefore = env.fake.driveRequests().length;

    env.fake.failDriveRequests({ status: 500, reason: 'backendError', times: Number.POSITIVE_INFINITY });
    const failure = await exportRunToDrive(runId, { retryPolicy: { ...FAST_RETRY, attempts: 3 } }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'DomainError', code: 'UPSTREAM' });
    expect((failure as Error).message).toMatch(/Google Drive is not available right now \(HTTP 500: Backend Error; 3 attempts\)/);
    expect(env.fake.driveRequests().length - requestsBefore).toBe(3);

    const row = await driveExportRow(runId);
    expect(row?.exportedAt.toISOString()).toBe(first.exportedAt);
    expect(row?.fileId).toBe(doc?.id);
    expect(env.fake.files.get(doc?.id ?? '')?.version).toBe(version);

    // Once Drive recovers, the same run exports again into the same document.
    env.fake.clearFailures();
    const retried = await exportRunToDrive(runId, { retryPolicy: FAST_RETRY });
    expect(retried.webViewLink).toBe(first.webViewLink);
  });

  it('asks to reconnect when the grant was revoked, and loses nothing else', async () => {
    const runId = await seedRun();
    const first = await exportRun(runId);
    const folderId = (await readConnection())?.folderId;
    env.fake.revokeAllGrants();

    await expect(exportRun(runId)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: `Google Drive access was revoked or has expired. Connect Google Drive again: /api/google/connect?returnTo=%2Fruns%2F${runId}`,
    });
    expect(await driveStatus(ada.id)).toMatchObject({ configured: true, connected: false, email: null });
    const row = await getDb().googleConnection.findUniqueOrThrow({ where: { id: ada.id } });
    expect(row).toMatchObject({ encryptedRefreshToken: null, encryptedAccessToken: null, folderId });
    expect(await exportStatus(runId)).toEqual({ exportedAt: first.exportedAt, webViewLink: first.webViewLink });
    expect(await getDb().run.count({ where: { id: runId } })).toBe(1);

    // Reconnecting picks up where it left off: same folder, same document.
    await connectDrive(env.fake);
    const again = await exportRun(runId);
    expect(again.webViewLink).toBe(first.webViewLink);
    expect((await readConnection())?.folderId).toBe(folderId);
  });

  it('tells the browser to connect first when there is no connection', async () => {
    await getDb().googleConnection.deleteMany();
    const runId = await seedRun();
    await expect(exportRun(runId)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: `Connect Google Drive first: /api/google/connect?returnTo=%2Fruns%2F${runId}`,
    });
    expect(env.fake.driveRequests()).toHaveLength(0);
  });

  it('answers NOT_FOUND for an unknown run, and null export status', async () => {
    await expect(exportRun('no-such-run')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await exportStatus('no-such-run')).toBeNull();
  });

  it('makes one document when the button is pressed twice at once', async () => {
    const runId = await seedRun();
    const [a, b] = await Promise.all([exportRun(runId), exportRun(runId)]);
    expect(a.webViewLink).toBe(b.webViewLink);
    expect(filesOf(DOC_MIME)).toHaveLength(1);
  });
});

describe("exports go to the run owner's Drive", () => {
  let grace: TestUser;
  beforeAll(async () => {
    grace = await createTestUser('Grace');
  });

  it("uses the owner's connection, and only the owner's", async () => {
    // Ada is connected (beforeEach); Grace is not.
    const graceRun = await seedRun('Grace asks', grace);
    await expect(exportAs(graceRun, { ownerId: grace.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: `Connect Google Drive first: /api/google/connect?returnTo=%2Fruns%2F${graceRun}`,
    });
    expect(env.fake.driveRequests()).toHaveLength(0);

    await connectDrive(env.fake, '/settings', grace);
    const graceToken = (await readConnectionOf(grace.id))?.tokens?.accessToken;
    env.fake.requests.length = 0;
    const result = await exportAs(graceRun, { ownerId: grace.id });
    expect(env.fake.files.get(fileIdOf(result.webViewLink))?.mimeType).toBe(DOC_MIME);
    // Her folder is recorded on her connection, not on Ada's.
    expect((await readConnectionOf(grace.id))?.folderId).toBeTruthy();
    expect((await readConnection())?.folderId).toBeNull();
    expect(graceToken).toBeTruthy();
  });

  it("refuses to export someone else's run into a Drive", async () => {
    const graceRun = await seedRun('Grace asks', grace);
    await expect(exportAs(graceRun, { ownerId: ada.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(env.fake.driveRequests()).toHaveLength(0);
    expect(await lastDriveExport(graceRun)).toBeNull();
  });

  it("a revoked grant clears only the owner's tokens", async () => {
    await connectDrive(env.fake, '/settings', grace);
    const graceBefore = await readConnectionOf(grace.id);
    const runId = await seedRun();
    await exportRun(runId);
    // Revoke only Ada's grant at Google by revoking her refresh token.
    const adaRefresh = (await readConnection())?.tokens?.refreshToken ?? '';
    const revoked = await fetch(`${env.fake.revokeUrl}?token=${encodeURIComponent(adaRefresh)}`, { method: 'POST' });
    expect(revoked.ok).toBe(true);
    await expect(exportRun(runId)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await driveStatus(ada.id)).toMatchObject({ connected: false });
    expect(await readConnectionOf(grace.id)).toEqual(graceBefore);
  });
});
