import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Google: the OAuth 2.0 consent page, token and revocation
 * endpoints, and the slice of the Drive v3 API the exporter uses. It speaks the
 * same wire format (form-encoded token requests, Google's JSON error bodies,
 * multipart/related uploads) and enforces what Google enforces, so the real
 * googleapis client can be tested against it: bearer tokens must be live, codes
 * are single-use and bound to their redirect URI, refresh tokens can be revoked,
 * uploads must be well-formed, and a Drive file is only visible while it exists.
 */

export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';
const FOLDER_MIME = 'application/vnd.google-apps.folder';
const DOC_MIME = 'application/vnd.google-apps.document';
/** What Drive converts into a Google Doc on upload. */
const DOC_IMPORT_MIMES = new Set(['text/html', 'text/plain', 'application/rtf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
const KNOWN_SCOPES = new Set([
  DRIVE_FILE_SCOPE,
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/userinfo.email',
  'openid',
  'email',
]);

export interface FakeGoogleOptions {
  clientId: string;
  clientSecret: string;
  /** The account the consent page signs in as. */
  email?: string;
  accessTokenTtlSeconds?: number;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

export interface FakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  trashed: boolean;
  createdTime: string;
  modifiedTime: string;
  /** Bumped on every change, like Drive's `version`. */
  version: number;
  /** For a converted Google Doc: the HTML it was imported from, and its visible text. */
  importedHtml?: string;
  text?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface InjectedFailure {
  status: number;
  /** Drive's error reason, e.g. "rateLimitExceeded" or "backendError". */
  reason: string;
  /** How many Drive requests fail; Infinity for "until cleared". */
  times: number;
}

interface PendingConsent {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | undefined;
  accessType: string | undefined;
  prompt: string | undefined;
}

interface IssuedCode {
  grant: PendingConsent;
  expiresAt: number;
  used: boolean;
}

interface Grant {
  scope: string;
  revoked: boolean;
}

interface AccessToken {
  grantId: string;
  scope: string;
  expiresAt: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export class FakeGoogle {
  readonly files = new Map<string, FakeDriveFile>();
  readonly requests: RecordedRequest[] = [];
  /** Tokens received by the revocation endpoint, in order. */
  readonly revokedTokens: string[] = [];
  /** Successful refresh_token grants, for tests that assert a refresh happened. */
  refreshCount = 0;

  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private failure: InjectedFailure | null = null;
  private server: Server | null = null;
  private origin = '';

  constructor(private readonly options: FakeGoogleOptions) {}

  get url(): string {
    return this.origin;
  }
  get authUrl(): string {
    return `${this.origin}/o/oauth2/v2/auth`;
  }
  get tokenUrl(): string {
    return `${this.origin}/token`;
  }
  get revokeUrl(): string {
    return `${this.origin}/revoke`;
  }
  /** The googleapis `rootUrl`: Drive metadata and upload paths hang off it. */
  get apiRootUrl(): string {
    return `${this.origin}/`;
  }
  get email(): string {
    return this.options.email ?? 'ada@example.com';
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- Controls for tests -------------------------------------------------

  /** Every access token issued so far stops working (as when they expire early); refresh tokens stay valid. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  /** The user revoked the app's access in their Google account: refreshing answers invalid_grant. */
  revokeAllGrants(): void {
    for (const grant of this.grants.values()) grant.revoked = true;
  }

  /** The next `times` Drive API requests answer `status` with `reason` (before any other check). */
  failDriveRequests(failure: InjectedFailure): void {
    this.failure = { ...failure };
  }

  clearFailures(): void {
    this.failure = null;
  }

  /** Deletes a file for good, with everything inside it (what "Delete forever" does). */
  deleteFile(id: string): void {
    for (const child of this.childrenOf(id)) this.deleteFile(child.id);
    this.files.delete(id);
  }

  /** Moves a file and its contents to the trash. */
  trashFile(id: string): void {
    const file = this.files.get(id);
    if (!file) return;
    file.trashed = true;
    for (const child of this.childrenOf(id)) this.trashFile(child.id);
  }

  /** Live (not revoked) grants: how many refresh tokens still work. */
  activeGrantCount(): number {
    return [...this.grants.values()].filter((g) => !g.revoked).length;
  }

  driveRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/drive/') || r.path.startsWith('/upload/'));
  }

  private childrenOf(id: string): FakeDriveFile[] {
    return [...this.files.values()].filter((f) => f.parents.includes(id));
  }

  // ---- HTTP -----------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const query = Object.fromEntries(url.searchParams);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const isText = typeof body === 'string';
      res.writeHead(status, {
        'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(isText ? body : body === undefined ? '' : JSON.stringify(body));
    };
    try {
      const body = await readBody(req);
      const result = this.route(req, url, body);
      if ('redirect' in result) {
        record.status = 302;
        res.writeHead(302, { location: result.redirect });
        res.end();
      } else {
        send(result.status, result.body);
      }
    } catch (error) {
      if (error instanceof HttpError) send(error.status, error.body);
      else send(500, driveError(500, 'backendError', error instanceof Error ? error.message : 'Internal error'));
    }
  }

  private route(req: IncomingMessage, url: URL, body: Buffer): { status: number; body: unknown } | { redirect: string } {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/o/oauth2/v2/auth' && method === 'GET') return { status: 200, body: this.consentPage(url) };
    if (path === '/o/oauth2/v2/auth/decision' && method === 'POST') return { redirect: this.decide(body) };
    if (path === '/token' && method === 'POST') return { status: 200, body: this.token(req, body) };
    if (path === '/revoke' && method === 'POST') return { status: 200, body: this.revoke(url, body) };
    if (path.startsWith('/drive/v3/') || path.startsWith('/upload/drive/v3/')) return this.drive(req, url, body);
    // For end-to-end tests, which can only see the fake over HTTP: what Drive holds now.
    if (path === '/__fake/files' && method === 'GET') return { status: 200, body: [...this.files.values()] };
    throw new HttpError(404, 'Not found');
  }

  // ---- OAuth 2.0 ------------------------------------------------------------

  private consentPage(url: URL): string {
    const p = url.searchParams;
    if (p.get('client_id') !== this.options.clientId) {
      throw new HttpError(401, page('Error 401: invalid_client', 'The OAuth client was not found.'));
    }
    if (p.get('response_type') !== 'code') {
      throw new HttpError(400, page('Error 400: invalid_request', 'response_type must be "code".'));
    }
    const redirectUri = p.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
      throw new HttpError(400, page('Error 400: redirect_uri_mismatch', 'A redirect_uri is required.'));
    }
    const scope = p.get('scope') ?? '';
    const scopes = scope.split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
      throw new HttpError(400, page('Error 400: invalid_scope', `Unknown or missing scope: "${escapeHtml(scope)}".`));
    }
    const id = randomToken('consent');
    this.consents.set(id, {
      clientId: p.get('client_id') ?? '',
      redirectUri,
      scope,
      state: p.get('state') ?? undefined,
      accessType: p.get('access_type') ?? undefined,
      prompt: p.get('prompt') ?? undefined,
    });
    return page(
      'Sign in with Google (local fake)',
      `<p>Signed in as <strong>${escapeHtml(this.email)}</strong>.</p>
       <p>The app wants to: See, edit, create and delete only the specific Google Drive files you use with this app.</p>
       <form method="post" action="/o/oauth2/v2/auth/decision">
         <input type="hidden" name="consent" value="${id}">
         <button type="submit" name="decision" value="allow">Allow</button>
         <button type="submit" name="decision" value="deny">Cancel</button>
       </form>`,
    );
  }

  /** The user's answer on the consent page: back to the app with a code, or with error=access_denied. */
  private decide(body: Buffer): string {
    const form = new URLSearchParams(body.toString('utf8'));
    const consent = this.consents.get(form.get('consent') ?? '');
    if (!consent) throw new HttpError(400, page('Error 400', 'This consent request expired.'));
    this.consents.delete(form.get('consent') ?? '');
    const back = new URL(consent.redirectUri);
    if (form.get('decision') === 'allow') {
      const code = randomToken('4/code');
      this.codes.set(code, { grant: consent, expiresAt: Date.now() + 10 * 60_000, used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', consent.scope);
    } else {
      back.searchParams.set('error', 'access_denied');
    }
    if (consent.state !== undefined) back.searchParams.set('state', consent.state);
    return back.toString();
  }

  private token(req: IncomingMessage, body: Buffer): unknown {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new HttpError(400, { error: 'invalid_request', error_description: 'Expected a form-encoded body.' });
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const [clientId, clientSecret] = clientCredentials(req, form);
    if (clientId !== this.options.clientId || clientSecret !== this.options.clientSecret) {
      throw new HttpError(401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(form);
    if (grantType === 'refresh_token') return this.refresh(form);
    throw new HttpError(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType ?? ''}` });
  }

  private exchangeCode(form: URLSearchParams): unknown {
    const code = this.codes.get(form.get('code') ?? '');
    if (!code || code.used || code.expiresAt < Date.now()) {
      throw new HttpError(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
    }
    if (form.get('redirect_uri') !== code.grant.redirectUri) {
      throw new HttpError(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
    }
    code.used = true;
    const grantId = randomToken('1//refresh');
    this.grants.set(grantId, { scope: code.grant.scope, revoked: false });
    const response: Record<string, unknown> = { ...this.issueAccessToken(grantId, code.grant.scope), scope: code.grant.scope };
    // Google only hands out a refresh token for offline access.
    if (code.grant.accessType === 'offline') response.refresh_token = grantId;
    return response;
  }

  private refresh(form: URLSearchParams): unknown {
    const grantId = form.get('refresh_token') ?? '';
    const grant = this.grants.get(grantId);
    if (!grant || grant.revoked) {
      throw new HttpError(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    }
    this.refreshCount += 1;
    return { ...this.issueAccessToken(grantId, grant.scope), scope: grant.scope };
  }

  private issueAccessToken(grantId: string, scope: string): { access_token: string; expires_in: number; token_type: string } {
    const ttl = this.options.accessTokenTtlSeconds ?? 3599;
    const token = randomToken('ya29.fake');
    this.accessTokens.set(token, { grantId, scope, expiresAt: Date.now() + ttl * 1000 });
    return { access_token: token, expires_in: ttl, token_type: 'Bearer' };
  }

  /** Revoking either token of a grant ends the whole grant, as at Google. */
  private revoke(url: URL, body: Buffer): unknown {
    const token = url.searchParams.get('token') ?? new URLSearchParams(body.toString('utf8')).get('token') ?? '';
    this.revokedTokens.push(token);
    const grantId = this.grants.has(token) ? token : this.accessTokens.get(token)?.grantId;
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant || grant.revoked) {
      throw new HttpError(400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    }
    grant.revoked = true;
    for (const [value, access] of this.accessTokens) if (access.grantId === grantId) this.accessTokens.delete(value);
    return {};
  }

  // ---- Drive v3 -------------------------------------------------------------

  private drive(req: IncomingMessage, url: URL, body: Buffer): { status: number; body: unknown } {
    if (this.failure && this.failure.times > 0) {
      this.failure.times -= 1;
      const { status, reason } = this.failure;
      throw new HttpError(status, driveError(status, reason, reason === 'rateLimitExceeded' ? 'Rate Limit Exceeded' : 'Backend Error'));
    }
    this.authorize(req);
    const method = req.method ?? 'GET';
    const upload = url.pathname.startsWith('/upload/');
    const rest = url.pathname.replace(/^\/(upload\/)?drive\/v3\//, '');
    const fields = url.searchParams.get('fields');

    if (rest === 'about' && method === 'GET' && !upload) {
      if (!fields) throw new HttpError(400, driveError(400, 'required', "The 'fields' parameter is required for this method."));
      return { status: 200, body: pickFields({ kind: 'drive#about', user: { kind: 'drive#user', displayName: 'Ada', emailAddress: this.email, me: true } }, fields) };
    }
    if (rest === 'files' && method === 'GET' && !upload) {
      const matches = [...this.files.values()].filter(parseQuery(url.searchParams.get('q')));
      return { status: 200, body: pickFields({ kind: 'drive#fileList', incompleteSearch: false, files: matches.map((f) => this.resource(f)) }, fields ?? 'kind,incompleteSearch,files(kind,id,name,mimeType)') };
    }
    if (rest === 'files' && method === 'POST') {
      const { metadata, media } = upload ? readUpload(req, url, body) : { metadata: readJson(req, body), media: undefined };
      const file = this.createFile(metadata, media);
      return { status: 200, body: pickFields(this.resource(file), fields ?? DEFAULT_FILE_FIELDS) };
    }
    const fileMatch = /^files\/([^/]+)$/.exec(rest);
    if (fileMatch) {
      const file = this.files.get(decodeURIComponent(fileMatch[1] ?? ''));
      if (!file) throw notFound(fileMatch[1] ?? '');
      if (method === 'GET' && !upload) {
        if (url.searchParams.get('alt') === 'media' && file.mimeType.startsWith('application/vnd.google-apps.')) {
          throw new HttpError(403, driveError(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.'));
        }
        return { status: 200, body: pickFields(this.resource(file), fields ?? DEFAULT_FILE_FIELDS) };
      }
      if (method === 'PATCH') {
        const { metadata, media } = upload ? readUpload(req, url, body) : { metadata: readJson(req, body), media: undefined };
        this.updateFile(file, metadata, media, url.searchParams);
        return { status: 200, body: pickFields(this.resource(file), fields ?? DEFAULT_FILE_FIELDS) };
      }
      if (method === 'DELETE' && !upload) {
        this.deleteFile(file.id);
        return { status: 204, body: undefined };
      }
    }
    throw new HttpError(404, driveError(404, 'notFound', `Not Found: ${method} ${url.pathname}`));
  }

  /** What Google checks first: a bearer token that is live and carries a Drive scope. */
  private authorize(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match) {
      throw new HttpError(401, driveError(401, 'required', 'Request is missing required authentication credential. Expected OAuth 2 access token.', 'UNAUTHENTICATED'));
    }
    const token = this.accessTokens.get(match[1] ?? '');
    if (!token || token.expiresAt <= Date.now() || this.grants.get(token.grantId)?.revoked) {
      throw new HttpError(401, driveError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'UNAUTHENTICATED'));
    }
    const scopes = token.scope.split(' ');
    if (!scopes.includes(DRIVE_FILE_SCOPE) && !scopes.includes('https://www.googleapis.com/auth/drive')) {
      throw new HttpError(403, driveError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED'));
    }
  }

  private createFile(metadata: Record<string, unknown>, media: Media | undefined): FakeDriveFile {
    const now = new Date().toISOString();
    const parents = metadata.parents === undefined ? [] : stringArray(metadata.parents, 'parents');
    if (parents.length > 1) throw new HttpError(403, driveError(403, 'cannotAddParent', 'Increasing the number of parents is not allowed.'));
    for (const parent of parents) this.requireFolder(parent);
    const mimeType = typeof metadata.mimeType === 'string' ? metadata.mimeType : media?.mimeType ?? 'application/octet-stream';
    const file: FakeDriveFile = {
      id: randomToken('1fake').replace(/[^A-Za-z0-9_-]/g, ''),
      name: typeof metadata.name === 'string' ? metadata.name : 'Untitled',
      mimeType,
      parents,
      trashed: false,
      createdTime: now,
      modifiedTime: now,
      version: 1,
    };
    if (media) importMedia(file, media);
    this.files.set(file.id, file);
    return file;
  }

  private updateFile(file: FakeDriveFile, metadata: Record<string, unknown>, media: Media | undefined, params: URLSearchParams): void {
    if (typeof metadata.mimeType === 'string' && metadata.mimeType !== file.mimeType) {
      throw new HttpError(403, driveError(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.'));
    }
    if (metadata.parents !== undefined) {
      throw new HttpError(403, driveError(403, 'parentsNotWritable', 'The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.'));
    }
    if (typeof metadata.name === 'string') file.name = metadata.name;
    if (typeof metadata.trashed === 'boolean') file.trashed = metadata.trashed;
    const add = params.get('addParents')?.split(',').filter(Boolean) ?? [];
    const remove = params.get('removeParents')?.split(',').filter(Boolean) ?? [];
    for (const parent of add) this.requireFolder(parent);
    file.parents = [...file.parents.filter((p) => !remove.includes(p)), ...add];
    if (media) importMedia(file, media);
    file.modifiedTime = new Date().toISOString();
    file.version += 1;
  }

  private requireFolder(id: string): void {
    const parent = this.files.get(id);
    if (!parent) throw notFound(id);
    if (parent.mimeType !== FOLDER_MIME) throw new HttpError(400, driveError(400, 'invalidParent', 'The parent is not a folder.'));
  }

  private resource(file: FakeDriveFile): Record<string, unknown> {
    return {
      kind: 'drive#file',
      id: file.id,
      name: file.name,
      mimeType: file.mimeType,
      parents: file.parents,
      trashed: file.trashed,
      createdTime: file.createdTime,
      modifiedTime: file.modifiedTime,
      version: String(file.version),
      webViewLink:
        file.mimeType === FOLDER_MIME
          ? `https://drive.google.com/drive/folders/${file.id}`
          : file.mimeType === DOC_MIME
            ? `https://docs.google.com/document/d/${file.id}/edit?usp=drivesdk`
            : `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`,
    };
  }
}

/** Starts a fake Google on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeGoogle(options: FakeGoogleOptions): Promise<FakeGoogle> {
  const fake = new FakeGoogle(options);
  await fake.listen();
  return fake;
}

// ---- Wire helpers -------------------------------------------------------------

const DEFAULT_FILE_FIELDS = 'kind,id,name,mimeType';

interface Media {
  mimeType: string;
  content: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readJson(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(400, driveError(400, 'badContent', 'Metadata must be sent as application/json.'));
  }
  return parseJsonObject(body.toString('utf8'));
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, driveError(400, 'parseError', 'Parse Error'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, driveError(400, 'parseError', 'Parse Error'));
  return value as Record<string, unknown>;
}

/** An upload request: `uploadType=media` (content only) or `multipart` (JSON metadata + content). */
function readUpload(req: IncomingMessage, url: URL, body: Buffer): { metadata: Record<string, unknown>; media: Media } {
  const contentType = req.headers['content-type'] ?? '';
  const uploadType = url.searchParams.get('uploadType');
  if (uploadType === 'media') {
    if (!contentType) throw new HttpError(400, driveError(400, 'badContent', 'Media upload needs a Content-Type.'));
    return { metadata: {}, media: { mimeType: contentType.split(';')[0]!.trim(), content: body } };
  }
  if (uploadType !== 'multipart') {
    throw new HttpError(400, driveError(400, 'invalid', `Invalid value for uploadType: ${uploadType ?? '(missing)'}`));
  }
  const boundary = /^multipart\/related;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new HttpError(400, driveError(400, 'badContent', 'Multipart upload must be multipart/related with a boundary.'));
  const parts = parseMultipart(body, boundary);
  if (parts.length !== 2) throw new HttpError(400, driveError(400, 'badContent', `Multipart upload needs exactly 2 parts, got ${parts.length}.`));
  const [meta, media] = parts as [Part, Part];
  if (!meta.contentType.startsWith('application/json')) {
    throw new HttpError(400, driveError(400, 'badContent', 'The first part of a multipart upload must be application/json metadata.'));
  }
  if (!media.contentType) throw new HttpError(400, driveError(400, 'badContent', 'The media part needs a Content-Type.'));
  return { metadata: parseJsonObject(meta.body.toString('utf8')), media: { mimeType: media.contentType.split(';')[0]!.trim(), content: media.body } };
}

interface Part {
  contentType: string;
  body: Buffer;
}

/** RFC 2046 multipart: "--boundary" CRLF headers CRLF CRLF body CRLF "--boundary" … "--boundary--". */
function parseMultipart(body: Buffer, boundary: string): Part[] {
  const text = body.toString('latin1'); // byte-preserving
  const delimiter = `--${boundary}`;
  if (!text.startsWith(`${delimiter}\r\n`)) throw new HttpError(400, driveError(400, 'badContent', 'Multipart body does not start with its boundary.'));
  const end = text.indexOf(`\r\n${delimiter}--`);
  if (end < 0) throw new HttpError(400, driveError(400, 'badContent', 'Multipart body has no closing boundary.'));
  const inner = text.slice(delimiter.length + 2, end);
  return inner.split(`\r\n${delimiter}\r\n`).map((raw) => {
    const split = raw.indexOf('\r\n\r\n');
    if (split < 0) throw new HttpError(400, driveError(400, 'badContent', 'Multipart part without headers.'));
    const headers = raw.slice(0, split).split('\r\n');
    const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '') ?? '';
    return { contentType: contentType.toLowerCase(), body: Buffer.from(raw.slice(split + 4), 'latin1') };
  });
}

/** Drive's import: uploading convertible content into a Google Doc replaces the document's text. */
function importMedia(file: FakeDriveFile, media: Media): void {
  if (file.mimeType === FOLDER_MIME) throw new HttpError(400, driveError(400, 'badContent', 'A folder cannot have content.'));
  if (file.mimeType !== DOC_MIME) return;
  if (!DOC_IMPORT_MIMES.has(media.mimeType)) {
    throw new HttpError(400, driveError(400, 'badRequest', `Conversion from ${media.mimeType} to a Google Doc is not supported.`));
  }
  const content = media.content.toString('utf8');
  if (media.mimeType === 'text/html') {
    file.importedHtml = content;
    file.text = htmlToText(content);
  } else {
    file.text = content;
  }
}

/** A Google Doc's visible text: tags dropped, script/style content dropped, entities decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/tr|\/div)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** The subset of Drive's query language the app uses: `and`-joined comparisons. */
function parseQuery(q: string | null): (file: FakeDriveFile) => boolean {
  if (!q) return () => true;
  const tests = q.split(/\s+and\s+/i).map((clause): ((f: FakeDriveFile) => boolean) => {
    const c = clause.trim();
    let m = /^(name|mimeType)\s*(=|!=)\s*'((?:[^'\\]|\\.)*)'$/.exec(c);
    if (m) {
      const [, field, op, raw] = m;
      const value = (raw ?? '').replace(/\\(.)/g, '$1');
      return (f) => (f[field as 'name' | 'mimeType'] === value) === (op === '=');
    }
    m = /^'((?:[^'\\]|\\.)*)'\s+in\s+parents$/.exec(c);
    if (m) {
      const id = (m[1] ?? '').replace(/\\(.)/g, '$1');
      return (f) => f.parents.includes(id);
    }
    m = /^trashed\s*=\s*(true|false)$/.exec(c);
    if (m) {
      const trashed = m[1] === 'true';
      return (f) => f.trashed === trashed;
    }
    throw new HttpError(400, driveError(400, 'invalid', `Invalid Value: q (${c})`));
  });
  return (file) => tests.every((t) => t(file));
}

