import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../server/db/client';
import { disconnectDrive, driveStatus } from '../../server/drive/account';
import { beginConnect, completeConnect } from '../../server/drive/connect-flow';
import { readConnection } from '../../server/drive/connection-repository';
import { exportRunToDrive } from '../../server/drive/exporter';
import { DRIVE_FILE_SCOPE } from '../fakes/google-server';
import {
  APP_ORIGIN,
  browserHeaders,
  callback,
  CLIENT_ID,
  connectDrive,
  consent,
  createTestUser,
  seedRun,
  startDriveTestEnv,
  type DriveTestEnv,
  type TestUser,
} from './drive-env';

/**
 * The connect routes and the account functions behind server/routers/drive.ts, called directly
 * with the user the router would pass (the signed-in user).
 */

let env: DriveTestEnv;
let ada: TestUser;
let grace: TestUser;
const tokenRequests = () => env.fake.requests.filter((r) => r.path === '/token').length;
const connectRequest = (query: string, user?: TestUser | null) =>
  beginConnect(new Request(`${APP_ORIGIN}/api/google/connect${query}`, { headers: browserHeaders(user) }));

beforeAll(async () => {
  env = await startDriveTestEnv();
  ada = env.user;
  grace = await createTestUser('Grace');
});
afterAll(() => env.close());
afterEach(async () => {
  await getDb().googleConnection.deleteMany();
  delete process.env.GOOGLE_REDIRECT_URI;
});

