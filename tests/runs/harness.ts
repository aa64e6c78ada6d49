import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionUser } from '../../server/auth/session';
import type { RunEvent, RunView } from '../../server/runs/types';

function sessionUserFor(id: string, email: string, role: 'admin' | 'user'): SessionUser {
  return { id, email, name: email.split('@')[0]!, role, runsPerMinute: null, dailyBudgetUsd: null };
}

/**
 * Points the app at a fresh SQLite file and a simulator script of the test's
 * own, then prepares the server as `npm start` does. Call before anything
 * touches the database.
 */
export async function startTestApp(experts: Record<string, unknown>[], extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'circle-app-'));
  const scriptPath = path.join(dir, 'script.json');
  writeFileSync(scriptPath, JSON.stringify({ experts }));
  Object.assign(process.env, {
    DATABASE_URL: `file:${path.join(dir, 'app.db')}`,
    CIRCLE_DATA_DIR: dir,
    CIRCLE_SIMULATOR: '1',
    CIRCLE_SIMULATOR_SCRIPT: scriptPath,
    CIRCLE_TTFT_TIMEOUT_MS: '2000',
    CIRCLE_STALL_TIMEOUT_MS: '700',
    CIRCLE_MAX_ATTEMPTS: '2',
    // Tests start runs much faster than people do; tests/auth and tests/quotas test the limits.
    CIRCLE_RUNS_PER_MINUTE: '1000',
    CIRCLE_MAX_CONCURRENT_RUNS_PER_USER: '100',
    ...extraEnv,
  });
  const { prepareServer } = await import('../../server/startup');
  const { simulator } = await prepareServer();
  process.env.CIRCLE_SIMULATOR_URL = simulator.url;
  const { createCaller } = await import('../../server/routers/_app');
  const { getOrchestrator } = await import('../../server/runs/orchestrator');
  const { closeDb } = await import('../../server/db/client');
  const { createFirstAdmin, createAccount } = await import('../../server/auth/setup');
  // Procedures need a signed-in person: the test is the administrator set up on first start.
  const admin = await createFirstAdmin({ name: 'Test Admin', email: 'admin@example.test', password: 'admin-password-1' });
  const adminUser = sessionUserFor(admin.userId, 'admin@example.test', 'admin');
  return {
    simulator,
    admin: adminUser,
    caller: createCaller({ user: adminUser }),
    /** A caller for another account (role user unless asked), made by the administrator. */
    async newUserCaller(email: string, role: 'admin' | 'user' = 'user', overrides: Partial<SessionUser> = {}) {
      const id = await createAccount({ name: email.split('@')[0]!, email, password: 'user-password-1' }, role);
      const user = { ...sessionUserFor(id, email, role), ...overrides };
      return { user, caller: createCaller({ user }) };
    },
    orchestrator: getOrchestrator(),
    async close() {
      await simulator.close();
      await closeDb();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** Reads a run's events until `done` (or until `stopAfter` says so); the client's view of the run. */
export async function followRun(
  app: TestApp,
  runId: string,
  options: { lastEventId?: string; stopAfter?: (events: { seq: number; event: RunEvent }[]) => boolean } = {},
) {
  const controller = new AbortController();
  const events: { seq: number; event: RunEvent }[] = [];
  for await (const e of app.orchestrator.events(runId, options.lastEventId, controller.signal)) {
    events.push(e);
    if (e.event.type === 'done') break;
    if (options.stopAfter?.(events)) {
      controller.abort();
      break;
    }
  }
  return events;
}

/** Applies events the way the browser does: a snapshot replaces, tokens append at their offset. */
export function applyEvents(events: { event: RunEvent }[], start?: RunView): Map<string, string> {
  const texts = new Map<string, string>(start?.answers.map((a) => [a.id, a.text]) ?? []);
  for (const { event } of events) {
    if (event.type === 'snapshot') for (const a of event.run.answers) texts.set(a.id, a.text);
    if (event.type === 'token') {
      const current = texts.get(event.answerId) ?? '';
      if (event.offset === current.length) texts.set(event.answerId, current + event.text);
    }
  }
  return texts;
}

export async function expertIdsByName(app: TestApp): Promise<Record<string, string>> {
  return Object.fromEntries((await app.caller.expert.list()).map((e) => [e.name, e.id]));
}
