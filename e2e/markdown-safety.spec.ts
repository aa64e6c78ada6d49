import { expect, test } from './fixtures';

test('answers render as Markdown with highlighted code and safe links', async ({ page, circle }) => {
  await circle.ask(circle.uniqueQuestion('markdown showcase'));
  const card = circle.card('Atlas');
  await expect(card).toHaveAttribute('data-status', 'done');

  await expect(card.getByRole('table')).toBeVisible();
  await expect(card.locator('pre code.hljs .hljs-keyword').first()).toBeVisible();
  const link = card.getByRole('link', { name: 'the PostgreSQL docs' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
});

test('an answer embedding remote images makes no request until the person asks, and raw HTML never runs', async ({ page, circle }) => {
  const remote: string[] = [];
  // On the context: the click opens the image in a new tab, a page of its own.
  page.context().on('request', (request) => {
    if (new URL(request.url()).hostname.endsWith('.invalid')) remote.push(request.url());
  });

  await circle.ask(circle.uniqueQuestion('hostile image'));
  const card = circle.card('Atlas');
  await expect(card).toHaveAttribute('data-status', 'done');

  const load = card.getByRole('button', { name: /Load image from tracker\.invalid/ });
  await expect(load).toBeVisible();
  await expect(card.locator('img')).toHaveCount(0);
  await expect(card.locator('script')).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
  expect(remote).toEqual([]);

  // Consent: only the image that was clicked is requested, in a new tab.
  const [tab] = await Promise.all([page.waitForEvent('popup'), load.click()]);
  await expect.poll(() => remote).toEqual(['https://tracker.invalid/chart.png?data=secret-from-markdown']);
  await tab.close();
});
