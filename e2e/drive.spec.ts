import { expect, expertNames, signedOutContext, test } from './fixtures';
import { GOOGLE_FAKE_EMAIL, GOOGLE_FAKE_URL } from './fixtures/google-fake-server';

/**
 * Export to Google Drive, end to end: the app runs against the fake Google
 * (e2e/fixtures/google-fake-server.ts), so the consent page is a real page the
 * browser walks through and the document lands in the fake's Drive.
 */

interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  trashed: boolean;
  version: number;
  text?: string;
}

const DOC_LINK = 'a[href*="https://docs.google.com/document/d/"]';

test('exports a run to Google Drive through the consent page, then updates the same document', async ({ page, circle, request, browser }) => {
  const question = circle.uniqueQuestion('drive export');
  const runId = await circle.ask(question);
  for (const name of expertNames) await expect(circle.card(name)).toHaveAttribute('data-status', 'done');

  // Not connected yet: the button leads to Google's consent page (here, the fake's).
  await page.getByRole('button', { name: 'Export to Google Drive' }).click();
  await page.waitForURL(`${GOOGLE_FAKE_URL}/o/oauth2/v2/auth?**`);
  const consent = new URL(page.url());
  expect(consent.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/drive.file');
  expect(consent.searchParams.get('access_type')).toBe('offline');
  await expect(page.getByText(GOOGLE_FAKE_EMAIL)).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();

  // Back on the same run, which finishes the export it was asked for and links the document.
  await page.waitForURL(new RegExp(`/runs/${runId}\\?drive=connected`));
  const link = page.locator(DOC_LINK);
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href')) ?? '';
  const fileId = /\/document\/d\/([^/]+)\//.exec(href)?.[1];
  expect(fileId).toBeTruthy();
  await expect(page.getByText(/last exported/i)).toBeVisible();

  const files = async () => (await (await request.get(`${GOOGLE_FAKE_URL}/__fake/files`)).json()) as FakeFile[];
  const doc = (await files()).find((f) => f.id === fileId);
  expect(doc).toMatchObject({ mimeType: 'application/vnd.google-apps.document', trashed: false, version: 1 });
  expect(doc?.text).toContain(question);
  const folder = (await files()).find((f) => f.id === doc?.parents[0]);
  expect(folder).toMatchObject({ name: 'Circle of Experts', mimeType: 'application/vnd.google-apps.folder' });

  // Connected now: exporting again updates that document rather than making a copy.
  await page.getByRole('button', { name: 'Export to Google Drive' }).click();
  await expect.poll(async () => (await files()).find((f) => f.id === fileId)?.version).toBe(2);
  await expect(page.locator(DOC_LINK)).toHaveAttribute('href', href);
  expect((await files()).filter((f) => f.text?.includes(question))).toHaveLength(1);

  // The shared report exports with the owner's connection, into the same document, and never asks the visitor to sign in.
  await page.getByRole('button', { name: 'Share' }).click();
  const reportUrl = (await page.getByRole('link', { name: /\/r\// }).getAttribute('href')) ?? '';
  const stranger = await signedOutContext(browser);
  const report = await stranger.newPage();
  await report.goto(reportUrl);
  await report.getByRole('button', { name: 'Export to Google Drive' }).click();
  await expect(report.locator(DOC_LINK)).toHaveAttribute('href', href);
  expect(report.url()).toContain('/r/');
  await expect.poll(async () => (await files()).find((f) => f.id === fileId)?.version).toBe(3);
  await stranger.close();
});
