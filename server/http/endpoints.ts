/**
 * Provider endpoints as the server accepts them: http(s) only, no credentials in the URL, no
 * query or fragment, and one spelling per endpoint so a key bound to it is found by exact
 * comparison (scheme and host lower-cased, default port dropped, trailing slashes removed).
 * `HTTPS://Host:443/v1/` and `https://host/v1` are the same endpoint; `https://host/v1` and
 * `https://host.evil/v1` are not.
 */

export type EndpointCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkEndpoint(raw: string): EndpointCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: 'The base URL must be a full URL, e.g. http://localhost:11434/v1' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `The base URL must use http or https (not ${url.protocol.replace(':', '')}).` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'The base URL must not contain a user name or password: store the key on the settings page instead.' };
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    return { ok: false, message: 'The base URL must not have a query string or fragment.' };
  }
  if (!url.hostname) return { ok: false, message: 'The base URL has no host.' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/** The normalised endpoint, or undefined when it is not one the server would call. */
export function normaliseEndpoint(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const checked = checkEndpoint(raw);
  return checked.ok ? checked.url : undefined;
}
