import { SLOW_STREAM_TOPIC } from './fixtures/e2e-script';
import { expect, expertNames, test } from './fixtures';

test('cancel stops every expert and keeps the text that arrived', async ({ page, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  const id = await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, cancel`));
  await expect.poll(async () => (await circle.cardStates()).every((c) => c.text.length > 0)).toBe(true);

  await page.getByRole('button', { name: 'Cancel' }).click();

  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'cancelled');
  }
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  const cancelled = await circle.cardStates();
  expect(cancelled.every((c) => c.text.length > 0)).toBe(true);

  // The partial text is what was stored, not just what this page kept in memory.
  await page.reload();
  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'cancelled');
  }
  const reloaded = await circle.cardStates();
  for (const card of cancelled) {
    expect(reloaded.find((c) => c.name === card.name)?.text).toBe(card.text);
  }
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
});
