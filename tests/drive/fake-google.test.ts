import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVE_FILE_SCOPE, startFakeGoogle, type FakeGoogle } from '../fakes/google-server';

/**
 * The fake must refuse what Google refuses, or the integration tests prove
 * nothing: these talk to it over raw HTTP, as a broken client would.
 */

let fake: FakeGoogle;
let accessToken: string;

async function grant(): Promise<{ access_token: string; refresh_token?: string }> {
  const consent = await fetch(`${fake.authUrl}?${new URLSearchParams({ client_id: 'cid', response_type: 'code', redirect_uri: 'http://app.test/cb', scope: DRIVE_FILE_SCOPE, state: 's1', access_type: 'offline' })}`);
  const id = /name="consent" value="([^"]+)"/.exec(await consent.text())?.[1] ?? '';
  const decision = await fetch(`${fake.url}/o/oauth2/v2/auth/decision`, { method: 'POST', body: new URLSearchParams({ consent: id, decision: 'allow' }), redirect: 'manual' });
  const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(fake.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'cid', client_secret: 'secret', redirect_uri: 'http://app.test/cb' }),
  });
  expect(token.status).toBe(200);
  return (await token.json()) as { access_token: string; refresh_token?: string };
}

const driveFetch = (path: string, init: RequestInit = {}, token: string | null = accessToken) =>
  fetch(`${fake.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

beforeAll(async () => {
  fake = await startFakeGoogle({ clientId: 'cid', clientSecret: 'secret' });
  accessToken = (await grant()).access_token;
});
afterAll(() => fake.close());

describe('fake Google', () => {
  it('refuses a code used twice, a wrong secret and a wrong redirect URI', async () => {
    const badSecret = await fetch(fake.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'cid', client_secret: 'nope' }) });
    expect(badSecret.status).toBe(401);
    const unknownCode = await fetch(fake.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'cid', client_secret: 'secret', redirect_uri: 'http://app.test/cb' }) });
    expect(unknownCode.status).toBe(400);
    expect(await unknownCode.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('wants a live bearer token on Drive calls', async () => {
    const anonymous = await driveFetch('/drive/v3/files', {}, null);
    expect(anonymous.status).toBe(401);
    const bogus = await driveFetch('/drive/v3/files', {}, 'ya29.made-up');
    expect(bogus.status).toBe(401);
    expect(((await bogus.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason).toBe('authError');
    expect((await driveFetch('/drive/v3/files')).status).toBe(200);
  });

  it('requires `fields` on about.get, as Drive does', async () => {
    expect((await driveFetch('/drive/v3/about')).status).toBe(400);
    const about = await driveFetch('/drive/v3/about?fields=user(emailAddress)');
    expect(await about.json()).toEqual({ user: { emailAddress: 'ada@example.com' } });
  });

  it('rejects malformed multipart uploads and unconvertible media', async () => {
    const upload = (body: string, contentType: string) =>
      driveFetch('/upload/drive/v3/files?uploadType=multipart', { method: 'POST', body, headers: { 'content-type': contentType } });
    const meta = JSON.stringify({ name: 'Doc', mimeType: 'application/vnd.google-apps.document' });
    const good = `--b\r\ncontent-type: application/json\r\n\r\n${meta}\r\n--b\r\ncontent-type: text/html\r\n\r\n<p>Hi</p>\r\n--b--`;
    expect((await upload(good, 'multipart/form-data; boundary=b')).status).toBe(400);
    expect((await upload(good.replace('\r\n--b--', ''), 'multipart/related; boundary=b')).status).toBe(400);
    expect((await upload(good.replace('application/json', 'text/plain'), 'multipart/related; boundary=b')).status).toBe(400);
    expect((await upload(good.replace('text/html', 'image/png'), 'multipart/related; boundary=b')).status).toBe(400);
    const created = await upload(good, 'multipart/related; boundary=b');
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    expect(fake.files.get(id)).toMatchObject({ mimeType: 'application/vnd.google-apps.document', text: 'Hi\n', importedHtml: '<p>Hi</p>' });
  });

  it('answers 404 for a deleted file and shows a trashed one as trashed', async () => {
    const folder = await driveFetch('/drive/v3/files', { method: 'POST', body: JSON.stringify({ name: 'F', mimeType: 'application/vnd.google-apps.folder' }), headers: { 'content-type': 'application/json' } });
    const { id } = (await folder.json()) as { id: string };
    fake.trashFile(id);
    expect(await (await driveFetch(`/drive/v3/files/${id}?fields=trashed`)).json()).toEqual({ trashed: true });
    fake.deleteFile(id);
    expect((await driveFetch(`/drive/v3/files/${id}`)).status).toBe(404);
  });

  it('ends the whole grant when a token is revoked', async () => {
    const { access_token, refresh_token } = await grant();
    const revoke = await fetch(`${fake.revokeUrl}?token=${encodeURIComponent(refresh_token ?? '')}`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    expect((await driveFetch('/drive/v3/files', {}, access_token)).status).toBe(401);
    const refresh = await fetch(fake.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh_token ?? '', client_id: 'cid', client_secret: 'secret' }) });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
