import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, normalize, test } from './fixtures';

/**
 * What the consensus engine guarantees, as a person sees it on the run page, for a panel
 * written to tempt it (e2e/fixtures/consensus-panel.json): Atlas and Borealis recommend
 * PostgreSQL, Cirrus dissents with "Use MongoDB for the event log, not PostgreSQL"; the
 * answers open with "Great question!", close with "I hope this helps", ask themselves
 * questions, have headings, and Atlas writes an aside under "When MongoDB is reasonable".
 * The assertions are about the guarantees, not about the wording the engine picks.
 */

const panelFile = JSON.parse(readFileSync(new URL('./fixtures/consensus-panel.json', import.meta.url), 'utf8')) as {
  experts: { name: string; answers: { match: string; text: string }[] }[];
};
const answersTo = (match: string) =>
  new Map(panelFile.experts.flatMap((e) => e.answers.filter((a) => a.match === match).map((a) => [e.name, a.text] as const)));
const scripted = answersTo('consensus guarantees');

/** The answers' headings and sentences, as plain text (what the page shows of them). */
function sentencesAndHeadings(texts: Iterable<string>) {
  const headings = new Set<string>();
  const sentences = new Set<string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) {
        headings.add(normalize(heading[1] ?? ''));
        continue;
      }
      const body = normalize(line.replace(/^\s*(?:[-*]|\d+\.)\s+/, ''));
      for (const sentence of body.split(/(?<=[.!?])\s+/)) if (sentence) sentences.add(sentence);
    }
  }
  return { headings, sentences: [...sentences] };
}
const { headings, sentences } = sentencesAndHeadings(scripted.values());
const FILLER = /great question|hope this helps|happy to help|let me know/i;

interface Recommendation {
  text: string;
  supporters: string[];
}

/** One look at the consensus, as the text of each recommendation button and of each insight shown. */
interface RawLook {
  recommendations: string[];
  insights: string[];
}

function parseLook(raw: RawLook): { recommendations: Recommendation[]; insights: string[] } {
  const recommendations = raw.recommendations.map((content) => {
    const [, text = content, supporters = ''] = /^(.*)Supported by (.*) · \d+% support$/s.exec(content) ?? [];
    return { text: normalize(text), supporters: supporters.split(',').map((s) => s.trim()).filter(Boolean) };
  });
  return { recommendations, insights: raw.insights.map(normalize) };
}

/** The consensus as it is now: its recommendations (text and supporters) and its visible insights. */
async function readConsensus(consensus: Locator) {
  return parseLook({
    recommendations: await consensus.getByRole('list', { name: 'Common recommendations' }).getByRole('button').allTextContents(),
    insights: await consensus.getByRole('list', { name: /^Insights of / }).getByRole('listitem').allTextContents(),
  });
}

/**
 * Records in the page every distinct state of the live consensus, from the same lists the
 * role locators above read (by their accessible names). While three answers stream the page
 * is too busy for a poll from the test to see more than one or two states.
 */
