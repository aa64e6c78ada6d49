import { SLOW_STREAM_TOPIC } from './fixtures/e2e-script';
import { expect, expertNames, panel, test } from './fixtures';

const showcase = panel.find((e) => e.name === 'Atlas')!.answers.find((a) => a.match === 'markdown showcase')!.text;
/** The fenced block of the showcase answer, as written between its fences. */
const showcaseCode = /```ts\n([\s\S]*?)\n```/.exec(showcase)![1]!;

test.describe('copying', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  test('Copy answer copies the Markdown source, Copy code copies one block, and the run states its total cost', async ({ page, circle }) => {
    await circle.ask(circle.uniqueQuestion('markdown showcase'));
    const card = circle.card('Atlas');
    await expect(card).toHaveAttribute('data-status', 'done');
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await card.getByRole('button', { name: 'Copy answer', exact: true }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    // The source, with its table pipes and code fence, not the text the page rendered from it.
    expect(await clipboard()).toBe(showcase);

    await card.getByRole('button', { name: 'Copy code', exact: true }).click();
    expect(await clipboard()).toBe(showcaseCode);

    const synthesis = page.getByRole('article', { name: 'Synthesis', exact: true });
    await expect(synthesis).toHaveAttribute('data-status', 'done');
    await synthesis.getByRole('button', { name: 'Copy answer', exact: true }).click();
    await expect(synthesis.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await clipboard()).toMatch(/^## Synthesis\n\nI read the answers from /);

    // The simulated panel cost nothing, and the page says so rather than "$0".
    await expect(page.getByText('total cost simulated, no cost')).toBeVisible();
  });

  test('a refused clipboard says so and how to copy by hand', async ({ page, circle }) => {
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await circle.ask(circle.uniqueQuestion('markdown showcase, refused clipboard'));
    const card = circle.card('Atlas');
    await expect(card).toHaveAttribute('data-status', 'done');
    await card.getByRole('button', { name: 'Copy answer', exact: true }).click();
    await expect(card.getByRole('status').filter({ hasText: 'refused access to the clipboard' })).toContainText('copy it by hand');
  });
});

test('Esc cancels a running run, but first closes the shortcut list when it is open', async ({ page, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, escape cancels`));
  await expect.poll(async () => (await circle.cardStates()).every((c) => c.text.length > 0)).toBe(true);

  // With the list open, Esc is the dialog's: it closes, and the run goes on.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect((await circle.cardStates()).every((c) => c.status === 'streaming')).toBe(true);

  await page.keyboard.press('Escape');
  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'cancelled');
  }
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
});

test('"?" and the header button open the shortcut list; "?" typed in a field stays in the field', async ({ page }) => {
  await page.goto('/');
  const question = page.getByRole('textbox', { name: 'Question' });
  await question.press('?');
  await expect(question).toHaveValue('?');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeHidden();

  await question.blur();
  await page.keyboard.press('?');
  await expect(list).toBeVisible();
  await expect(list.getByRole('term')).toHaveCount(4);
  await expect(list).toContainText('Cancel the run');
  await list.getByRole('button', { name: 'Close' }).click();
  await expect(list).toBeHidden();

  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(list).toBeVisible();
  await expect(list).toContainText('Ask the circle');
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
});
