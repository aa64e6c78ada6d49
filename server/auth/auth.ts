import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { admin, genericOAuth } from 'better-auth/plugins';
import { derivedSecret } from '../crypto/secrets';
import { getDb, type Db } from '../db/client';
import { parseDatabaseUrl, resolveDatabaseUrl } from '../db/database-url';
import { env } from '../env';
import { appOrigin, configuredPublicOrigin, cookiesSecure } from '../http/origin';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

/** The OpenID Connect provider's id; its redirect URI is <origin>/api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';

export function oidcConfigured(): boolean {
  const e = env();
  return Boolean(e.CIRCLE_OIDC_DISCOVERY_URL && e.CIRCLE_OIDC_CLIENT_ID && e.CIRCLE_OIDC_CLIENT_SECRET);
}

export function signupOpen(): boolean {
  return env().CIRCLE_ALLOW_SIGNUP === '1';
}

function createAuth(db: Db) {
  const e = env();
  const provider = parseDatabaseUrl(resolveDatabaseUrl(e.DATABASE_URL)).provider;
  const publicOrigin = configuredPublicOrigin();
  const plugins = [
    // Roles (admin | user), disabling an account (its "ban"), password resets, invitations.
    admin({ defaultRole: 'user', adminRoles: ['admin'] }),
    ...(oidcConfigured()
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                discoveryUrl: e.CIRCLE_OIDC_DISCOVERY_URL!,
                clientId: e.CIRCLE_OIDC_CLIENT_ID!,
                clientSecret: e.CIRCLE_OIDC_CLIENT_SECRET!,
                scopes: e.CIRCLE_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
                pkce: true,
                // With sign-up closed, only people the administrator created can sign in this way.
                // disableSignUp too: disableImplicitSignUp alone lets a client that sends
                // `requestSignUp: true` to sign-in/social create an account anyway.
                disableImplicitSignUp: !signupOpen(),
                disableSignUp: !signupOpen(),
              },
            ],
          }),
        ]
      : []),
  ];
  return betterAuth({
    appName: 'Circle of Experts',
    // Behind CIRCLE_PUBLIC_URL the one public origin; in local use whichever loopback name the
    // browser used (the guard in server/http has already refused any other Host).
    baseURL: publicOrigin ?? { allowedHosts: ['localhost:*', '127.0.0.1:*', '[::1]:*', 'localhost', '127.0.0.1'], fallback: `http://localhost:${e.PORT}`, protocol: 'http' },
    basePath: '/api/auth',
    secret: e.BETTER_AUTH_SECRET ?? derivedSecret('session-cookies'),
    trustedOrigins: (request) => [appOrigin(request)],
    database: prismaAdapter(db, { provider }),
    emailAndPassword: {
      enabled: true,
      // The first account comes from the setup page, later ones from the administrator, unless
      // the operator opens sign-up (server/auth/setup.ts creates accounts with the admin API).
      disableSignUp: !signupOpen(),
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    user: {
      additionalFields: {
        runsPerMinute: { type: 'number', required: false, input: false },
        dailyBudgetUsd: { type: 'number', required: false, input: false },
      },
    },
    account: {
      // OIDC access and refresh tokens are secrets at rest like the provider keys.
      encryptOAuthTokens: true,
      accountLinking: {
        enabled: true,
        trustedProviders: oidcConfigured() ? [OIDC_PROVIDER_ID] : [],
        // Only to local accounts whose email is verified: the administrator vouches for the ones
        // they create (server/auth/setup.ts), while an address someone claimed on open sign-up
        // with a password is not theirs to take over through OIDC (no pre-account takeover).
        requireLocalEmailVerified: true,
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: cookiesSecure(),
      cookiePrefix: 'circle',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: cookiesSecure() },
      database: { generateId: () => crypto.randomUUID().replaceAll('-', '').slice(0, 25) },
    },
    plugins,
    telemetry: { enabled: false },
  });
}

type Auth = ReturnType<typeof createAuth>;

declare global {
  // One instance per process, shared by Next's route handlers, the proxy and dev reloads.
  var __circleAuth: { key: string; db: Db; auth: Auth } | undefined;
}

/**
 * The process-wide better-auth instance, built on first use from the validated environment
 * (rebuilt when the database client or the sign-up/OIDC settings change, which only tests do).
 */
export function getAuth(): Auth {
  const e = env();
  const key = [e.DATABASE_URL, e.CIRCLE_ALLOW_SIGNUP, e.CIRCLE_PUBLIC_URL, e.CIRCLE_OIDC_DISCOVERY_URL, e.CIRCLE_OIDC_CLIENT_ID, e.PORT].join('\u0000');
  const db = getDb();
  const cached = globalThis.__circleAuth;
  if (cached?.key === key && cached.db === db) return cached.auth;
  const auth = createAuth(db);
  globalThis.__circleAuth = { key, db, auth };
  return auth;
}
