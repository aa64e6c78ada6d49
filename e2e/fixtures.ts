import { readFileSync } from 'node:fs';
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** The simulated panel the e2e server runs with (e2e/fixtures/simulator-script.json). */
interface ScriptedExpert {
  name: string;
  chair?: boolean;
  wire: 'openai' | 'anthropic' | 'gemini';
  model: string;
  defaultAnswer: string;
  answers: { match: string; text: string }[];
}

const script = JSON.parse(readFileSync(new URL('./fixtures/simulator-script.json', import.meta.url), 'utf8')) as { experts: ScriptedExpert[] };

/** The panel members; the chair writes the synthesis and has no card of its own. */
export const panel: ScriptedExpert[] = script.experts.filter((e) => !e.chair);

export const expertNames = panel.map((e) => e.name);

/** What one card shows at one instant; read in a single pass so statuses and texts agree. */
export interface CardState {
  name: string;
  status: string;
  text: string;
}

export interface Circle {
  /** A question no other test asks, so each test finds its own run. */
  uniqueQuestion(topic: string): string;
  /** Asks from the ask page with the default panel; resolves with the new run's id once the page is there. */
  ask(question: string): Promise<string>;
  /** The expert cards (the synthesis is not one of them). */
  cards(): Locator;
  card(name: string): Locator;
  cardStates(): Promise<CardState[]>;
}

/** Markdown collapses the text's whitespace into paragraphs; compare with that undone. */
export const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

function circleFor(page: Page): Circle {
  const cards = () => page.getByRole('region', { name: 'Answers' }).getByRole('article');
  return {
    uniqueQuestion(topic) {
      return `${topic}: should a five-person team use a managed database? [${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}]`;
    },
    async ask(question) {
      await page.goto('/');
      // Wait for the panel so the default (every enabled expert) is what gets asked.
      await expect(page.getByRole('checkbox', { name: new RegExp(expertNames[0] ?? '') })).toBeChecked();
      await page.getByRole('textbox', { name: 'Question' }).fill(question);
      await page.getByRole('button', { name: 'Ask the circle' }).click();
      await page.waitForURL(/\/runs\/[a-z0-9]+$/);
      const id = new URL(page.url()).pathname.split('/').pop();
      if (!id) throw new Error(`No run id in ${page.url()}`);
      return id;
    },
    cards,
    card(name) {
      return page.getByRole('region', { name: 'Answers' }).getByRole('article', { name, exact: true });
    },
    async cardStates() {
      return cards().evaluateAll((articles) =>
        articles.map((article) => ({
          name: article.getAttribute('aria-label') ?? '',
          status: article.getAttribute('data-status') ?? '',
          text: article.querySelector('[data-answer-body]')?.textContent ?? '',
        })),
      );
    },
  };
}

const appOrigin = new URL(process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`).origin;

/** A browser with no session at all: a person who only has a link (specs start signed in as the administrator). */
export function signedOutContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ storageState: { cookies: [], origins: [] } });
}

/**
 * A browser signed in as this account, through better-auth's sign-in endpoint (the UI's own
 * path is tested in accounts.spec.ts). Sign-in is rate-limited per address (3 tries in 10 s)
 * and every spec signs in from 127.0.0.1: a refused try waits as long as the server says.
 */
export async function signedInContext(browser: Browser, account: { email: string; password: string }): Promise<BrowserContext> {
  const context = await signedOutContext(browser);
  for (let attempt = 1; ; attempt++) {
    const response = await context.request.post('/api/auth/sign-in/email', { data: account, headers: { origin: appOrigin } });
    if (response.status() === 429 && attempt < 4) {
      const seconds = Number(response.headers()['x-retry-after'] ?? 10);
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(seconds, 1), 15) * 1000));
      continue;
    }
    expect(response.status(), await response.text()).toBe(200);
    return context;
  }
}

export const test = base.extend<{ circle: Circle }>({
  circle: async ({ page }, use) => {
    await use(circleFor(page));
  },
});

export { expect };
