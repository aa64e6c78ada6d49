import { expect, expertNames, test } from './fixtures';

test('a run can be found in the history by searching its text, and opens as it ended', async ({ page, circle }) => {
  const question = circle.uniqueQuestion('history lookup');
  const id = await circle.ask(question);
  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }
  // The run ends when the chair has written the synthesis too.
  await expect(page.getByRole('article', { name: 'Synthesis' })).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const finished = await circle.cardStates();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/history$/);
  // Another test's run must not match: search for the part only this question has.
  const marker = question.slice(question.lastIndexOf('['));
  await page.getByRole('searchbox', { name: 'Search' }).fill(marker.slice(1, -1));

  const link = page.getByRole('link', { name: question });
  await expect(link).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('listitem')).toContainText('done');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
  await expect(page.getByText(question)).toBeVisible();
  for (const card of finished) {
    await expect(circle.card(card.name)).toHaveAttribute('data-status', 'done');
  }
  expect(await circle.cardStates()).toEqual(finished);
});

test('a search that matches nothing says so', async ({ page }) => {
  await page.goto('/history');
  await page.getByRole('searchbox', { name: 'Search' }).fill('no run has this text zq9x');
  await expect(page.getByText('No run matches')).toBeVisible();
});