/** Drive's partial response: `fields=id,name` or `files(id,name)`; `*` for everything. */
function pickFields(resource: Record<string, unknown>, fields: string): Record<string, unknown> {
  if (fields.trim() === '*') return resource;
  const out: Record<string, unknown> = {};
  for (const [name, nested] of splitFields(fields)) {
    const value = resource[name];
    if (value === undefined) continue;
    if (nested === null) out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map((v) => pickFields(v as Record<string, unknown>, nested));
    else if (typeof value === 'object' && value !== null) out[name] = pickFields(value as Record<string, unknown>, nested);
  }
  return out;
}

function splitFields(fields: string): [string, string | null][] {
  const result: [string, string | null][] = [];
  let depth = 0;
  let current = '';
  const flush = () => {
    const f = current.trim();
    current = '';
    if (!f) return;
    const open = f.indexOf('(');
    result.push(open < 0 ? [f, null] : [f.slice(0, open), f.slice(open + 1, -1)]);
  };
  for (const ch of fields) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) flush();
    else current += ch;
  }
  flush();
  return result;
}

function clientCredentials(req: IncomingMessage, form: URLSearchParams): [string | null, string | null] {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return [id ?? null, secret ?? null];
  }
  return [form.get('client_id'), form.get('client_secret')];
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HttpError(400, driveError(400, 'invalid', `Invalid value for ${field}.`));
  }
  return value as string[];
}

function notFound(id: string): HttpError {
  return new HttpError(404, driveError(404, 'notFound', `File not found: ${id}.`));
}

/** Google's JSON error body (the shape googleapis parses). */
function driveError(code: number, reason: string, message: string, status?: string) {
  const domain = reason.endsWith('RateLimitExceeded') || reason === 'rateLimitExceeded' ? 'usageLimits' : 'global';
  return { error: { code, message, errors: [{ message, domain, reason }], ...(status ? { status } : {}) } };
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function randomToken(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('base64url')}`;
}
