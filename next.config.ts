import type { NextConfig } from 'next';
import { parseEnv } from './server/env';
import { MAX_BODY_BYTES } from './server/http/limits';

// Fails the build (and `next start`) on a malformed environment variable.
parseEnv();

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
  experimental: {
    // Next buffers proxy request bodies up to this size and silently drops the rest, the chunk
    // that crosses it included. Twice the limit lets the guard (server/http/guard.ts) see that a
    // chunked body is over 1 MiB: a cut one is still near 2 MiB.
    proxyClientMaxBodySize: 2 * MAX_BODY_BYTES,
  },
  reactStrictMode: true,
  async headers() {
    return [
      {
        // The Content-Security-Policy, with its per-request nonce, is set by proxy.ts.
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default nextConfig;
