import { SLOW_STREAM_TOPIC } from './fixtures/e2e-script';
import { expect, expertNames, normalize, panel, test } from './fixtures';

test('every expert streams into its own card at once, and each ends with its full answer', async ({ page, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, parallel streaming`));

  await expect(circle.cards()).toHaveCount(expertNames.length);
  for (const name of expertNames) {
    await expect(circle.card(name)).toContainText('simulated');
  }

  // The first moment every card has text, no card may be done yet: they stream side by side,
  // not one after another.
  let firstAllStreaming: Awaited<ReturnType<typeof circle.cardStates>> = [];
  await expect
    .poll(async () => {
      firstAllStreaming = await circle.cardStates();
      return firstAllStreaming.every((card) => card.text.length > 0);
    })
    .toBe(true);
  expect(firstAllStreaming.map((card) => card.status)).toEqual(expertNames.map(() => 'streaming'));

  for (const expert of panel) {
    const card = circle.card(expert.name);
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(card.getByText(expert.model)).toBeVisible();
  }
  const final = await circle.cardStates();
  for (const expert of panel) {
    expect(normalize(final.find((c) => c.name === expert.name)?.text ?? '')).toBe(normalize(expert.defaultAnswer));
  }
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
});

test('an empty question gets a message next to the field and starts nothing', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Ask the circle' }).click();
  const question = page.getByRole('textbox', { name: 'Question' });
  await expect(question).toHaveAttribute('aria-invalid', 'true');
  await expect(question).toHaveAccessibleDescription('Ask a question first.');
  await expect(page).toHaveURL(/\/$/);
});
