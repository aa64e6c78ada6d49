import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { getAuth } from '../../server/auth/auth';
import { closeDb, getDb } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { beginConnect, completeConnect } from '../../server/drive/connect-flow';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { finishedRun } from './report-fixture';

/**
 * What the Drive integration tests share: a fresh SQLite database, a fake
 * Google on a free port, and the environment pointing the app at both; and
 * real better-auth accounts, signed in with a password, whose session cookie
 * the connect routes read like a browser's.
 */

export const APP_ORIGIN = 'http://localhost:3000';
export const CLIENT_ID = 'test-client.apps.googleusercontent.com';
export const CLIENT_SECRET = 'test-client-secret';

const ENV_KEYS = [
  'DATABASE_URL',
  'CIRCLE_SECRET_KEY',
  'CIRCLE_DATA_DIR',
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'GOOGLE_REDIRECT_URI',
  'GOOGLE_OAUTH_AUTH_URL',
  'GOOGLE_OAUTH_TOKEN_URL',
  'GOOGLE_API_ROOT_URL',
] as const;

/** A signed-in account: its id, and the session cookie ("name=value; …") a browser would send. */
export interface TestUser {
  id: string;
  email: string;
  sessionCookie: string;
}

export interface DriveTestEnv {
  fake: FakeGoogle;
  /** Ada, signed in: the user the helpers act as unless told otherwise. */
  user: TestUser;
  close(): Promise<void>;
}

let defaultUser: TestUser | undefined;
const TEST_PASSWORD = 'correct horse battery staple';

/** Creates an account with better-auth's admin API and signs it in with its password. */
export async function createTestUser(name: string, email = `${name.toLowerCase()}@circle.test`): Promise<TestUser> {
  const auth = getAuth();
  const { user } = await auth.api.createUser({ body: { name, email, password: TEST_PASSWORD, role: 'user' } });
  const response = await auth.api.signInEmail({ body: { email, password: TEST_PASSWORD }, asResponse: true });
  expect(response.status).toBe(200);
  const sessionCookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.includes('=') && !c.endsWith('='))
    .join('; ');
  expect(sessionCookie).toContain('session_token=');
  return { id: user.id, email, sessionCookie };
}

function asUser(user: TestUser | undefined): TestUser {
  const chosen = user ?? defaultUser;
  if (!chosen) throw new Error('startDriveTestEnv() first: it signs in the default user.');
  return chosen;
}

/** The headers of a browser signed in as `user` (the default user unless given), with any further cookies. */
export function browserHeaders(user: TestUser | null | undefined, ...cookies: (string | null | undefined)[]): Headers {
  const all = [user === null ? null : asUser(user).sessionCookie, ...cookies].filter((c): c is string => Boolean(c));
  return new Headers(all.length ? { cookie: all.join('; ') } : {});
}

export async function startDriveTestEnv(): Promise<DriveTestEnv> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const dir = await mkdtemp(path.join(tmpdir(), 'circle-drive-'));
  const fake = await startFakeGoogle({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const databaseUrl = `file:${path.join(dir, 'circle.db')}`;
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    CIRCLE_SECRET_KEY: randomBytes(32).toString('base64'),
    CIRCLE_DATA_DIR: dir,
    GOOGLE_CLIENT_ID: CLIENT_ID,
    GOOGLE_CLIENT_SECRET: CLIENT_SECRET,
    GOOGLE_OAUTH_AUTH_URL: fake.authUrl,
    GOOGLE_OAUTH_TOKEN_URL: fake.tokenUrl,
    GOOGLE_API_ROOT_URL: fake.apiRootUrl,
  });
  delete process.env.GOOGLE_REDIRECT_URI;
  await closeDb();
  await migrateDatabase(databaseUrl);
  defaultUser = await createTestUser('Ada');
  return {
    fake,
    user: defaultUser,
    async close() {
      defaultUser = undefined;
      await closeDb();
      await fake.close();
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ConnectAttempt {
  /** The consent page address the connect route redirected to. */
  consentUrl: URL;
  /** The state cookie the connect route set ("name=value"). */
  cookie: string;
  /** Where Google sent the browser back to (the app's callback, with code or error). */
  callbackUrl: URL;
}

/**
 * Walks the consent flow as a browser would, up to Google's redirect back to
 * the app: the connect route, the consent page, the user's decision.
 */
export async function consent(fake: FakeGoogle, options: { returnTo?: string; decision?: 'allow' | 'deny'; as?: TestUser } = {}): Promise<ConnectAttempt> {
  const connect = await beginConnect(
    new Request(`${APP_ORIGIN}/api/google/connect?returnTo=${encodeURIComponent(options.returnTo ?? '/runs/r1')}`, { headers: browserHeaders(options.as) }),
  );
  expect(connect.status).toBe(302);
  const consentUrl = new URL(connect.headers.get('location') ?? '');
  const cookie = (connect.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await fetch(consentUrl);
  expect(page.status).toBe(200);
  const consentId = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(consentId).toBeTruthy();
  const decision = await fetch(new URL('/o/oauth2/v2/auth/decision', consentUrl), {
    method: 'POST',
    body: new URLSearchParams({ consent: consentId ?? '', decision: options.decision ?? 'allow' }),
    redirect: 'manual',
  });
  expect(decision.status).toBe(302);
  return { consentUrl, cookie, callbackUrl: new URL(decision.headers.get('location') ?? '') };
}

/**
 * Google's redirect arriving at the app's callback route, with the browser's state cookie and
 * the session of `as` (the default user; null: signed out).
 */
export function callback(url: URL | string, cookie: string | null, as?: TestUser | null): Promise<Response> {
  return completeConnect(new Request(url, { headers: browserHeaders(as, cookie) }));
}

/** The whole connect flow, allowed, as `as` (the default user); returns where the browser ends up. */
export async function connectDrive(fake: FakeGoogle, returnTo = '/runs/r1', as?: TestUser): Promise<string> {
  const attempt = await consent(fake, { returnTo, as });
  const response = await callback(attempt.callbackUrl, attempt.cookie, as);
  return response.headers.get('location') ?? '';
}

/** Stores the fixture run (three experts, a chair, a consensus), owned by `owner` (the default user), and returns its id. */
export async function seedRun(question?: string, owner?: TestUser): Promise<string> {
  const run = finishedRun();
  const created = await getDb().run.create({
    data: {
      userId: asUser(owner).id,
      question: question ?? run.question,
      status: 'done',
      createdAt: new Date(run.createdAt),
      finishedAt: new Date(run.finishedAt ?? run.createdAt),
      consensus: JSON.stringify(run.consensus),
      answers: {
        create: run.answers.map((a, position) => ({
          role: a.role,
          position,
          expertName: a.expertName,
          provider: a.provider,
          model: a.model,
          simulated: a.simulated,
          status: a.status,
          text: a.text,
          ttftMs: a.ttftMs,
          totalMs: a.totalMs,
          inputTokens: a.inputTokens,
          outputTokens: a.outputTokens,
          weightAtRun: a.weightAtRun,
        })),
      },
    },
  });
  return created.id;
}
