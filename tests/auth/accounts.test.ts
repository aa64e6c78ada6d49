import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertIdsByName, followRun, startTestApp, type TestApp } from '../runs/harness';

/**
 * Accounts against a real SQLite database and better-auth: ownership of runs, ratings and
 * shares, the administrator's procedures, disabling and password resets, and the quota rules
 * on run starts.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp([
    { name: 'Alpha', wire: 'openai', model: 'alpha', defaultAnswer: 'Use PostgreSQL with a composite index.' },
    { name: 'Beta', wire: 'anthropic', model: 'beta', defaultAnswer: 'PostgreSQL, and index the two columns together.' },
  ]);
});
afterAll(() => app.close());

async function signIn(email: string, password: string) {
  const { getAuth } = await import('../../server/auth/auth');
  return getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
}

function cookieOf(response: Response): Headers {
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  return new Headers({ cookie });
}

describe('ownership', () => {
  it('another user cannot read, follow, cancel, list, rate or share a run, and gets "not found"', async () => {
    const { id } = await app.caller.run.create({ question: 'Which index for orders by customer and date?' });
    await followRun(app, id);
    const { caller: other } = await app.newUserCaller('other@example.test');

    await expect(other.run.get({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.run.cancel({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.report.share({ runId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.report.status({ runId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.drive.exportStatus({ runId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const events = other.run.events({ runId: id });
    await expect((async () => {
      for await (const _ of await events) break;
    })()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const answerId = (await app.caller.run.get({ id })).answers[0]!.id;
    await expect(other.rating.rate({ answerId, value: 'down' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await other.run.list({})).items).toEqual([]);

    // The owner can do all of it.
    expect((await app.caller.run.list({})).items.map((r) => r.id)).toContain(id);
    await expect(app.caller.rating.rate({ answerId, value: 'up' })).resolves.toBeDefined();
  });

  it('a user sees the experts but manages nothing of the deployment', async () => {
    const { caller: user } = await app.newUserCaller('plain@example.test');
    expect((await user.expert.list()).map((e) => e.name)).toEqual(expect.arrayContaining(['Alpha', 'Beta']));
    const ids = await expertIdsByName(app);
    await expect(user.expert.update({ id: ids.Alpha!, enabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(user.credential.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(user.settings.setAgreementNudge({ on: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(user.user.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await user.account.me()).role).toBe('user');
  });

  it('without a session every procedure but the public ones is UNAUTHORIZED, and the gate lists exactly those', async () => {
    const { appRouter, createCaller } = await import('../../server/routers/_app');
    const { PUBLIC_PROCEDURES, isPublicRequest } = await import('../../server/http/session-gate');
    const anonymous = createCaller({ user: null }) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    const publicOnes: string[] = [];
    for (const path of Object.keys(appRouter._def.procedures)) {
      const [router, name] = path.split('.') as [string, string];
      const outcome = await Promise.resolve()
        .then(() => anonymous[router]![name]!({}))
        .then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
      if (outcome !== 'UNAUTHORIZED') publicOnes.push(path);
      expect(isPublicRequest(`/api/trpc/${path}`)).toBe(outcome !== 'UNAUTHORIZED');
    }
    expect(publicOnes.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
  });
});

describe('the administrator', () => {
  it('disabling an account ends its sessions and its sign-in; enabling lets it back', async () => {
    const { user } = await app.newUserCaller('disable-me@example.test');
    const { sessionUser } = await import('../../server/auth/session');
    const headers = cookieOf(await signIn('disable-me@example.test', 'user-password-1'));
    expect((await sessionUser(headers))?.id).toBe(user.id);

    await expect(app.caller.user.setDisabled({ userId: app.admin.id, disabled: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await app.caller.user.setDisabled({ userId: user.id, disabled: true });
    expect(await sessionUser(headers)).toBeNull();
    expect((await signIn('disable-me@example.test', 'user-password-1')).ok).toBe(false);
    expect((await app.caller.user.list()).find((u) => u.id === user.id)).toMatchObject({ disabled: true, role: 'user' });

    await app.caller.user.setDisabled({ userId: user.id, disabled: false });
    expect((await signIn('disable-me@example.test', 'user-password-1')).ok).toBe(true);
  });

  it('a password reset replaces the password and signs the account out', async () => {
    const { user } = await app.newUserCaller('reset-me@example.test');
    const { sessionUser } = await import('../../server/auth/session');
    const headers = cookieOf(await signIn('reset-me@example.test', 'user-password-1'));
    await app.caller.user.resetPassword({ userId: user.id, password: 'a-brand-new-password' });
    expect(await sessionUser(headers)).toBeNull();
    expect((await signIn('reset-me@example.test', 'user-password-1')).ok).toBe(false);
    expect((await signIn('reset-me@example.test', 'a-brand-new-password')).ok).toBe(true);
  });

  it('invites with a clear error for a taken email or a short password', async () => {
    await expect(app.caller.user.create({ name: 'Dup', email: 'admin@example.test', password: 'long-enough-pw', role: 'user' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(app.caller.user.create({ name: 'Short', email: 'short@example.test', password: 'short', role: 'user' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('quotas on run starts', () => {
  it('a user over their per-minute rate gets RATE_LIMITED with a Retry-After, others are unaffected', async () => {
    const { caller } = await app.newUserCaller('rate@example.test', 'user', { runsPerMinute: 2 });
    const first = await caller.run.create({ question: 'one' });
    const second = await caller.run.create({ question: 'two' });
    const refused = (await caller.run.create({ question: 'three' }).then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; message: string; cause?: { retryAfterSeconds?: number } } | null;
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused?.cause?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused?.cause?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused?.message).toMatch(/limit is 2/);
    // Refused starts store nothing.
    expect((await caller.run.list({})).items.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    await expect(app.caller.run.create({ question: 'the admin is not limited by it' })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('simultaneous starts cannot overshoot the per-user concurrency limit', async () => {
    const previous = process.env.CIRCLE_MAX_CONCURRENT_RUNS_PER_USER;
    process.env.CIRCLE_MAX_CONCURRENT_RUNS_PER_USER = '2';
    try {
      const { caller } = await app.newUserCaller('concurrent@example.test');
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map((i) => caller.run.create({ question: `at once ${i}` })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
      const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
      expect(reasons).toHaveLength(2);
      for (const reason of reasons) expect(reason).toMatch(/You have 2 runs going, your limit is 2/);
    } finally {
      process.env.CIRCLE_MAX_CONCURRENT_RUNS_PER_USER = previous;
    }
  });

  it('account.me shows the limits in force and what was spent today', async () => {
    const { caller } = await app.newUserCaller('me@example.test', 'user', { dailyBudgetUsd: 2.5, runsPerMinute: 7 });
    const me = await caller.account.me();
    // The overrides where set, the server's values (the harness's 100 at once) elsewhere.
    expect(me.quota).toMatchObject({ runsPerMinute: 7, dailyBudgetUsd: 2.5, spentTodayUsd: 0, maxConcurrentRuns: 100 });
    expect(me.weightsScope).toBe('deployment');
  });
});
