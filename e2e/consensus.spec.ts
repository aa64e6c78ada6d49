import { SLOW_STREAM_TOPIC } from './fixtures/e2e-script';
import { expect, expertNames, test } from './fixtures';

test('the consensus fills in while the experts stream, then the chair writes the synthesis', async ({ page, circle }) => {
  test.slow(); // the slow-stream answers (e2e/fixtures/e2e-script.ts)
  await circle.ask(circle.uniqueQuestion(`${SLOW_STREAM_TOPIC}, consensus`));
  const consensus = page.getByRole('region', { name: 'Consensus' });

  // Live: a percentage appears while the run is still going.
  await expect(consensus.getByText('Consensus (live)')).toBeVisible();
  await expect(consensus.getByLabel(/Consensus confidence \d+%/)).toBeVisible();

  for (const name of expertNames) {
    await expect(circle.card(name)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  }
  const synthesis = page.getByRole('article', { name: 'Synthesis' });
  await expect(synthesis).toHaveAttribute('data-status', 'done');
  // The chair cites the panel by name.
  await expect(synthesis).toContainText('[Atlas]');
  await expect(consensus.getByText('Consensus', { exact: true })).toBeVisible();

  // Every panel member is either in the majority or a dissenter.
  const groups = await consensus.locator('dd').allInnerTexts();
  for (const name of expertNames) expect(groups.join(' ')).toContain(name);

  // Borealis and Cirrus share a sentence in the e2e script: the consensus lists it with both
  // as supporters, and selecting it marks that sentence in exactly their two cards.
  const recommendation = consensus.getByRole('list', { name: 'Common recommendations' }).getByRole('button', { name: /rehearse a restore every quarter/ });
  await expect(recommendation).toContainText('Borealis, Cirrus');
  await recommendation.click();
  await expect(recommendation).toHaveAttribute('aria-pressed', 'true');
  for (const name of ['Borealis', 'Cirrus']) {
    await expect(circle.card(name).locator('mark.evidence')).toHaveText(/turn on point in time recovery and rehearse a restore every quarter/i);
  }
  await expect(circle.card('Atlas').locator('mark.evidence, .evidence-block')).toHaveCount(0);
  await recommendation.click();
  await expect(circle.cards().locator('mark.evidence')).toHaveCount(0);

  const charts = page.getByRole('region', { name: 'Charts' });
  await expect(charts.getByRole('figure', { name: 'Answer similarity' })).toBeVisible();
  await expect(charts.getByRole('figure', { name: 'Time to first token and total time' })).toBeVisible();
  await expect(charts.getByRole('figure', { name: 'Tokens per expert' })).toBeVisible();
});

test('rating an answer moves that expert’s weight on the chart', async ({ page, circle }) => {
  await circle.ask(circle.uniqueQuestion('rating'));
  const atlas = circle.card('Atlas');
  await expect(atlas).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  const weights = page.getByRole('figure', { name: 'Expert weight over time' });
  await expect(weights).toContainText('Atlas:');
  const before = await weights.innerText();

  await atlas.getByRole('button', { name: 'Rate up' }).click();
  await expect(atlas.getByRole('button', { name: 'Rate up' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => weights.innerText()).not.toBe(before);
  // Atlas's line ends higher than it started; the others did not move.
  const summary = await weights.innerText();
  const [, from, to] = /Atlas: ([\d.]+) → ([\d.]+)/.exec(summary) ?? [];
  expect(Number(to)).toBeGreaterThan(Number(from));
});
