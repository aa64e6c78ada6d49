import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../../server/db/client';
import { beginConnect } from '../../server/drive/connect-flow';
import { shareRun } from '../../server/reports/shares';
import { driveRouter } from '../../server/routers/drive';
import { createCallerFactory, router } from '../../server/trpc';
import { browserHeaders, connectDrive, createTestUser, seedRun, startDriveTestEnv, type DriveTestEnv, type TestUser } from '../drive/drive-env';

/**
 * Links and cookies come from CIRCLE_PUBLIC_URL (or the local origin), never from the client:
 * a visitor with a share link who sends `origin: "https://evil.test"` to drive.exportShared, or
 * a forged X-Forwarded-Host on the connect route, must not put their address in the owner's
 * document or OAuth redirect.
 */

let env: DriveTestEnv;
const callerFor = createCallerFactory(router({ drive: driveRouter }));
let caller: ReturnType<typeof callerFor>;
const docText = (link: string) => env.fake.files.get(/\/document\/d\/([^/]+)\//.exec(link)?.[1] ?? '')?.text ?? '';

beforeAll(async () => {
  env = await startDriveTestEnv();
  // The run owner, signed in (exportShared itself needs no session).
  caller = callerFor({ user: { id: env.user.id, email: env.user.email, name: 'Ada', role: 'user', runsPerMinute: null, dailyBudgetUsd: null } });
});
afterAll(() => env.close());
beforeEach(async () => {
  delete process.env.CIRCLE_PUBLIC_URL;
  delete process.env.PORT;
  env.fake.files.clear();
  await getDb().driveExport.deleteMany();
  await getDb().googleConnection.deleteMany();
  await connectDrive(env.fake);
});
afterEach(() => {
  delete process.env.CIRCLE_PUBLIC_URL;
});

describe('links in exported documents', () => {
  it('drive.exportShared ignores the origin a visitor sends; the link is the local origin', async () => {
    const runId = await seedRun();
    const { token } = await shareRun(runId);
    const result = await caller.drive.exportShared({ token, origin: 'https://evil.test' } as { token: string });
    const text = docText(result.webViewLink);
    expect(text).toContain(`http://localhost:3000/runs/${runId}`);
    expect(text).not.toContain('evil.test');
  });

  it('uses CIRCLE_PUBLIC_URL when set, for exportRun and exportShared alike', async () => {
    process.env.CIRCLE_PUBLIC_URL = 'https://circle.example.com';
    const runId = await seedRun();
    const own = await caller.drive.exportRun({ runId, origin: 'http://evil.test' } as { runId: string });
    expect(docText(own.webViewLink)).toContain(`https://circle.example.com/runs/${runId}`);
    const { token } = await shareRun(runId);
    const shared = await caller.drive.exportShared({ token, origin: 'http://evil.test' } as { token: string });
    expect(docText(shared.webViewLink)).toContain(`https://circle.example.com/runs/${runId}`);
    expect(docText(shared.webViewLink)).not.toContain('evil.test');
  });
});

describe('OAuth redirect and cookies', () => {
  const connect = (headers: Record<string, string>, as?: TestUser) => {
    const signedIn = browserHeaders(as);
    for (const [name, value] of Object.entries(headers)) signedIn.set(name, value);
    return beginConnect(new Request('http://127.0.0.1:3000/api/google/connect?returnTo=/settings', { headers: signedIn }));
  };

  it('ignores forwarded headers; the state cookie is not Secure over plain http', async () => {
    const response = await connect({ host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https' });
    const redirectUri = new URL(response.headers.get('location') ?? '').searchParams.get('redirect_uri');
    expect(redirectUri).toBe('http://127.0.0.1:3000/api/google/callback');
    expect(response.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });

  it('with an https CIRCLE_PUBLIC_URL redirects there and sets a Secure, HttpOnly, SameSite=Lax cookie', async () => {
    process.env.CIRCLE_PUBLIC_URL = 'https://circle.example.com';
    // Over https the session cookie is a __Secure- one: sign in again under this configuration.
    const secureUser = await createTestUser('Hopper');
    expect(secureUser.sessionCookie).toMatch(/^__Secure-/);
    const response = await connect({ host: 'circle.example.com', 'x-forwarded-host': 'evil.test' }, secureUser);
    const redirectUri = new URL(response.headers.get('location') ?? '').searchParams.get('redirect_uri');
    expect(redirectUri).toBe('https://circle.example.com/api/google/callback');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});
