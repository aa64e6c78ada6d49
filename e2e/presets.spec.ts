import type { Page } from '@playwright/test';
import { trpcMutation } from './fixtures/accounts';
import { expect, expertNames, signedInContext, test } from './fixtures';

/**
 * Issue 11's panel presets, in the browser: save the ticked panel under a name, pick it after a
 * reload and ask exactly those experts, make it the default the ask page opens with, rename and
 * delete it; nobody else sees it; an expert disabled since is skipped with a note. Each test
 * signs in as a fresh account of its own, so the administrator's ask page (which every other
 * spec uses) keeps its every-expert panel.
 */

const uniqueEmail = (who: string) => `${who}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));

async function freshAccount(page: Page, browser: Parameters<typeof signedInContext>[0], who: string) {
  const email = uniqueEmail(who);
  const password = `${who}-password-1`;
  const created = await trpcMutation(page.request, 'user.create', { name: who, email, password, role: 'user' });
  expect(created.status(), await created.text()).toBe(200);
  return signedInContext(browser, { email, password });
}

const [first, second, third] = expertNames as [string, string, string];
const expertBox = (page: Page, name: string) => page.getByRole('checkbox', { name: new RegExp(`^${name}\\b`) });
const presetSelect = (page: Page) => page.getByRole('combobox', { name: 'Preset' });

async function expectPanel(page: Page, ticked: string[]) {
  for (const name of expertNames) {
    if (ticked.includes(name)) await expect(expertBox(page, name)).toBeChecked();
    else await expect(expertBox(page, name)).not.toBeChecked();
  }
}

async function savePanel(page: Page, name: string) {
  await page.getByRole('button', { name: 'Save panel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save panel as a preset' });
  await dialog.getByRole('textbox', { name: 'Preset name' }).fill(name);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  return dialog;
}

test('a saved panel is picked after a reload, asks exactly its experts, and as the default opens ticked', async ({ page, browser, circle }) => {
  test.slow(); // two accounts, a run and four page loads
  expect(expertNames).toHaveLength(3);
  const context = await freshAccount(page, browser, 'pia');
  const pia = await context.newPage();
  await pia.goto('/');
  await expectPanel(pia, expertNames);

  await expertBox(pia, third).uncheck();
  const dialog = await savePanel(pia, 'Two experts');
  await expect(dialog).toBeHidden();
  await expect(presetSelect(pia)).toHaveValue(/.+/);
  await expect(presetSelect(pia).locator('option:checked')).toHaveText('Two experts');

  // A second preset of the same name is refused, in words.
  await expertBox(pia, third).check();
  const again = await savePanel(pia, 'Two experts');
  await expect(again.getByRole('alert')).toContainText('already have a preset named "Two experts"');
  await again.getByRole('button', { name: 'Cancel' }).click();

  // After a reload the page opens with every expert (no default yet); the preset ticks its two.
  await pia.reload();
  await expectPanel(pia, expertNames);
  await presetSelect(pia).selectOption({ label: 'Two experts' });
  await expectPanel(pia, [first, second]);

  const question = circle.uniqueQuestion('presets');
  await pia.getByRole('textbox', { name: 'Question' }).fill(question);
  await pia.getByRole('button', { name: 'Ask the circle' }).click();
  await pia.waitForURL(/\/runs\/[a-z0-9]+$/);
  const cards = pia.getByRole('region', { name: 'Answers' }).getByRole('article');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toBeVisible();
  expect((await cards.evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-label')))).sort()).toEqual([first, second].sort());

  // As the default, the ask page opens with it ticked.
  await pia.goto('/');
  await presetSelect(pia).selectOption({ label: 'Two experts' });
  await pia.getByRole('button', { name: 'Set as default' }).click();
  await expect(pia.getByRole('button', { name: 'Unset default' })).toBeVisible();
  await pia.reload();
  await expectPanel(pia, [first, second]);
  await expect(presetSelect(pia).locator('option:checked')).toHaveText('Two experts');

  // Nobody else sees it: not the administrator's page, not their API.
  await page.goto('/');
  await expectPanel(page, expertNames);
  await expect(presetSelect(page).getByRole('option', { name: 'Two experts' })).toHaveCount(0);
  const theirs = (await (await page.request.get(`/api/trpc/preset.list?input=${trpcInput({})}`)).json()) as { result: { data: { name: string }[] } };
  expect(theirs.result.data.map((p) => p.name)).not.toContain('Two experts');
  await context.close();
});

test('a preset is renamed and deleted on the ask page', async ({ page, browser }) => {
  const context = await freshAccount(page, browser, 'ravi');
  const ravi = await context.newPage();
  await ravi.goto('/');
  await expectPanel(ravi, expertNames);
  await expertBox(ravi, first).uncheck();
  await expect(await savePanel(ravi, 'Without the first')).toBeHidden();

  await ravi.getByRole('button', { name: 'Rename' }).click();
  const rename = ravi.getByRole('dialog', { name: 'Rename preset' });
  await rename.getByRole('textbox', { name: 'Preset name' }).fill('Last two');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(presetSelect(ravi).getByRole('option', { name: 'Last two' })).toHaveCount(1);
  await expect(presetSelect(ravi).getByRole('option', { name: 'Without the first' })).toHaveCount(0);

  await ravi.reload();
  await presetSelect(ravi).selectOption({ label: 'Last two' });
  await expectPanel(ravi, [second, third]);
  await ravi.getByRole('button', { name: 'Delete' }).click();
  const remove = ravi.getByRole('dialog', { name: 'Delete preset' });
  await remove.getByRole('button', { name: 'Delete' }).click();
  await expect(remove).toBeHidden();
  await expect(presetSelect(ravi).getByRole('option', { name: 'Last two' })).toHaveCount(0);
  await ravi.reload();
  await expect(presetSelect(ravi).getByRole('option')).toHaveText(['No presets yet']);
  await context.close();
});

test('an expert the administrator disabled after the preset was saved is skipped with a note and not asked', async ({ page, browser, circle }) => {
  test.slow();
  const context = await freshAccount(page, browser, 'sam');
  const sam = await context.newPage();
  await sam.goto('/');
  await expectPanel(sam, expertNames);
  await sam.getByRole('button', { name: 'Save panel' }).click();
  const dialog = sam.getByRole('dialog', { name: 'Save panel as a preset' });
  await dialog.getByRole('textbox', { name: 'Preset name' }).fill('All three');
  await dialog.getByRole('checkbox', { name: /default/ }).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(sam.getByRole('button', { name: 'Unset default' })).toBeVisible();

  const experts = (await (await page.request.get('/api/trpc/expert.list')).json()) as { result: { data: { id: string; name: string }[] } };
  const disabled = experts.result.data.find((e) => e.name === third)!;
  expect((await trpcMutation(page.request, 'expert.update', { id: disabled.id, enabled: false })).status()).toBe(200);
  try {
    await sam.reload();
    await expect(sam.getByRole('note')).toHaveText(`Skipped from “All three”, no longer on the panel: ${third} (disabled). It is not asked.`);
    await expect(expertBox(sam, third)).toHaveCount(0);
    await expect(expertBox(sam, first)).toBeChecked();
    await expect(expertBox(sam, second)).toBeChecked();
    await sam.getByRole('textbox', { name: 'Question' }).fill(circle.uniqueQuestion('preset with a disabled expert'));
    await sam.getByRole('button', { name: 'Ask the circle' }).click();
    await sam.waitForURL(/\/runs\/[a-z0-9]+$/);
    const cards = sam.getByRole('region', { name: 'Answers' }).getByRole('article');
    await expect(cards).toHaveCount(2);
    expect((await cards.evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-label')))).sort()).toEqual([first, second].sort());
  } finally {
    // Every other spec asks the whole panel.
    expect((await trpcMutation(page.request, 'expert.update', { id: disabled.id, enabled: true })).status()).toBe(200);
  }
  await context.close();
});
