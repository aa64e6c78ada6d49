import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { DomainError } from '../../server/errors';
import { assertCanStartRun, quotaStatus, resetRateLimits, spentTodayUsd, type StartRunRequest } from '../../server/quotas';

/**
 * Real SQLite file of the test's own, migrated like `npm start` does (as tests/db/sqlite.test.ts),
 * so spentTodayUsd runs its actual query.
 */
const NOW = Date.UTC(2026, 11, 2, 15, 30);
const HOUR = 3_600_000;

const KEYS = ['DATABASE_URL', 'CIRCLE_RUNS_PER_MINUTE', 'CIRCLE_MAX_CONCURRENT_RUNS_PER_USER', 'CIRCLE_MAX_CONCURRENT_RUNS', 'CIRCLE_DAILY_BUDGET_USD'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'circle-quotas-'));
  for (const k of KEYS) delete process.env[k];
  process.env.DATABASE_URL = `file:${path.join(scratch, 'quotas.db')}`;
  await migrateDatabase();
  const db = getDb();
  for (const id of ['ann', 'bob']) await db.user.create({ data: { id, name: id, email: `${id}@example.com` } });
  // ann: two runs today ($0.03 + $0.015, one answer unpriced), one yesterday ($1). bob: $2 today.
  const run = async (userId: string, createdAt: number, costs: (number | null)[]) =>
    db.run.create({
      data: {
        question: 'q',
        userId,
        createdAt: new Date(createdAt),
        answers: {
          create: costs.map((costUsd, position) => ({ position, expertName: `E${position}`, provider: 'openai', model: 'gpt-4o', costUsd })),
        },
      },
    });
  await run('ann', NOW - 2 * HOUR, [0.01, 0.02, null]);
  await run('ann', NOW - 15 * HOUR - 29 * 60_000, [0.015]); // 00:01 UTC today
  await run('ann', NOW - 16 * HOUR, [1]); // 23:30 UTC yesterday
  await run('bob', NOW - HOUR, [2]);
});

afterAll(async () => {
  await closeDb();
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => resetRateLimits());

describe('spentTodayUsd', () => {
  it("sums the costs of the user's runs since 00:00 UTC, nobody else's, unpriced answers as 0", async () => {
    expect(await spentTodayUsd('ann', NOW)).toBeCloseTo(0.045, 10);
    expect(await spentTodayUsd('bob', NOW)).toBeCloseTo(2, 10);
    expect(await spentTodayUsd('carol', NOW)).toBe(0);
  });

  it('starts again at midnight UTC', async () => {
    // Yesterday's $1 (23:30 UTC) is not counted today (above); tomorrow, today's is not either.
    expect(await spentTodayUsd('ann', Date.UTC(2026, 11, 3, 0, 0))).toBe(0);
    expect(await spentTodayUsd('bob', Date.UTC(2026, 11, 3, 0, 0))).toBe(0);
  });
});

// gpt-4o, 1000 output tokens, 400-character question: (150 * 2.5 + 1000 * 10) / 1e6 = $0.010375.
const gpt4o = { provider: 'openai' as const, model: 'gpt-4o', simulated: false, maxTokens: 1000 };
const base: StartRunRequest = { userId: 'ann', experts: [gpt4o], question: 'q'.repeat(400), runningForUser: 0, runningTotal: 0, now: NOW };

async function refusal(request: StartRunRequest): Promise<DomainError> {
  const error = await assertCanStartRun(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('assertCanStartRun', () => {
  it('lets a run within every limit start', async () => {
    await expect(assertCanStartRun(base)).resolves.toBeUndefined();
  });

  it('refuses first on the server-wide concurrency, even when every other check would fail too', async () => {
    const error = await refusal({ ...base, overrides: { dailyBudgetUsd: 0.01 }, runningTotal: 20, runningForUser: 3 });
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.message).toBe('The server is running 20 runs, its limit is 20 (CIRCLE_MAX_CONCURRENT_RUNS); try again in a few seconds.');
  });

  it("then on the user's concurrency, before the budget", async () => {
    const error = await refusal({ ...base, overrides: { dailyBudgetUsd: 0.01 }, runningTotal: 19, runningForUser: 3 });
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.message).toBe('You have 3 runs going, your limit is 3: wait for one to finish or cancel it.');
  });

  it('then on the daily budget: spent plus the worst case may not exceed it', async () => {
    // ann has spent $0.045; $0.045 + $0.010375 > $0.05.
    const error = await refusal({ ...base, overrides: { dailyBudgetUsd: 0.05 }, runningForUser: 2 });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toBe('This run could cost up to $0.0104 and you have used $0.045 of your $0.05 daily budget (resets at 00:00 UTC).');
    // A budget that covers the worst case lets it through.
    await expect(assertCanStartRun({ ...base, overrides: { dailyBudgetUsd: 0.06 } })).resolves.toBeUndefined();
  });

  it('says which experts the budget could not price', async () => {
    const error = await refusal({
      ...base,
      userId: 'bob', // $2 spent of the default $5 budget.
      overrides: { dailyBudgetUsd: 2 },
      experts: [gpt4o, { provider: 'openai_compatible', model: 'llama3', simulated: false, maxTokens: 1000 }],
    });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      'This run could cost up to $0.0104 (not counting 1 expert whose model has no known price) and you have used $2.00 of your $2.00 daily budget (resets at 00:00 UTC).',
    );
  });

  it('applies no budget when it is 0, and a simulated run costs nothing', async () => {
    await expect(assertCanStartRun({ ...base, userId: 'bob', overrides: { dailyBudgetUsd: 0 } })).resolves.toBeUndefined();
    await expect(assertCanStartRun({ ...base, userId: 'bob', overrides: { dailyBudgetUsd: 2 }, experts: [{ ...gpt4o, simulated: true }] })).resolves.toBeUndefined();
  });

  it('checks the rate limit last, so runs refused for another reason use no slot', async () => {
    const request = { ...base, overrides: { runsPerMinute: 2 } };
    // Ten refusals for concurrency and budget: none counts.
    for (let i = 0; i < 5; i++) await refusal({ ...request, runningForUser: 3 });
    for (let i = 0; i < 5; i++) await refusal({ ...request, overrides: { runsPerMinute: 2, dailyBudgetUsd: 0.01 } });
    await assertCanStartRun(request);
    await assertCanStartRun({ ...request, now: NOW + 10_000 });
    const error = await refusal({ ...request, now: NOW + 15_500 });
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(45); // The first start leaves the window at NOW + 60 s.
    expect(error.message).toBe('You started 2 runs in the last minute, the limit is 2: try again in 45 s.');
    // Once the window has slid past the first start, the user may start again.
    await expect(assertCanStartRun({ ...request, now: NOW + 60_000 })).resolves.toBeUndefined();
  });
});

describe('quotaStatus', () => {
  it("gives the user's limits, today's spending and the next reset", async () => {
    expect(await quotaStatus('ann', { runsPerMinute: 4 }, NOW)).toEqual({
      runsPerMinute: 4,
      maxConcurrentRuns: 3,
      dailyBudgetUsd: 5,
      spentTodayUsd: expect.closeTo(0.045, 10),
      resetsAt: '2026-12-03T00:00:00.000Z',
    });
  });
});
