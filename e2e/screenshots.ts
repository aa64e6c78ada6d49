/**
 * Screenshots for docs/screenshots/: the ask page, a run mid-stream and
 * finished, the history, the settings and a shared report, on a desktop
 * and a narrow phone, in light and dark. Not a test: run it against a
 * running app (`npm start`, simulated panel):
 *   npx tsx e2e/screenshots.ts [http://127.0.0.1:3000]
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';

const baseURL = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const question = 'Should we use PostgreSQL or MongoDB for a new general-purpose web application?';

const viewports = {
  desktop: { width: 1440, height: 1000 },
  phone: { width: 390, height: 844 },
} as const;

async function open(browser: Browser, viewport: keyof typeof viewports, colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: viewports[viewport], colorScheme, deviceScaleFactor: viewport === 'phone' ? 2 : 1 });
  return context.newPage();
}

async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: `${out}${name}.png`, fullPage });
  console.log(`  ${name}.png`);
}

async function ask(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Question' }).fill(question);
  await page.getByRole('button', { name: 'Ask the circle' }).click();
  await page.waitForURL(/\/runs\//);
  return page.url();
}

async function waitForRunEnd(page: Page) {
  await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'detached', timeout: 60_000 });
  // Charts measure themselves after layout.
  await page.waitForTimeout(500);
}

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const desktop = await open(browser, 'desktop', 'light');
  await desktop.goto('/');
  await desktop.getByRole('checkbox').first().waitFor();
  await shot(desktop, 'ask-desktop', false);

  const runUrl = await ask(desktop);
  await desktop.getByRole('region', { name: 'Answers' }).getByRole('article').first().locator('[data-answer-body]').waitFor();
  await desktop.waitForTimeout(1500);
  await shot(desktop, 'run-streaming-desktop', false);
  await waitForRunEnd(desktop);
  await shot(desktop, 'run-desktop');

  await desktop.getByRole('button', { name: 'Share' }).click();
  const reportUrl = await desktop.getByRole('link', { name: /\/r\// }).getAttribute('href');

  const dark = await open(browser, 'desktop', 'dark');
  await dark.goto(runUrl);
  await waitForRunEnd(dark);
  await shot(dark, 'run-desktop-dark', false);

  const phone = await open(browser, 'phone', 'light');
  await phone.goto(runUrl);
  await waitForRunEnd(phone);
  await shot(phone, 'run-phone', false);
  await phone.getByRole('region', { name: 'Answers' }).scrollIntoViewIfNeeded();
  await shot(phone, 'run-phone-answers', false);
  await phone.goto('/');
  await shot(phone, 'ask-phone', false);

  for (const [page, suffix] of [
    [desktop, 'desktop'],
    [phone, 'phone'],
  ] as const) {
    await page.goto(reportUrl ?? '/');
    await page.waitForTimeout(800);
    await shot(page, `report-${suffix}`, suffix === 'desktop');
  }

  await desktop.goto('/history');
  await desktop.getByRole('listitem').first().waitFor();
  await shot(desktop, 'history-desktop', false);
  await desktop.goto('/settings');
  await desktop.getByRole('table').waitFor();
  await shot(desktop, 'settings-desktop');
} finally {
  await browser.close();
}
