import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { closeDb, getDb } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { beginConnect, completeConnect } from '../../server/drive/connect-flow';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { finishedRun } from './report-fixture';

/**
 * What the Drive integration tests share: a fresh SQLite database, a fake
 * Google on a free port, and the environment pointing the app at both.
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

export interface DriveTestEnv {
  fake: FakeGoogle;
  close(): Promise<void>;
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
  return {
    fake,
    async close() {
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
export async function consent(fake: FakeGoogle, options: { returnTo?: string; decision?: 'allow' | 'deny' } = {}): Promise<ConnectAttempt> {
  const connect = beginConnect(new Request(`${APP_ORIGIN}/api/google/connect?returnTo=${encodeURIComponent(options.returnTo ?? '/runs/r1')}`));
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

/** Google's redirect arriving at the app's callback route, with the browser's cookie. */
export function callback(url: URL | string, cookie: string | null): Promise<Response> {
  return completeConnect(new Request(url, { headers: cookie ? { cookie } : {} }));
}

/** The whole connect flow, allowed; returns where the browser ends up. */
export async function connectDrive(fake: FakeGoogle, returnTo = '/runs/r1'): Promise<string> {
  const attempt = await consent(fake, { returnTo });
  const response = await callback(attempt.callbackUrl, attempt.cookie);
  return response.headers.get('location') ?? '';
}

/** Stores the fixture run (three experts, a chair, a consensus) and returns its id. */
export async function seedRun(question?: string): Promise<string> {
  const run = finishedRun();
  const created = await getDb().run.create({
    data: {
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