describe('connecting Google Drive', () => {
  it('sends the browser to the consent page for offline drive.file access with a state', async () => {
    const response = await connectRequest('?returnTo=%2Fruns%2Fabc');
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

  it('uses GOOGLE_REDIRECT_URI when it is set', async () => {
    process.env.GOOGLE_REDIRECT_URI = 'https://circle.example.com/api/google/callback';
    const url = new URL((await connectRequest('')).headers.get('location') ?? '');
    expect(url.searchParams.get('redirect_uri')).toBe('https://circle.example.com/api/google/callback');
  });

  it('exchanges the code, stores the tokens encrypted and returns to the run', async () => {
    const attempt = await consent(env.fake, { returnTo: '/runs/abc' });
    const response = await callback(attempt.callbackUrl, attempt.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/runs/abc?drive=connected');
    expect(response.headers.get('set-cookie')).toContain('circle_google_oauth=; Path=/api/google; Max-Age=0');

    // The connection is the signed-in user's: its row id is theirs.
    const row = await getDb().googleConnection.findUniqueOrThrow({ where: { id: ada.id } });
    expect(await getDb().googleConnection.count()).toBe(1);
    const tokens = (await readConnection(ada.id))?.tokens;
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

    const status = await driveStatus(ada.id);
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
    expect(await readConnection(ada.id)).toBeNull();
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
    expect(await readConnection(ada.id)).toBeNull();
  });

  it('rejects a tampered state cookie', async () => {
    const attempt = await consent(env.fake);
    const [name, value] = attempt.cookie.split('=') as [string, string];
    const raw = decodeURIComponent(value);
    const flipped = raw.slice(0, -6) + (raw.at(-6) === 'A' ? 'B' : 'A') + raw.slice(-5);
    const response = await callback(attempt.callbackUrl, `${name}=${encodeURIComponent(flipped)}`);
    expect(response.headers.get('location')).toBe('/settings?drive=error&reason=state_mismatch');
    expect(await readConnection(ada.id)).toBeNull();
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
      expect(await driveStatus(ada.id)).toEqual({ configured: false, missing: ['GOOGLE_CLIENT_ID'], connected: false, email: null });
      const response = await connectRequest('?returnTo=/runs/abc');
      expect(response.headers.get('location')).toBe('/runs/abc?drive=error&reason=not_configured');
      await expect(exportRunToDrive('whatever', { ownerId: ada.id })).rejects.toMatchObject({ code: 'NOT_CONFIGURED', message: expect.stringContaining('GOOGLE_CLIENT_ID') });
    } finally {
      process.env.GOOGLE_CLIENT_ID = saved;
    }
  });
});

describe('disconnecting', () => {
  it('revokes the grant at Google and forgets it here', async () => {
    await connectDrive(env.fake);
    const refreshToken = (await readConnection(ada.id))?.tokens?.refreshToken;
    const liveGrants = env.fake.activeGrantCount();

    expect(await disconnectDrive(ada.id)).toEqual({ revokedAtGoogle: true });
    expect(env.fake.revokedTokens.at(-1)).toBe(refreshToken);
    expect(env.fake.activeGrantCount()).toBe(liveGrants - 1);
    expect(await getDb().googleConnection.count()).toBe(0);
    expect(await driveStatus(ada.id)).toMatchObject({ connected: false, email: null });
  });

  it('still forgets the connection when Google already dropped the grant', async () => {
    await connectDrive(env.fake);
    env.fake.revokeAllGrants();
    expect(await disconnectDrive(ada.id)).toEqual({ revokedAtGoogle: true });
    expect(await getDb().googleConnection.count()).toBe(0);
  });
});

describe('connections per account', () => {
  it('needs a session on both routes: 401, nothing sent to Google, nothing saved', async () => {
    const connect = await connectRequest('?returnTo=/runs/abc', null);
    expect(connect.status).toBe(401);
    expect(connect.headers.get('location')).toBeNull();
    expect(connect.headers.get('set-cookie')).toBeNull();
    expect(await connect.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });

    // Signed out between consent and callback (or a forged session cookie): the code is not exchanged.
    const before = tokenRequests();
    const attempt = await consent(env.fake, { returnTo: '/runs/abc' });
    const signedOut = await callback(attempt.callbackUrl, attempt.cookie, null);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    const forged = await completeConnect(
      new Request(attempt.callbackUrl, { headers: { cookie: `circle.session_token=not-a-session; ${attempt.cookie}` } }),
    );
    expect(forged.status).toBe(401);
    expect(tokenRequests()).toBe(before);
    expect(await getDb().googleConnection.count()).toBe(0);
  });

  it("keeps each user's connection to themselves: connecting Ada does not connect Grace, disconnecting Ada leaves Grace", async () => {
    expect(await connectDrive(env.fake, '/settings', ada)).toBe('/settings?drive=connected');
    expect(await driveStatus(ada.id)).toMatchObject({ connected: true, email: 'ada@example.com' });
    expect(await driveStatus(grace.id)).toMatchObject({ connected: false, email: null });
    expect(await readConnection(grace.id)).toBeNull();

    expect(await connectDrive(env.fake, '/settings', grace)).toBe('/settings?drive=connected');
    const adaTokens = (await readConnection(ada.id))?.tokens;
    const graceTokens = (await readConnection(grace.id))?.tokens;
    expect(graceTokens?.refreshToken).toBeTruthy();
    expect(graceTokens?.refreshToken).not.toBe(adaTokens?.refreshToken);
    expect((await getDb().googleConnection.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id)).toEqual([ada.id, grace.id].sort());

    expect(await disconnectDrive(ada.id)).toEqual({ revokedAtGoogle: true });
    expect(env.fake.revokedTokens).toContain(adaTokens?.refreshToken);
    expect(env.fake.revokedTokens).not.toContain(graceTokens?.refreshToken);
    expect(await driveStatus(ada.id)).toMatchObject({ connected: false, email: null });
    expect(await driveStatus(grace.id)).toMatchObject({ connected: true, email: 'ada@example.com' });
    expect((await readConnection(grace.id))?.tokens).toEqual(graceTokens);

    // Grace's grant still works at Google: her run exports with it.
    const runId = await seedRun('Grace asks', grace);
    const result = await exportRunToDrive(runId, { ownerId: grace.id, origin: APP_ORIGIN });
    expect(result.webViewLink).toMatch(/^https:\/\/docs\.google\.com\/document\/d\//);
    expect(await readConnection(ada.id)).toBeNull();
  });

  it("refuses a callback started by Ada but completed in Grace's session, and saves nothing", async () => {
    const before = tokenRequests();
    const attempt = await consent(env.fake, { returnTo: '/runs/abc', as: ada });

    const response = await callback(attempt.callbackUrl, attempt.cookie, grace);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/runs/abc?drive=error&reason=other_account');
    expect(response.headers.get('set-cookie')).toContain('circle_google_oauth=; Path=/api/google; Max-Age=0');
    // Refused before the code exchange: no tokens were asked for, no row exists for either user.
    expect(tokenRequests()).toBe(before);
    expect(await getDb().googleConnection.count()).toBe(0);
    expect(await driveStatus(grace.id)).toMatchObject({ connected: false });
    expect(await driveStatus(ada.id)).toMatchObject({ connected: false });

    // The state belongs to Ada: in her own session the same callback goes through, for her only.
    expect((await callback(attempt.callbackUrl, attempt.cookie, ada)).headers.get('location')).toBe('/runs/abc?drive=connected');
    expect(await driveStatus(ada.id)).toMatchObject({ connected: true });
    expect(await readConnection(grace.id)).toBeNull();
  });

  it('refuses to use one connection for all: a missing user id is an error, not every row', async () => {
    await connectDrive(env.fake);
    await expect(disconnectDrive(undefined as unknown as string)).rejects.toThrow(/no user id/);
    await expect(driveStatus('')).rejects.toThrow(/no user id/);
    expect(await getDb().googleConnection.count()).toBe(1);
  });
});
