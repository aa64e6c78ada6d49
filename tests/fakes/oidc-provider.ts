import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenID Connect provider: discovery, the authorization endpoint (which signs in the
 * configured person at once, as if they had typed their password, and redirects back), the
 * token endpoint, userinfo and the JWKS. It speaks the wire protocol of OIDC Core and RFC 6749
 * and enforces what a real provider enforces, so better-auth's generic OAuth client can be
 * tested against it: the client must authenticate (client_secret_basic or client_secret_post),
 * codes are single-use, short-lived and bound to their client and redirect URI, a code issued
 * with a PKCE challenge needs the matching S256 verifier, ID tokens are RS256-signed with a key
 * published at jwks_uri and carry the nonce of the authorization request, and userinfo needs a
 * live bearer token. Every request is recorded, with whether it carried the client secret.
 */

export interface OidcPerson {
  sub: string;
  email: string;
  email_verified?: boolean;
  name: string;
}

export interface FakeOidcOptions {
  clientId: string;
  clientSecret: string;
  /** Who the authorization endpoint signs in (change it with setPerson). */
  person?: OidcPerson;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

export interface RecordedOidcRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The form body of a POST, as sent. */
  form: Record<string, string>;
  /** The client authentication the request used, if any. */
  clientAuth: 'basic' | 'post' | null;
  /** Whether the client secret appeared anywhere: the URL, the body, or any header (Basic decoded). */
  carriedClientSecret: boolean;
  status: number;
}

/** The parameters of one authorization request, as the browser brought them. */
export type AuthorizationRequest = Record<string, string>;

/** One successful authorization_code exchange. */
export interface TokenExchange {
  clientAuth: 'basic' | 'post';
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  codeVerifier: string | undefined;
  redirectUri: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  person: OidcPerson;
}

