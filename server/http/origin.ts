import { env } from '../env';

/**
 * Where the app lives, as its users reach it. CIRCLE_PUBLIC_URL when set; otherwise the
 * app is in local use and answers only to loopback names. Everything that needs "our
 * origin" (the Host check, CSRF, links in exported documents, the OAuth redirect, cookie
 * Secure) asks this module rather than the request, whose headers the client controls.
 */

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The configured public origin (scheme://host[:port]), or undefined in local use. */
export function configuredPublicOrigin(): string | undefined {
  const url = env().CIRCLE_PUBLIC_URL;
  return url ? new URL(url).origin : undefined;
}

/** The hostname of a Host header value (`example.com:3000` → `example.com`, `[::1]:3000` → `[::1]`), lower case. */
export function hostnameOf(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  if (!value || /[\s/@?#\\]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    // Anything that does not round-trip (userinfo tricks, junk) is no hostname of ours.
    if (url.host !== value && url.host !== value.replace(/:80$/, '')) return undefined;
    return url.hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname);
}

/**
 * Whether a request's Host header names this app: the public URL's hostname, or in local
 * use one of the loopback names. A DNS-rebinding page reaches us with its own hostname and
 * is refused here.
 */
export function isAllowedHost(hostHeader: string | null | undefined): boolean {
  if (!hostHeader) return false;
  const hostname = hostnameOf(hostHeader);
  if (!hostname) return false;
  const publicOrigin = configuredPublicOrigin();
  if (publicOrigin) return hostname === new URL(publicOrigin).hostname.replace(/\.$/, '');
  return isLoopbackHostname(hostname);
}

/**
 * Whether an Origin header is this app's own: exactly the public origin, or in local use a
 * loopback origin on the host the request was sent to.
 */
export function isOwnOrigin(origin: string, hostHeader: string | null | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes Origin: null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const publicOrigin = configuredPublicOrigin();
  if (publicOrigin) return url.origin === publicOrigin;
  return isLoopbackHostname(url.hostname) && !!hostHeader && url.host === hostHeader.trim().toLowerCase();
}

/**
 * The origin links and redirects are built from: CIRCLE_PUBLIC_URL, or in local use the
 * loopback host the request came in on (already checked by the guard) or localhost:PORT.
 */
export function appOrigin(request?: Request): string {
  const publicOrigin = configuredPublicOrigin();
  if (publicOrigin) return publicOrigin;
  const host = request?.headers.get('host');
  if (host && isAllowedHost(host)) return `http://${host.trim().toLowerCase()}`;
  return `http://localhost:${env().PORT}`;
}

/** Cookies the app sets carry Secure when users reach it over https. */
export function cookiesSecure(): boolean {
  return configuredPublicOrigin()?.startsWith('https:') ?? false;
}
