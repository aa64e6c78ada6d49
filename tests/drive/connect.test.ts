import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../server/db/client';
import { beginConnect } from '../../server/drive/connect-flow';
import { readConnection } from '../../server/drive/connection-repository';
import { driveRouter } from '../../server/routers/drive';
import { createCallerFactory, router } from '../../server/trpc';
import { DRIVE_FILE_SCOPE } from '../fakes/google-server';
import { APP_ORIGIN, callback, CLIENT_ID, connectDrive, consent, startDriveTestEnv, type DriveTestEnv } from './drive-env';

let env: DriveTestEnv;
const caller = createCallerFactory(router({ drive: driveRouter }))({});
const tokenRequests = () => env.fake.requests.filter((r) => r.path === '/token').length;

beforeAll(async () => {
  env = await startDriveTestEnv();
});
afterAll(() => env.close());
afterEach(async () => {
  await getDb().googleConnection.deleteMany();
  delete process.env.GOOGLE_REDIRECT_URI;
});

describe('connecting Google Drive', () => {
  it('sends the browser to the consent page for offline drive.file access with a state', () => {
    const response = beginConnect(new Request(`${APP_ORIGIN}/api/google/connect?returnTo=%2Fruns%2Fabc`));
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location') ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(env.fake.authUrl);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe(DRIVE_FILE_SCOPE);
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP_ORIGIN}/api/google/callback`);
    const state = url.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(40);

    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^circle_google_oauth=[^;]+; Path=\/api\/google; Max-Age=600; HttpOnly; SameSite=Lax$/);
    // The cookie is sealed: neither the state nor the return path can be read or changed in it.
    expect(cookie).not.toContain(state);
    expect(cookie).not.toContain('abc');
  });

  it('uses GOOGLE_REDIRECT_URI when it is set', () => {
    process.env.GOOGLE_REDIRECT_URI = 'https://circle.example.com/api/google/callback';
    const url = new URL(beginConnect(new Request(`${APP_ORIGIN}/api/google/connect`)).headers.get('location') ?? '');
    expect(url.searchParams.get('redirect_uri')).toBe('https://circle.example.com/api/google/callback');
  });

  it('exchanges the code, stores the tokens encrypted and returns to the run', async () => {
    const attempt = await consent(env.fake, { returnTo: '/runs/abc' });
    const response = await callback(attempt.callbackUrl, attempt.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/runs/abc?drive=connected');
    expect(response.headers.get('set-cookie')).toContain('circle_google_oauth=; Path=/api/google; Max-Age=0');

    const row = await getDb().googleConnection.findUniqueOrThrow({ where: { id: 'default' } });
    const tokens = (await readConnection())?.tokens;
    expect(row.email).toBe('ada@example.com');
    expect(tokens?.refreshToken).toMatch(/^1\/\/refresh-/);
    expect(tokens?.accessToken).toMatch(/^ya29\.fake-/);
    // At rest, neither token appears: only ciphertext.
    for (const column of [row.encryptedRefreshToken, row.encryptedAccessToken]) {
      expect(column).toMatch(/^v1:/);
      expect(column).not.toContain(tokens?.refreshToken);
      expect(column).not.toContain(tokens?.accessToken);
    }
    expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // And the stored access token is the live one Google issued.
    const about = await fetch(`${env.fake.apiRootUrl}drive/v3/about?fields=user`, { headers: { authorization: `Bearer ${tokens?.accessToken}` } });
    expect(about.status).toBe(200);

    const status = await caller.drive.status();
    expect(status).toEqual({ configured: true, missing: [], connected: true, email: 'ada@example.com' });
    expect(JSON.stringify(status)).not.toContain('ya29');
  });

  it('comes back with consent_refused when the user cancels, and stores nothing', async () => {
    const before = tokenRequests();
    const attempt = await consent(env.fake, { decision: 'deny', returnTo: '/runs/abc' });
    expect(attempt.callbackUrl.searchParams.get('error')).toBe('access_denied');
    const response = await callback(attempt.callbackUrl, attempt.cookie);
    expect(response.headers.get('location')).toBe('/runs/abc?drive=error&reason=consent_refused');
    expect(tokenRequests()).toBe(before);
    expect(await readConnection()).toBeNull();
  });

  it('refuses a callback whose state does not match, before exchanging any code', async () => {
    const before = tokenRequests();
    const attempt = await consent(env.fake, { returnTo: '/runs/abc' });

    const forged = new URL(attempt.callbackUrl);
    forged.searchParams.set('state', 'attacker-state');
    expect((await callback(forged, attempt.cookie)).headers.get('location')).toBe('/runs/abc?drive=error&reason=state_mismatch');

    // Without the cookie (another browser, or it expired) the flow cannot finish either.
    expect((await callback(attempt.callbackUrl, null)).headers.get('location')).toBe('/settings?drive=error&reason=state_mismatch');

    // A cookie from a different connect attempt does not validate this one's state.
    const other = await consent(env.fake, { returnTo: '/runs/other' });
    expect((await callback(attempt.callbackUrl, other.cookie)).headers.get('location')).toBe('/runs/other?drive=error&reason=state_mismatch');

    expect(tokenRequests()).toBe(before);
    expect(await readConnection()).toBeNull();
  });

  it('rejects a tampered state cookie', async () => {
    const attempt = await consent(env.fake);
    const [name, value] = attempt.cookie.split('=') as [string, string];
    const raw = decodeURIComponent(value);
    const flipped = raw.slice(0, -6) + (raw.at(-6) === 'A' ? 'B' : 'A') + raw.slice(-5);
    const response = await callback(attempt.callbackUrl, `${name}=${encodeURIComponent(flipped)}`);
    expect(response.headers.get('location')).toBe('/settings?drive=error&reason=state_mismatch');
    expect(await readConnection()).toBeNull();
  });

  it('only returns to paths on this app', async () => {
    expect(await connectDrive(env.fake, 'https://evil.example/steal')).toBe('/settings?drive=connected');
    expect(await connectDrive(env.fake, '//evil.example/steal')).toBe('/settings?drive=connected');
    expect(await connectDrive(env.fake, '/runs/x?tab=report')).toBe('/runs/x?tab=report&drive=connected');
  });

  it('explains what to set when no OAuth client is configured', async () => {
    const saved = process.env.GOOGLE_CLIENT_ID;
    delete process.env.GOOGLE_CLIENT_ID;
    try {
      expect(await caller.drive.status()).toEqual({ configured: false, missing: ['GOOGLE_CLIENT_ID'], connected: false, email: null });
      const response = beginConnect(new Request(`${APP_ORIGIN}/api/google/connect?returnTo=/runs/abc`));
      expect(response.headers.get('location')).toBe('/runs/abc?drive=error&reason=not_configured');
      await expect(caller.drive.exportRun({ runId: 'whatever' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('GOOGLE_CLIENT_ID') });
    } finally {
      process.env.GOOGLE_CLIENT_ID = saved;
    }
  });
});

describe('disconnecting', () => {
  it('revokes the grant at Google and forgets it here', async () => {
    await connectDrive(env.fake);
    const refreshToken = (await readConnection())?.tokens?.refreshToken;
    const liveGrants = env.fake.activeGrantCount();

    expect(await caller.drive.disconnect()).toEqual({ revokedAtGoogle: true });
    expect(env.fake.revokedTokens.at(-1)).toBe(refreshToken);
    expect(env.fake.activeGrantCount()).toBe(liveGrants - 1);
    expect(await getDb().googleConnection.count()).toBe(0);
    expect(await caller.drive.status()).toMatchObject({ connected: false, email: null });
  });

  it('still forgets the connection when Google already dropped the grant', async () => {
    await connectDrive(env.fake);
    env.fake.revokeAllGrants();
    expect(await caller.drive.disconnect()).toEqual({ revokedAtGoogle: true });
    expect(await getDb().googleConnection.count()).toBe(0);
  });
});
