import { expect, test } from '@playwright/test';
import { ADMIN, ADMIN_STATE, trpcMutation } from '../fixtures/accounts';

/**
 * The first visit to a new server: every page leads to the setup page, whose account becomes
 * the administrator. Every other spec starts signed in as this administrator (ADMIN_STATE).
 */
test('the first visit sets up the administrator account, which is then signed in', async ({ page }) => {
  await page.goto('/history');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Create the administrator account' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(ADMIN.name);

  // A second setup, now or from another browser, is refused: there is one first administrator.
  const again = await trpcMutation(page.request, 'account.setup', { name: 'Mallory', email: 'mallory@e2e.test', password: 'mallory-password' });
  expect(again.status()).toBe(409);
  expect((await page.request.get('/api/trpc/account.setupStatus').then((r) => r.json())).result.data.needsSetup).toBe(false);

  await page.context().storageState({ path: ADMIN_STATE });
});