async function recordLiveConsensus(page: Page): Promise<() => Promise<ReturnType<typeof parseLook>[]>> {
  await page.evaluate(() => {
    const looks: string[] = [];
    const read = () => {
      const region = document.querySelector('section[aria-label="Consensus"]');
      if (!region?.querySelector('h2')?.textContent?.includes('(live)')) return;
      const text = (el: Element) => el.textContent ?? '';
      const look = JSON.stringify({
        recommendations: [...region.querySelectorAll('ul[aria-label="Common recommendations"] button')].map(text),
        insights: [...region.querySelectorAll('ul[aria-label^="Insights of "] > li')].map(text),
      });
      if (looks[looks.length - 1] !== look) looks.push(look);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    read();
    (window as unknown as { consensusLooks: string[] }).consensusLooks = looks;
  });
  return async () => {
    const looks = await page.evaluate(() => (window as unknown as { consensusLooks: string[] }).consensusLooks);
    return [...new Set(looks)].map((look) => parseLook(JSON.parse(look) as RawLook));
  };
}

/** The insight itself, without its "Caveat:" mark and "Under “…”:" framing. */
const insightText = (shown: string) => shown.replace(/^Caveat:\s*/, '').replace(/^Under “[^”]*”:\s*/, '');

/** (b) and (c): what must hold of any consensus the page shows, live or final. */
function expectWellFormed({ recommendations, insights }: ReturnType<typeof parseLook>, when: string) {
  for (const { text } of recommendations) {
    expect(headings.has(text), `${when}: a heading as a recommendation: ${text}`).toBe(false);
    expect(text.endsWith('?'), `${when}: a question as a recommendation: ${text}`).toBe(false);
    expect(FILLER.test(text), `${when}: filler as a recommendation: ${text}`).toBe(false);
    // A half sentence is the start of one: every recommendation ends where a sentence of the panel ends.
    expect(
      sentences.some((s) => s.endsWith(text)),
      `${when}: not a whole sentence of any answer: ${text}`,
    ).toBe(true);
  }
  const common = new Set(recommendations.map((r) => r.text));
  for (const shown of insights) {
    const text = insightText(shown);
    expect(common.has(text), `${when}: both a common recommendation and a unique insight: ${shown}`).toBe(false);
    // An insight is a claim too: never the unfinished end of an answer still being written.
    expect(
      sentences.some((s) => s.endsWith(text)),
      `${when}: an insight that is not a whole sentence of any answer: ${text}`,
    ).toBe(true);
  }
}

async function askWith(page: Page, question: string, leaveOut: string[] = []): Promise<void> {
  await page.goto('/');
  for (const name of ['Atlas', 'Borealis', 'Cirrus']) await expect(page.getByRole('checkbox', { name: new RegExp(name) })).toBeChecked();
  for (const name of leaveOut) await page.getByRole('checkbox', { name: new RegExp(name) }).uncheck();
  await page.getByRole('textbox', { name: 'Question' }).fill(question);
  await page.getByRole('button', { name: 'Ask the circle' }).click();
  await page.waitForURL(/\/runs\/[a-z0-9]+$/);
}

const unique = () => `[${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}]`;

test('the consensus keeps its guarantees on a panel written to break them, live and final', async ({ page, circle }) => {
  await askWith(page, `Consensus guarantees: which database should a five-person team use for its event log? ${unique()}`);
  const consensus = page.getByRole('region', { name: 'Consensus' });
  const synthesis = page.getByRole('article', { name: 'Synthesis' });

  // While the answers stream, every consensus the page shows is already well formed:
  // unfinished sentences at the end of an answer are no recommendation.
  const liveLooks = await recordLiveConsensus(page);
  await expect(synthesis).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const looks = await liveLooks();
  expect(looks.length).toBeGreaterThan(0);
  looks.forEach((look, index) => expectWellFormed(look, `live look ${index + 1} of ${looks.length}`));
  for (const name of scripted.keys()) await expect(circle.card(name)).toHaveAttribute('data-status', 'done');
  await expect(consensus.getByText('Consensus', { exact: true })).toBeVisible();

  // Everything, insights beyond the first two per expert included.
  const showAll = consensus.getByRole('button', { name: /^Show all/ });
  if (await showAll.isVisible()) await showAll.click();
  const final = await readConsensus(consensus);
  expectWellFormed(final, 'final');

  // (a) Cirrus dissents, and is no supporter of a recommendation of PostgreSQL, the majority's bottom line.
  const names = async (group: string) => (await consensus.getByRole('list', { name: group }).getByRole('listitem').allTextContents()).sort();
  expect(await names('Dissenters')).toEqual(['Cirrus']);
  expect(await names('Majority')).toEqual(['Atlas', 'Borealis']);
  const bottomLine = final.recommendations.filter((r) => /PostgreSQL/.test(r.text) && !/MongoDB/.test(r.text));
  expect(bottomLine.length, 'the majority’s bottom line is a common recommendation').toBeGreaterThan(0);
  for (const r of bottomLine) {
    expect(r.supporters).not.toContain('Cirrus');
    expect(r.supporters.length).toBeGreaterThanOrEqual(2);
  }

  // Each expert's bottom line is shown with the consensus.
  const bottomLines = consensus.getByRole('list', { name: 'Bottom lines' });
  await expect(bottomLines.getByRole('listitem').filter({ hasText: /^Atlas:.*PostgreSQL/ })).toHaveCount(1);
  await expect(bottomLines.getByRole('listitem').filter({ hasText: /^Cirrus:.*MongoDB/ })).toHaveCount(1);

  // (d) Atlas's aside about MongoDB is shown under the heading it was written under.
  const aside = consensus.getByRole('list', { name: 'Insights of Atlas' }).getByRole('listitem').filter({ hasText: 'nested JSON from third-party webhooks' });
  await expect(aside).toHaveCount(1);
  await expect(aside).toContainText('Under “When MongoDB is reasonable”:');

  // How the answers were compared is said, one way or the other.
  await expect(consensus.getByText(/Compared by (meaning|shared words \(sentence model unavailable\))/)).toBeVisible();
  // Everyone answered: no "N of M" note.
  await expect(consensus.getByText(/\d+ of \d+ experts answered/)).toHaveCount(0);
});

test('with one of two experts failed, the page says who answered and claims no consensus', async ({ page, circle }) => {
  const question = `Partial outage: how should a small team keep customers informed? ${unique()}`;
  await askWith(page, question, ['Cirrus']);
  await expect(circle.card('Atlas')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(circle.card('Borealis')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(circle.cards()).toHaveCount(2);
  await expect(page.getByRole('article', { name: 'Synthesis' })).toHaveAttribute('data-status', 'done');

  const consensus = page.getByRole('region', { name: 'Consensus' });
  await expect(consensus.getByText('Consensus', { exact: true })).toBeVisible();
  await expect(consensus.getByText('1 of 2 experts answered')).toBeVisible();
  await expect(consensus.getByText('No consensus: only one expert answered')).toBeVisible();
  await expect(consensus.getByText('threshold reached')).toHaveCount(0);
  await expect(consensus.getByLabel(/Consensus confidence/)).toHaveCount(0);

  // The report says the same.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
  const markdown = readFileSync((await download.path()) ?? '', 'utf8');
  expect(markdown).toContain('1 of 2 experts answered');
  expect(markdown).toContain('No consensus: only one expert answered');
  expect(markdown).not.toMatch(/\(reached\)/);
});
