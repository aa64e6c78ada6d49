import { execFileSync } from 'node:child_process';
import { ADMIN, trpcMutation } from './fixtures/accounts';
import { expect, signedInContext, signedOutContext, test } from './fixtures';

/**
 * Issue 10's accounts, in the browser against the real server: signing in and out through the
 * pages, one person's runs invisible to another, the administrator's user management, the
 * session rule on every procedure, and the per-user start rate.
 */

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));

const mutate = trpcMutation;

const uniqueEmail = (who: string) => `${who}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;

test('signing out and in again goes through the pages and back to where one was going', async ({ browser }) => {
  const context = await signedOutContext(browser);
  const page = await context.newPage();
  await page.goto('/history');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fhistory$/);

  await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /invalid|incorrect|wrong/i })).toBeVisible();

  await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByRole('heading', { name: /history/i })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  expect((await context.request.get('/api/trpc/run.list?input=' + trpcInput({}))).status()).toBe(401);
  await context.close();
});

test('a second user never sees the first one’s run, by page, by URL or by API; disabling them ends their session', async ({ page, browser, circle }) => {
  const question = circle.uniqueQuestion('private');
  const runId = await circle.ask(question);

  // The administrator adds the account on the settings page.
  const email = uniqueEmail('grace');
  const password = 'grace-password-1';
  await page.goto('/settings');
  const addUser = page.getByRole('form', { name: 'Add a user' });
  await addUser.getByRole('textbox', { name: 'Name' }).fill('Grace');
  await addUser.getByRole('textbox', { name: 'Email' }).fill(email);
  await addUser.getByRole('textbox', { name: 'Password' }).fill(password);
  await addUser.getByRole('button', { name: 'Add user' }).click();
  const usersSection = page.getByRole('region', { name: 'Users' });
  await expect(usersSection.getByText(email)).toBeVisible();

  const grace = await signedInContext(browser, { email, password });
  const gracePage = await grace.newPage();
  await gracePage.goto(`/runs/${runId}`);
  await expect(gracePage.getByText('This run does not exist.')).toBeVisible();
  await gracePage.goto('/history');
  await expect(gracePage.getByText(question)).toHaveCount(0);

  // Every way in by id answers as if there were no such run.
  expect((await grace.request.get(`/api/trpc/run.get?input=${trpcInput({ id: runId })}`)).status()).toBe(404);
  expect((await grace.request.get(`/api/runs/${runId}/report?format=json`)).status()).toBe(404);
  expect((await mutate(grace.request, 'run.cancel', { id: runId })).status()).toBe(404);
  expect((await mutate(grace.request, 'report.share', { runId })).status()).toBe(404);
  const list = (await (await grace.request.get(`/api/trpc/run.list?input=${trpcInput({ search: question })}`)).json()) as { result: { data: { items: unknown[] } } };
  expect(list.result.data.items).toEqual([]);
  // A user manages nothing of the deployment.
  expect((await mutate(grace.request, 'expert.create', { name: 'Mine', provider: 'openai', model: 'gpt-4o' })).status()).toBe(403);
  expect((await grace.request.get('/api/trpc/credential.list')).status()).toBe(403);
  expect((await grace.request.get('/api/trpc/user.list')).status()).toBe(403);

  // The owner still has it.
  expect((await page.request.get(`/api/trpc/run.get?input=${trpcInput({ id: runId })}`)).status()).toBe(200);

  // Disabled by the administrator: Grace's session is gone at once.
  const graceRow = usersSection.getByRole('row').filter({ hasText: email });
  await graceRow.getByRole('button', { name: 'Disable' }).click();
  await expect(graceRow.getByRole('button', { name: 'Enable' })).toBeVisible();
  expect((await grace.request.get(`/api/trpc/run.list?input=${trpcInput({})}`)).status()).toBe(401);
  expect((await grace.request.post('/api/auth/sign-in/email', { data: { email, password } })).ok()).toBe(false);
  await grace.close();
});

test('a signed-out request to every procedure gets 401, except the public ones', async ({ browser }) => {
  // The real router's procedure list, read by tsx (Playwright's loader cannot import the server).
  const listed = execFileSync(
    process.execPath,
    ['--import', 'tsx', '-e', "const [{ appRouter }, { PUBLIC_PROCEDURES }] = await Promise.all([import('./server/routers/_app.ts'), import('./server/http/session-gate.ts')]); console.log(JSON.stringify({ all: Object.keys(appRouter._def.procedures), open: [...PUBLIC_PROCEDURES] }));"],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'file:/tmp/circle-e2e-procedures.db' } },
  );
  const { all: procedures, open } = JSON.parse(listed.trim().split('\n').pop()!) as { all: string[]; open: string[] };
  const PUBLIC_PROCEDURES = new Set(open);
  expect(procedures.length).toBeGreaterThan(30);
  const stranger = await signedOutContext(browser);
  for (const path of procedures.filter((p) => !PUBLIC_PROCEDURES.has(p))) {
    const get = await stranger.request.get(`/api/trpc/${path}?input=${trpcInput({})}`);
    const post = await mutate(stranger.request, path, {});
    expect([path, get.status(), post.status()]).toEqual([path, 401, 401]);
  }
  // A batch that smuggles a private procedure behind a public one is refused as a whole.
  expect((await stranger.request.get(`/api/trpc/account.setupStatus,run.list?batch=1&input=${trpcInput({ 0: {}, 1: {} })}`)).status()).toBe(401);
  // The public ones answer without a session.
  expect((await stranger.request.get(`/api/trpc/account.setupStatus?input=${trpcInput({})}`)).status()).toBe(200);
  await stranger.close();
});

test('the 6th rapid run start of a user limited to 5 a minute gets 429 with Retry-After', async ({ page, browser }) => {
  const email = uniqueEmail('linus');
  const password = 'linus-password-1';
  const created = await mutate(page.request, 'user.create', { name: 'Linus', email, password, role: 'user' });
  expect(created.status()).toBe(200);
  const userId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
  expect((await mutate(page.request, 'user.setQuota', { userId, runsPerMinute: 5, dailyBudgetUsd: null })).status()).toBe(200);

  const linus = await signedInContext(browser, { email, password });
  const statuses: number[] = [];
  let refused: Awaited<ReturnType<typeof mutate>> | undefined;
  for (let i = 0; i < 6; i++) {
    const response = await mutate(linus.request, 'run.create', { question: `Rate limit ${i} [${email}]` });
    statuses.push(response.status());
    if (response.status() === 429) refused = response;
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  expect(Number(refused?.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(refused?.headers()['retry-after'])).toBeLessThanOrEqual(60);
  expect(JSON.stringify(await refused?.json())).toMatch(/limit is 5/);
  // The administrator's own starts are not Linus's: they go on.
  expect((await mutate(page.request, 'run.create', { question: `Not limited [${email}]` })).status()).toBe(200);
  await linus.close();
});