export interface FakeOidc {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  setPerson(person: OidcPerson): void;
  requests: RecordedOidcRequest[];
  authorizations: AuthorizationRequest[];
  tokenExchanges: TokenExchange[];
  issued: IssuedTokens[];
  close(): Promise<void>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  person: OidcPerson;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 60_000;
const ACCESS_TOKEN_TTL_SECONDS = 3600;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function signJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOidc(options: FakeOidcOptions): Promise<FakeOidc> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  let person: OidcPerson = options.person ?? { sub: 'person-1', email: 'person@idp.test', email_verified: true, name: 'Person' };

  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, { person: OidcPerson; expiresAt: number }>();
  const refreshTokens = new Map<string, { person: OidcPerson; clientId: string; scope: string }>();
  const requests: RecordedOidcRequest[] = [];
  const authorizations: AuthorizationRequest[] = [];
  const tokenExchanges: TokenExchange[] = [];
  const issued: IssuedTokens[] = [];
  let issuer = '';

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
    res.end(JSON.stringify(body));
  }
  const oauthError = (res: ServerResponse, status: number, error: string, description: string, headers: Record<string, string> = {}) =>
    json(res, status, { error, error_description: description }, headers);

  function issueTokens(res: ServerResponse, who: OidcPerson, clientId: string, scope: string, nonce: string | undefined) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = token('at');
    const refreshToken = token('rt');
    const claims: Record<string, unknown> = { iss: issuer, sub: who.sub, aud: clientId, iat: now, exp: now + 600, auth_time: now };
    if (nonce) claims.nonce = nonce;
    const scopes = new Set(scope.split(' '));
    if (scopes.has('email')) Object.assign(claims, { email: who.email, email_verified: who.email_verified ?? false });
    if (scopes.has('profile')) claims.name = who.name;
    const idToken = signJwt(claims, privateKey, kid);
    accessTokens.set(accessToken, { person: who, expiresAt: Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 });
    refreshTokens.set(refreshToken, { person: who, clientId, scope });
    issued.push({ accessToken, refreshToken, idToken, person: who });
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: refreshToken, id_token: idToken, scope });
  }

  /** The client's credentials from Basic auth or the form (RFC 6749 §2.3.1), or why not. */
  function authenticateClient(req: IncomingMessage, form: URLSearchParams): { auth: 'basic' | 'post'; clientId: string } | string {
    const header = req.headers.authorization;
    const inForm = form.has('client_secret');
    if (header && inForm) return 'more than one client authentication method';
    let id: string | undefined;
    let secret: string | undefined;
    let auth: 'basic' | 'post';
    if (header) {
      const m = /^Basic\s+(.+)$/i.exec(header);
      if (!m) return 'unsupported authorization scheme';
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return 'malformed basic credentials';
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
      auth = 'basic';
      if (form.has('client_id') && form.get('client_id') !== id) return 'client_id does not match the credentials';
    } else {
      id = form.get('client_id') ?? undefined;
      secret = form.get('client_secret') ?? undefined;
      auth = 'post';
    }
    if (id !== options.clientId || !secret || !sameSecret(secret, options.clientSecret)) return 'unknown client or wrong secret';
    return { auth, clientId: id };
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = Object.fromEntries(url.searchParams);
    authorizations.push(q);
    if (q.client_id !== options.clientId) return oauthError(res, 400, 'invalid_request', 'unknown client_id');
    let redirect: URL;
    try {
      redirect = new URL(q.redirect_uri ?? '');
    } catch {
      return oauthError(res, 400, 'invalid_request', 'redirect_uri is required');
    }
    const back = (params: Record<string, string>) => {
      for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
      if (q.state !== undefined) redirect.searchParams.set('state', q.state);
      redirect.searchParams.set('iss', issuer);
      res.writeHead(302, { location: redirect.toString() });
      res.end();
    };
    if (q.response_type !== 'code') return back({ error: 'unsupported_response_type' });
    if (!(q.scope ?? '').split(' ').includes('openid')) return back({ error: 'invalid_scope', error_description: 'openid scope required' });
    if (q.code_challenge && (q.code_challenge_method ?? 'plain') !== 'S256') return back({ error: 'invalid_request', error_description: 'only S256 is supported' });
    const code = token('code');
    codes.set(code, {
      clientId: q.client_id,
      redirectUri: q.redirect_uri!,
      scope: q.scope!,
      nonce: q.nonce,
      codeChallenge: q.code_challenge,
      codeChallengeMethod: q.code_challenge_method,
      person,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    back({ code });
  }

  function tokenEndpoint(req: IncomingMessage, form: URLSearchParams, res: ServerResponse): 'basic' | 'post' | null {
    const client = authenticateClient(req, form);
    if (typeof client === 'string') {
      oauthError(res, 401, 'invalid_client', client, { 'www-authenticate': 'Basic realm="fake-oidc"' });
      return null;
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const held = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!held || held.clientId !== client.clientId) {
        oauthError(res, 400, 'invalid_grant', 'unknown refresh token');
        return client.auth;
      }
      issueTokens(res, held.person, client.clientId, held.scope, undefined);
      return client.auth;
    }
    if (grant !== 'authorization_code') {
      oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grant}`);
      return client.auth;
    }
    const issuedCode = codes.get(form.get('code') ?? '');
    if (!issuedCode || issuedCode.used || issuedCode.expiresAt < Date.now() || issuedCode.clientId !== client.clientId) {
      oauthError(res, 400, 'invalid_grant', 'unknown, used or expired code');
      return client.auth;
    }
    issuedCode.used = true;
    if (form.get('redirect_uri') !== issuedCode.redirectUri) {
      oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      return client.auth;
    }
    const verifier = form.get('code_verifier') ?? undefined;
    if (issuedCode.codeChallenge) {
      const ok = verifier !== undefined && /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) && base64url(createHash('sha256').update(verifier).digest()) === issuedCode.codeChallenge;
      if (!ok) {
        oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
        return client.auth;
      }
    } else if (verifier !== undefined) {
      oauthError(res, 400, 'invalid_grant', 'code_verifier without a code_challenge');
      return client.auth;
    }
    tokenExchanges.push({
      clientAuth: client.auth,
      codeChallenge: issuedCode.codeChallenge,
      codeChallengeMethod: issuedCode.codeChallengeMethod,
      codeVerifier: verifier,
      redirectUri: issuedCode.redirectUri,
    });
    issueTokens(res, issuedCode.person, client.clientId, issuedCode.scope, issuedCode.nonce);
    return client.auth;
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const held = bearer ? accessTokens.get(bearer) : undefined;
    if (!held || held.expiresAt < Date.now()) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
      res.end();
      return;
    }
    const { sub, email, email_verified, name } = held.person;
    json(res, 200, { sub, email, email_verified: email_verified ?? false, name });
  }

  function carriesSecret(req: IncomingMessage, rawBody: string): boolean {
    const secret = options.clientSecret;
    const texts = [req.url ?? '', rawBody, decodeURIComponentSafe(rawBody)];
    for (const value of Object.values(req.headers)) {
      for (const v of [value ?? ''].flat()) {
        texts.push(v);
        const basic = /^Basic\s+(.+)$/i.exec(v)?.[1];
        if (basic) texts.push(decodeURIComponentSafe(Buffer.from(basic, 'base64').toString('utf8')));
      }
    }
    return texts.some((t) => t.includes(secret));
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      const rawBody = req.method === 'POST' ? await readBody(req) : '';
      const form = new URLSearchParams(req.method === 'POST' && /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') ? rawBody : '');
      let clientAuth: 'basic' | 'post' | null = null;
      if (url.pathname === '/.well-known/openid-configuration' && req.method === 'GET') {
        json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          code_challenge_methods_supported: ['S256'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
          claims_supported: ['sub', 'email', 'email_verified', 'name'],
        });
      } else if (url.pathname === '/jwks' && req.method === 'GET') {
        json(res, 200, { keys: [jwk] });
      } else if (url.pathname === '/authorize' && req.method === 'GET') {
        authorize(url, res);
      } else if (url.pathname === '/token' && req.method === 'POST') {
        clientAuth = tokenEndpoint(req, form, res);
      } else if (url.pathname === '/userinfo' && (req.method === 'GET' || req.method === 'POST')) {
        userinfo(req, res);
      } else {
        json(res, 404, { error: 'not_found' });
      }
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form: Object.fromEntries(form),
        clientAuth,
        carriedClientSecret: carriesSecret(req, rawBody),
        status: res.statusCode,
      });
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: String(error) });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    setPerson(next) {
      person = next;
    },
    requests,
    authorizations,
    tokenExchanges,
    issued,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
