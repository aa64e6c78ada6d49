import { defineConfig, devices } from '@playwright/test';
import { ADMIN_STATE } from './e2e/fixtures/accounts';
import { GOOGLE_FAKE_URL, googleFakeEnv } from './e2e/fixtures/google-fake-server';

/** A port of its own, so a dev server on 3000 does not get in the way. */
const port = Number(process.env.E2E_PORT ?? 3100);
const host = process.env.E2E_HOST ?? '127.0.0.1';
const baseURL = `http://${host}:${port}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // One server, one simulator, two cores: tests run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 45_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Playwright cannot download its browsers here: Debian's chromium it is.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    // The first account, made through the setup page; every spec then starts signed in as it.
    { name: 'setup', testMatch: /e2e\/setup\/.*\.setup\.ts$/ },
    { name: 'chromium', dependencies: ['setup'], use: { storageState: ADMIN_STATE } },
  ],
  webServer: [
    {
      // Google's consent page, token endpoint and Drive API, for the Drive export.
      command: 'npx tsx e2e/fixtures/google-fake-server.ts',
      url: `${GOOGLE_FAKE_URL}/__fake/files`,
      timeout: 30_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
    },
    {
      command: 'npx tsx e2e/serve.ts',
      url: baseURL,
      // Specs start runs faster than a person would: the defaults (10 a minute, 3 at once) would
      // refuse some. accounts.spec.ts lowers one user's rate on its own.
      env: { PORT: String(port), HOSTNAME: '127.0.0.1', CIRCLE_RUNS_PER_MINUTE: '120', CIRCLE_MAX_CONCURRENT_RUNS_PER_USER: '12', ...googleFakeEnv() },
      timeout: 120_000,
      // A fresh database and the e2e simulator script every time.
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
  ],
});
