import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { symmetricDecrypt } from 'better-auth/crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAuth } from '../../server/auth/auth';
import { sessionUser } from '../../server/auth/session';
import { createAccount, createFirstAdmin } from '../../server/auth/setup';
import { closeDb, getDb } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { startFakeOidc, type FakeOidc, type OidcPerson } from '../fakes/oidc-provider';

/**
 * Signing in with OpenID Connect, end to end: better-auth's generic OAuth client against a
 * real (local) provider speaking the protocol, on a database of its own each time. With sign-up
 * closed only people the administrator created get in; tokens are encrypted at rest; the flow
 * uses PKCE and the client secret goes to the token endpoint only.
 */

const APP = 'http://localhost:3000';
const CLIENT_ID = 'circle-of-experts';
const CLIENT_SECRET = `oidc-secret-${randomBytes(12).toString('hex')}`;
const ENV_KEYS = [
  'DATABASE_URL',
  'CIRCLE_DATA_DIR',
  'CIRCLE_SECRET_KEY',
  'CIRCLE_ALLOW_SIGNUP',
  'CIRCLE_PUBLIC_URL',
  'PORT',
  'CIRCLE_OIDC_DISCOVERY_URL',
  'CIRCLE_OIDC_CLIENT_ID',
  'CIRCLE_OIDC_CLIENT_SECRET',
  'CIRCLE_OIDC_SCOPES',
] as const;

let fake: FakeOidc;
let dir: string;
let saved: Record<string, string | undefined>;

const person = (name: string, email: string): OidcPerson => ({ sub: `sub-${name.toLowerCase()}-${randomBytes(4).toString('hex')}`, email, email_verified: true, name });

beforeEach(async () => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  fake = await startFakeOidc({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  dir = await mkdtemp(path.join(tmpdir(), 'circle-oidc-'));
  for (const key of ['CIRCLE_ALLOW_SIGNUP', 'CIRCLE_PUBLIC_URL', 'PORT', 'CIRCLE_OIDC_SCOPES'] as const) delete process.env[key];
  Object.assign(process.env, {
    DATABASE_URL: `file:${path.join(dir, 'oidc.db')}`,
    CIRCLE_DATA_DIR: dir,
    CIRCLE_SECRET_KEY: randomBytes(32).toString('base64'),
    CIRCLE_OIDC_DISCOVERY_URL: fake.discoveryUrl,
    CIRCLE_OIDC_CLIENT_ID: CLIENT_ID,
    CIRCLE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
  });
  await closeDb();
  await migrateDatabase();
  await createFirstAdmin({ name: 'Admin', email: 'admin@example.test', password: 'first-admin-password' });
});

afterEach(async () => {
  await closeDb();
  await fake?.close();
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await rm(dir, { recursive: true, force: true });
});

/** "name=value" pairs of a response's Set-Cookie headers, dropping cleared ones. */
function cookiesOf(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.includes('=') && !c.endsWith('='));
}

interface Attempt {
  /** What sign-in/social answered (its JSON and cookies). */
  startBody: string;
  startCookies: string[];
  authorizeUrl: URL;
  /** The provider's redirect back to the app. */
  callbackUrl: URL;
  /** The app's answer to the callback. */
  callback: Response;
  location: string;
  sessionCookie: string | undefined;
}

