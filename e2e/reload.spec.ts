import { SLOW_STREAM_TOPIC } from './fixtures/e2e-script';
import { expect, expertNames, normalize, panel, test } from './fixtures';

test('reloading mid-stream re-attaches to the running run without duplicated or missing text', async ({ page, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  const id = await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, reload`));

  // Let some text arrive, then reload while every expert is still streaming.
  await expect.poll(async () => (await circle.cardStates()).filter((c) => c.text.length > 40).length).toBe(expertNames.length);
  const before = await circle.cardStates();
  expect(before.every((c) => c.status === 'streaming')).toBe(true);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));

  // Right after the reload the snapshot shows at least what we had: nothing lost.
  await expect
    .poll(async () => {
      const after = await circle.cardStates();
      return before.every((old) => (after.find((c) => c.name === old.name)?.text.length ?? 0) >= old.text.length);
    })
    .toBe(true);
  const resumed = await circle.cardStates();
  expect(resumed.some((c) => c.status === 'streaming')).toBe(true);

  for (const expert of panel) {
    await expect(circle.card(expert.name)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  }
  const final = await circle.cardStates();
  for (const expert of panel) {
    const text = normalize(final.find((c) => c.name === expert.name)?.text ?? '');
    // Exactly the scripted answer: a replayed delta would repeat words, a dropped one would miss them.
    expect(text).toBe(normalize(expert.defaultAnswer));
  }
});

test('a second tab opened mid-stream sees the same run live', async ({ page, context, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  const id = await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, second tab`));
  await expect.poll(async () => (await circle.cardStates()).some((c) => c.text.length > 0)).toBe(true);

  const second = await context.newPage();
  await second.goto(`/runs/${id}`);
  const first = panel[0];
  if (!first) throw new Error('The e2e script has no experts');
  const card = second.getByRole('article', { name: first.name, exact: true });
  await expect(card).toHaveAttribute('data-status', 'streaming');
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(card.locator('[data-answer-body]')).toHaveText(normalize(first.defaultAnswer), { useInnerText: false });
  await second.close();
});
