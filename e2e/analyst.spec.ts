import { expect, test } from './fixtures';

/**
 * A run with the scripted analyst (e2e/fixtures/analyst-panel.json): the method line, the
 * contradictions with both sides, a claim's quotes marked in its supporters' and opponents'
 * cards, and the fabricated quote shown as dropped.
 */
test('the analyst’s verified map: method, contradictions, quotes marked in the cards, the dropped quote', async ({ page, circle }) => {
  await circle.ask(circle.uniqueQuestion('analyst check'));
  const consensus = page.getByRole('region', { name: 'Consensus' });

  // 10 attributions (3 bottom-line quotes, 7 in claims); the fabricated one is not grounded.
  await expect(consensus.getByText(/Verified by sim-analyst-e2e, 9 of 10 attributions grounded/)).toBeVisible({ timeout: 30_000 });

  // The analyst is no panel card; it is shown in the Consensus region, its raw output collapsed.
  await expect(circle.cards()).toHaveCount(3);
  const analyst = consensus.getByRole('group', { name: 'Analyst' });
  await expect(analyst).toContainText('sim-analyst-e2e');
  const raw = analyst.getByText("Analyst's raw output");
  await expect(analyst.locator('pre')).toBeHidden();
  await raw.click();
  await expect(analyst.locator('pre')).toContainText('"claims"');

  // The contradiction, both sides with their quotes.
  const contradictions = consensus.getByRole('list', { name: 'Contradictions' });
  const item = contradictions.getByRole('listitem').filter({ hasText: 'Use PostgreSQL for the orders service' }).first();
  await expect(item.getByRole('list', { name: 'Asserts' })).toContainText('Atlas: “Use PostgreSQL for the orders service');
  await expect(item.getByRole('list', { name: 'Asserts' })).toContainText('Borealis: “Pick PostgreSQL here');
  await expect(item.getByRole('list', { name: 'Contradicts' })).toContainText('Cirrus: “Choose MongoDB instead');

  // Selecting it marks the supporters' quotes as support and the opponent's as opposition.
  const claim = item.getByRole('button', { name: /Use PostgreSQL for the orders service/ });
  await claim.click();
  await expect(claim).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Quotes marked in the cards: supporting in Atlas and Borealis; contradicting in Cirrus.')).toBeAttached();
  // Atlas wrote **PostgreSQL**: the quote is marked piece by piece, and the paragraph's next sentence is not.
  const atlasMarks = circle.card('Atlas').locator('mark.evidence');
  await expect.poll(async () => (await atlasMarks.allTextContents()).join('')).toMatch(/^Use PostgreSQL for the orders service\.?$/);
  await expect(circle.card('Atlas').locator('strong mark.evidence')).toHaveText('PostgreSQL');
  for (const title of await atlasMarks.evaluateAll((marks) => marks.map((m) => m.getAttribute('title')))) {
    expect(title).toBe('Supports: Use PostgreSQL for the orders service');
  }
  await expect(circle.card('Atlas').locator('mark', { hasText: 'transactions' })).toHaveCount(0);
  await expect(circle.card('Borealis').locator('mark.evidence')).toHaveText(/^Pick PostgreSQL here\.?$/);
  await expect(circle.card('Cirrus').locator('mark.evidence-oppose')).toHaveText(/^Choose MongoDB instead\.?$/);
  await expect(circle.card('Cirrus').locator('mark.evidence-oppose')).toHaveAttribute('title', 'Contradicts: Use PostgreSQL for the orders service');
  await expect(circle.card('Cirrus').locator('mark.evidence')).toHaveCount(0);

  // A shared claim: its supporters only; the fabricated Cirrus quote marks nothing.
  const shared = consensus.getByRole('list', { name: 'Shared claims' }).getByRole('button', { name: /Transactions keep the orders consistent/ });
  await shared.click();
  await expect(shared).toHaveAttribute('aria-pressed', 'true');
  await expect(claim).toHaveAttribute('aria-pressed', 'false');
  await expect(circle.card('Atlas').locator('mark.evidence')).toHaveText(/^Its transactions keep every order consistent\.?$/);
  await expect(circle.card('Borealis').locator('mark.evidence')).toHaveText(/^Transactions keep the order data consistent$/);
  await expect(circle.card('Cirrus').locator('mark')).toHaveCount(0);
  await shared.click();
  await expect(circle.cards().locator('mark')).toHaveCount(0);

  // The dropped attribution, collapsed until asked for.
  const dropped = consensus.getByRole('list', { name: 'Dropped attributions' });
  await expect(dropped).toBeHidden();
  await consensus.getByText(/^Grounding: 9 of 10 attributions grounded/).click();
  await expect(dropped).toContainText('Cirrus — quote not found: “transactions are what matters most for orders”');

  await consensus.getByText('Bias controls and answer length').click();
  await expect(consensus.getByRole('list', { name: 'Bias controls' })).toContainText('random order');
  await expect(consensus.getByRole('table', { name: 'Answer length vs. support' })).toContainText('Cirrus');

  // Nothing wider than a phone's viewport.
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the exports carry the same method, contradictions, grounding and bias controls', async ({ page, circle }) => {
  const id = await circle.ask(circle.uniqueQuestion('analyst check'));
  const consensus = page.getByRole('region', { name: 'Consensus' });
  await expect(consensus.getByText(/Verified by sim-analyst-e2e, 9 of 10 attributions grounded/)).toBeVisible({ timeout: 30_000 });

  const markdown = await (await page.request.get(`/api/runs/${id}/report?format=markdown`)).text();
  expect(markdown).toContain('- **Method:** Verified by sim-analyst-e2e, 9 of 10 attributions grounded');
  expect(markdown).toContain('- **Use PostgreSQL for the orders service**');
  expect(markdown).toMatch(/ {2}- Contradicted by \*\*Cirrus\*\*: “Choose MongoDB instead/);
  expect(markdown).toContain('Cirrus — quote not found: “transactions are what matters most for orders”');
  expect(markdown).toContain('### Bias controls');

  const json = (await (await page.request.get(`/api/runs/${id}/report?format=json`)).json()) as {
    experts: { name: string }[];
    analysis: { method: string; grounding: { grounded: number; attributions: number }; biasControls: string[]; standings: unknown[] };
    analyst: { model: string } | null;
  };
  expect(json.analysis.method).toBe('Verified by sim-analyst-e2e, 9 of 10 attributions grounded');
  expect(json.analysis.grounding).toMatchObject({ grounded: 9, attributions: 10 });
  expect(json.analysis.biasControls.length).toBeGreaterThan(0);
  expect(json.analysis.standings).toHaveLength(3);
  expect(json.experts.map((e) => e.name)).not.toContain('Analyst');
  expect(json.analyst?.model).toBe('sim-analyst-e2e');
});

test('an analyst whose output fails the schema leaves the offline estimate, and the page says why', async ({ page, circle }) => {
  // Any other question: the scripted analyst answers prose (e2e/fixtures/analyst-panel.json).
  await circle.ask(circle.uniqueQuestion('offline estimate'));
  const consensus = page.getByRole('region', { name: 'Consensus' });
  await expect(consensus.getByText(/Estimated without an analyst: sim-analyst-e2e \S.*The offline estimate is shown\./)).toBeVisible({ timeout: 30_000 });
  await expect(consensus.getByRole('heading', { name: 'Common recommendations' })).toBeVisible();
  await expect(consensus.getByRole('list', { name: 'Contradictions' })).toHaveCount(0);
  const analyst = consensus.getByRole('group', { name: 'Analyst' });
  await analyst.getByText("Analyst's raw output").click();
  await expect(analyst.locator('pre')).toHaveText('No map is scripted for this question.');
});