/** A browser on the app clicking "Sign in with single sign-on", the provider signing it in, and coming back. */
async function signInWithOidc(extraBody: Record<string, unknown> = {}): Promise<Attempt> {
  const auth = getAuth();
  const start = await auth.handler(
    new Request(`${APP}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/', ...extraBody }),
    }),
  );
  const startBody = await start.text();
  expect(start.status, startBody).toBe(200);
  const { url } = JSON.parse(startBody) as { url: string };
  const authorizeUrl = new URL(url);
  expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${fake.issuer}/authorize`);
  const startCookies = cookiesOf(start);

  const authorized = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(authorized.status).toBe(302);
  const callbackUrl = new URL(authorized.headers.get('location') ?? '');
  expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(`${APP}/api/auth/callback/oidc`);
  expect(callbackUrl.searchParams.get('code')).toBeTruthy();

  const callback = await auth.handler(new Request(callbackUrl, { headers: { cookie: startCookies.join('; ') } }));
  const sessionCookie = cookiesOf(callback).find((c) => /session_token=/.test(c));
  return { startBody, startCookies, authorizeUrl, callbackUrl, callback, location: callback.headers.get('location') ?? '', sessionCookie };
}

const oidcAccounts = () => getDb().account.findMany({ where: { providerId: 'oidc' } });

describe('OIDC sign-in with sign-up closed (the default)', () => {
  it('a person the administrator did not create gets no session and no account', async () => {
    fake.setPerson(person('Mallory', 'mallory@example.test'));
    const attempt = await signInWithOidc();
    expect(attempt.callback.status).toBe(302);
    expect(new URL(attempt.location, APP).searchParams.get('error')).toBe('signup_disabled');
    expect(attempt.sessionCookie).toBeUndefined();
    // The provider did sign Mallory in (the refusal is the app's, not a broken flow).
    expect(fake.issued.map((t) => t.person.email)).toEqual(['mallory@example.test']);
    expect(await getDb().user.count({ where: { email: 'mallory@example.test' } })).toBe(0);
    expect(await oidcAccounts()).toEqual([]);
    expect(await getDb().session.count()).toBe(0);
  });

  it('asking for sign-up explicitly (requestSignUp) does not open it', async () => {
    fake.setPerson(person('Mallory', 'mallory@example.test'));
    const attempt = await signInWithOidc({ requestSignUp: true });
    expect(attempt.sessionCookie).toBeUndefined();
    expect(new URL(attempt.location, APP).searchParams.get('error')).toBe('signup_disabled');
    expect(await getDb().user.count({ where: { email: 'mallory@example.test' } })).toBe(0);
    expect(await oidcAccounts()).toEqual([]);
  });

  it('a person the administrator created signs in, is linked to that account, and the tokens are encrypted at rest', async () => {
    const userId = await createAccount({ name: 'Ada', email: 'ada@example.test', password: 'ada-password-123' }, 'user');
    const ada = person('Ada', 'ada@example.test');
    fake.setPerson(ada);
    const attempt = await signInWithOidc();
    expect(attempt.callback.status).toBe(302);
    expect(attempt.location).not.toMatch(/error/);
    expect(new URL(attempt.location, APP).pathname).toBe('/');
    expect(attempt.sessionCookie).toBeDefined();

    const who = await sessionUser(new Headers({ cookie: attempt.sessionCookie! }));
    expect(who).toMatchObject({ id: userId, email: 'ada@example.test', role: 'user' });
    expect(await getDb().user.count()).toBe(2); // the administrator and Ada: nobody new

    const accounts = await oidcAccounts();
    expect(accounts).toHaveLength(1);
    const account = accounts[0]!;
    expect(account).toMatchObject({ userId, accountId: ada.sub });
    const [issued] = fake.issued;
    expect(issued).toBeDefined();
    for (const [stored, plain] of [
      [account.accessToken, issued!.accessToken],
      [account.refreshToken, issued!.refreshToken],
    ] as const) {
      expect(stored).toBeTruthy();
      expect(stored).not.toBe(plain);
      expect(stored).not.toContain(plain);
      // Encrypted, not replaced: the app's own key opens it to the token the provider issued.
      expect(await symmetricDecrypt({ key: (await getAuth().$context).secretConfig as string, data: stored! })).toBe(plain);
    }
  });

  it('a second OIDC sign-in of the same person reuses the link and refreshes the encrypted tokens', async () => {
    const userId = await createAccount({ name: 'Ada', email: 'ada@example.test', password: 'ada-password-123' }, 'user');
    fake.setPerson(person('Ada', 'ada@example.test'));
    await signInWithOidc();
    const again = await signInWithOidc();
    expect((await sessionUser(new Headers({ cookie: again.sessionCookie ?? '' })))?.id).toBe(userId);
    const accounts = await oidcAccounts();
    expect(accounts).toHaveLength(1);
    const latest = fake.issued[1]!;
    expect(accounts[0]!.accessToken).not.toContain(latest.accessToken);
    expect(await symmetricDecrypt({ key: (await getAuth().$context).secretConfig as string, data: accounts[0]!.accessToken! })).toBe(latest.accessToken);
  });
});

describe('OIDC sign-in with CIRCLE_ALLOW_SIGNUP=1', () => {
  it('a new person becomes a user, never an administrator', async () => {
    process.env.CIRCLE_ALLOW_SIGNUP = '1';
    const sam = person('Sam', 'sam@example.test');
    fake.setPerson(sam);
    const attempt = await signInWithOidc();
    expect(attempt.location).not.toMatch(/error/);
    expect(attempt.sessionCookie).toBeDefined();
    const who = await sessionUser(new Headers({ cookie: attempt.sessionCookie! }));
    expect(who).toMatchObject({ email: 'sam@example.test', name: 'Sam', role: 'user' });
    const row = await getDb().user.findUnique({ where: { email: 'sam@example.test' } });
    expect(row?.id).toBe(who?.id);
    expect(row?.role).toBe('user');
    expect(await oidcAccounts()).toMatchObject([{ userId: who?.id, accountId: sam.sub }]);
    expect(await getDb().user.count({ where: { role: 'admin' } })).toBe(1);
  });

  it('a person the administrator created can still sign in with OIDC (the administrator vouched for the email)', async () => {
    process.env.CIRCLE_ALLOW_SIGNUP = '1';
    const userId = await createAccount({ name: 'Ada', email: 'ada@example.test', password: 'ada-password-123' }, 'user');
    fake.setPerson(person('Ada', 'ada@example.test'));
    const attempt = await signInWithOidc();
    expect(attempt.sessionCookie).toBeDefined();
    expect((await sessionUser(new Headers({ cookie: attempt.sessionCookie! })))?.id).toBe(userId);
  });

  it('an account someone claimed with a password is not handed to whoever signs in with that email', async () => {
    process.env.CIRCLE_ALLOW_SIGNUP = '1';
    // Open sign-up: anyone can register any address with a password (nobody verifies it).
    const { user: squatter } = await getAuth().api.signUpEmail({ body: { name: 'Squatter', email: 'ada@example.test', password: 'squatter-password-1' } });
    fake.setPerson(person('Ada', 'ada@example.test'));
    const attempt = await signInWithOidc();
    expect(attempt.sessionCookie).toBeUndefined();
    expect(new URL(attempt.location, APP).searchParams.get('error')).toBe('account_not_linked');
    expect(await oidcAccounts()).toEqual([]);
    expect(await getDb().account.findMany({ where: { userId: squatter.id }, select: { providerId: true } })).toEqual([{ providerId: 'credential' }]);
  });
});

describe('the protocol', () => {
  it('the token request carries PKCE (S256) and the client secret goes only to the token endpoint', async () => {
    await createAccount({ name: 'Ada', email: 'ada@example.test', password: 'ada-password-123' }, 'user');
    fake.setPerson(person('Ada', 'ada@example.test'));
    const attempt = await signInWithOidc();
    expect(attempt.sessionCookie).toBeDefined();

    // The authorization request had a challenge; the token request the verifier that hashes to it.
    expect(fake.authorizations).toHaveLength(1);
    const authorization = fake.authorizations[0]!;
    expect(authorization.code_challenge_method).toBe('S256');
    expect(authorization.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.nonce).toBeTruthy();
    expect(authorization.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(fake.tokenExchanges).toHaveLength(1);
    const exchange = fake.tokenExchanges[0]!;
    expect(exchange.codeVerifier).toBeTruthy();
    expect(createHash('sha256').update(exchange.codeVerifier!).digest('base64url')).toBe(authorization.code_challenge);
    expect(exchange.redirectUri).toBe(`${APP}/api/auth/callback/oidc`);
    // The verifier stays with the app: it never went through the browser.
    expect(attempt.authorizeUrl.toString()).not.toContain(exchange.codeVerifier);
    expect(attempt.callbackUrl.toString()).not.toContain(exchange.codeVerifier);

    // The secret: in the token request, and nowhere else the fake saw or the browser got.
    const withSecret = fake.requests.filter((r) => r.carriedClientSecret);
    expect(withSecret.length).toBeGreaterThan(0);
    expect(withSecret.every((r) => r.method === 'POST' && r.path === '/token')).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/token').every((r) => r.carriedClientSecret && r.clientAuth !== null)).toBe(true);
    const browserSaw = [attempt.startBody, ...attempt.startCookies, attempt.authorizeUrl.toString(), attempt.callbackUrl.toString(), attempt.location, ...cookiesOf(attempt.callback)];
    for (const text of browserSaw) expect(text).not.toContain(CLIENT_SECRET);
  });

  it('a wrong client secret fails the sign-in at the token endpoint (the fake checks it)', async () => {
    await createAccount({ name: 'Ada', email: 'ada@example.test', password: 'ada-password-123' }, 'user');
    process.env.CIRCLE_OIDC_CLIENT_SECRET = 'not-the-secret';
    // getAuth() is rebuilt for a new database client (its cache key leaves the secret out).
    await closeDb();
    fake.setPerson(person('Ada', 'ada@example.test'));
    const attempt = await signInWithOidc();
    expect(attempt.sessionCookie).toBeUndefined();
    expect(attempt.location).toMatch(/error=/);
    expect(fake.requests.filter((r) => r.path === '/token').map((r) => r.status)).toEqual([401]);
    expect(await oidcAccounts()).toEqual([]);
  });
});
