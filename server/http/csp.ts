/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (proxy.ts makes
 * it; Next reads it from the request's CSP header and puts it on its own scripts).
 *
 * Model output is untrusted. Beyond rendering Markdown without raw HTML, the policy makes
 * sure nothing on a page loads from or talks to another host: scripts only with this
 * response's nonce (and what they load, 'strict-dynamic'), images only from this origin
 * (remote ones open in a new tab on click), no plugins, no framing. Styles keep
 * 'unsafe-inline': charts and layout use style attributes, which a nonce cannot cover, and
 * styles cannot run code.
 */

/** 128 random bits, base64: what an attacker would have to guess. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV !== 'production'): string {
  return [
    "default-src 'self'",
    // React's dev build needs eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
