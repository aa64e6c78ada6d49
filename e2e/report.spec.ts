import { readFile } from 'node:fs/promises';
import { expect, expertNames, signedOutContext, test } from './fixtures';

test('share a run, open the link without a session, revoke it and get 404', async ({ page, browser, circle }) => {
  const question = circle.uniqueQuestion('share');
  const runId = await circle.ask(question);
  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }

  await page.getByRole('button', { name: 'Share' }).click();
  const link = page.getByRole('link', { name: /\/r\// });
  await expect(link).toBeVisible();
  const url = await link.getAttribute('href');
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);

  // A fresh context: no cookies, no storage, as a person receiving the link.
  const stranger = await signedOutContext(browser);
  const report = await stranger.newPage();
  const response = await report.goto(url ?? '');
  expect(response?.status()).toBe(200);
  await expect(report.getByText(question)).toBeVisible();
  for (const name of expertNames) {
    await expect(report.getByRole('article', { name, exact: true })).toHaveAttribute('data-status', 'done');
  }
  await expect(report.getByRole('region', { name: 'Consensus' })).toBeVisible();
  await expect(report.getByRole('article', { name: 'Synthesis' })).toBeVisible();
  await expect(report.getByRole('link', { name: 'History' })).toHaveCount(0);

  // The page hands out no ids: neither the run's nor its answers'.
  const owned = (await (await page.request.get(`/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`)).json()) as { result: { data: { answers: { id: string }[] } } };
  const html = await (await stranger.request.get(url ?? '')).text();
  for (const id of [runId, ...owned.result.data.answers.map((a) => a.id)]) expect(html).not.toContain(id);
  // And the id would open nothing for the visitor anyway: the API and downloads need the owner's session.
  expect((await stranger.request.get(`/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`)).status()).toBe(401);
  expect((await stranger.request.get(`/api/runs/${runId}/report?format=json`)).status()).toBe(401);

  await page.getByRole('button', { name: 'Revoke link' }).click();
  await expect(page.getByRole('button', { name: 'Revoke link' })).toHaveCount(0);
  const revoked = await report.goto(url ?? '');
  expect(revoked?.status()).toBe(404);
  expect((await stranger.request.get(`${url}/report?format=json`)).status()).toBe(404);
  await stranger.close();
});

test('download the report as Markdown and as JSON', async ({ page, circle }) => {
  const question = circle.uniqueQuestion('download');
  const id = await circle.ask(question);
  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }

  const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
  expect(markdown.suggestedFilename()).toMatch(/\.md$/);
  const text = await readFile((await markdown.path()) ?? '', 'utf8');
  expect(text).toContain(question);
  for (const name of expertNames) expect(text).toContain(name);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const report = JSON.parse(await readFile((await json.path()) ?? '', 'utf8')) as { runId: string; question: string; experts: { name: string; model: string }[] };
  expect(report.runId).toBe(id);
  expect(report.question).toBe(question);
  expect(report.experts.map((e) => e.name).sort()).toEqual([...expertNames].sort());
});

test('a shared report of a hostile answer loads nothing from the remote host', async ({ page, browser, circle }) => {
  await circle.ask(circle.uniqueQuestion('hostile image'));
  await expect(circle.card('Atlas')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Share' }).click();
  const url = await page.getByRole('link', { name: /\/r\// }).getAttribute('href');

  const stranger = await signedOutContext(browser);
  const report = await stranger.newPage();
  const remote: string[] = [];
  report.on('request', (request) => {
    if (new URL(request.url()).hostname.endsWith('.invalid')) remote.push(request.url());
  });
  const response = await report.goto(url ?? '');
  expect(response?.headers()['content-security-policy']).toBeTruthy();
  await expect(report.getByRole('button', { name: /Load image from tracker\.invalid/ }).first()).toBeVisible();
  await report.waitForLoadState('networkidle');
  expect(remote).toEqual([]);
  await stranger.close();
});
