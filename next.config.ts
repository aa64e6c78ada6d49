import type { NextConfig } from 'next';
import { parseEnv } from './server/env';

// Fails the build (and `next start`) on a malformed environment variable.
parseEnv();

const isDev = process.env.NODE_ENV !== 'production';

/**
 * Model output is untrusted. Beyond rendering Markdown without raw HTML, the
 * CSP makes sure nothing on a page loads from or talks to another host:
 * images only from this origin (remote ones open in a new tab on click),
 * no plugins, no framing. Next needs inline scripts for hydration.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${isDev ? ' ws:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const nextConfig: NextConfig = {
  // Kept out of the bundle: native/WASM/DB drivers load at run time on the server.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    '@prisma/schema-engine-wasm',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default nextConfig;
