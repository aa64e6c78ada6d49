import type { Page, Route } from '@playwright/test';
import { expect, expertNames, signedOutContext, test } from './fixtures';

/**
 * Everyday breakages (issue 11, "Broken today"): asking before the panel has loaded, the missing
 * icon, Drive export on a server without Drive, and pages wider than a phone.
 */

/** The procedures of one tRPC request ("a,b,c" when batched). */
function trpcProcedures(url: URL): string[] {
  if (!url.pathname.startsWith('/api/trpc/')) return [];
  return decodeURIComponent(url.pathname.slice('/api/trpc/'.length)).split(',');
}

test('asking before the panel has loaded asks every enabled expert', async ({ page, circle }) => {
  // A slow network: the expert list arrives only once the question has been asked.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => trpcProcedures(url).includes('expert.list'),
    async (route) => {
      await held;
      await route.continue().catch(() => {});
    },
  );
  await page.goto('/');
  await expect(page.getByText('Loading experts…')).toBeVisible();
  await page.getByRole('textbox', { name: 'Question' }).fill(circle.uniqueQuestion('before the panel loads'));
  await page.getByRole('button', { name: 'Ask the circle' }).click();

  await page.waitForURL(/\/runs\/[a-z0-9]+$/);
  release();
  await expect(page.getByText('Pick at least one expert for the panel.')).toHaveCount(0);
  await expect(circle.cards()).toHaveCount(expertNames.length);
  for (const name of expertNames) await expect(circle.card(name)).toBeVisible();
});

test('the icon is served to a visitor who is not signed in, and the sign-in page links it', async ({ browser }) => {
  const context = await signedOutContext(browser);
  const page = await context.newPage();

  const favicon = await context.request.get('/favicon.ico', { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toMatch(/^image\//);

  await page.goto('/');
  await expect(page).toHaveURL(/\/(sign-in|setup)/);
  const icons = page.locator('link[rel~="icon"]');
  await expect(icons.first()).toBeAttached();
  for (const href of await icons.evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href))) {
    const icon = await context.request.get(href, { maxRedirects: 0 });
    expect(icon.status(), href).toBe(200);
    expect(icon.headers()['content-type'], href).toMatch(/^image\//);
  }
  await context.close();
});

/** Answers drive.status as a server without GOOGLE_CLIENT_ID/SECRET does; the rest of a batch goes through. */
async function driveNotConfigured(page: Page) {
  const unconfigured = { configured: false, missing: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'], connected: false, email: null };
  await page.route(
    (url) => trpcProcedures(url).includes('drive.status'),
    async (route: Route) => {
      const procedures = trpcProcedures(new URL(route.request().url()));
      const response = await route.fetch();
      const body = (await response.json()) as unknown;
      const batch = Array.isArray(body) ? [...body] : [body];
      procedures.forEach((procedure, i) => {
        if (procedure === 'drive.status') batch[i] = { result: { data: unconfigured } };
      });
      await route.fulfill({ response, json: Array.isArray(body) ? batch : batch[0] });
    },
  );
}

// The e2e server has a (fake) Google configured, so "not configured" is the server's own
// drive.status answer for that case (tests/drive/connect.test.ts), stubbed in here.
test('without Drive configured a run offers no export and says what the administrator must set', async ({ page, circle }) => {
  const id = await circle.ask(circle.uniqueQuestion('drive not configured'));
  await driveNotConfigured(page);
  await page.goto(`/runs/${id}`);
  const note = page.getByText(/Export to Google Drive is not set up/);
  await expect(note).toBeVisible();
  await expect(note).toContainText('GOOGLE_CLIENT_ID');
  await expect(note).toContainText('administrator');
  await expect(page.getByRole('button', { name: 'Export to Google Drive' })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByRole('region', { name: 'Google Drive' })).toContainText('administrator');
  await expect(page.getByRole('link', { name: 'Connect Google Drive' })).toHaveCount(0);
});

async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${where} is wider than the viewport`).toBeLessThanOrEqual(clientWidth);
}

test('no page is wider than a phone, even with a long unbroken word in the question', async ({ page, circle }) => {
  test.setTimeout(90_000);
  const marker = circle.uniqueQuestion('narrow').slice(-20);
  const question = `${'Supercalifragilistic'.repeat(15)} ${marker}`;
  const id = await circle.ask(question);
  const expert = expertNames[0] ?? '';

  for (const width of [360, 390, 430]) {
    await page.setViewportSize({ width, height: 800 });

    await page.goto('/');
    await expect(page.getByRole('link', { name: question }).first()).toBeVisible();
    await expectNoSidewaysScroll(page, `/ at ${width}px`);

    await page.goto('/history');
    await expect(page.getByRole('link', { name: question }).first()).toBeVisible();
    await expectNoSidewaysScroll(page, `/history at ${width}px`);

    await page.goto(`/runs/${id}`);
    await expect(page.getByText(question).first()).toBeVisible();
    await expect(circle.card(expert)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expectNoSidewaysScroll(page, `/runs/${id} at ${width}px`);

    await page.goto('/settings');
    const edit = page.getByRole('button', { name: `Edit ${expert}`, exact: true });
    await expect(edit).toBeVisible();
    await expectNoSidewaysScroll(page, `/settings at ${width}px`);
    // Measured where the page puts them: scrolling the table sideways first would hide the bug.
    for (const control of [edit, page.getByRole('button', { name: `Delete ${expert}`, exact: true }), page.getByRole('switch', { name: `${expert} enabled` })]) {
      const box = await control.boundingBox();
      expect(box, `${await control.getAttribute('aria-label')} at ${width}px`).not.toBeNull();
      expect(box!.x, `${await control.getAttribute('aria-label')} at ${width}px`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${await control.getAttribute('aria-label')} at ${width}px`).toBeLessThanOrEqual(width);
    }
  }
});
