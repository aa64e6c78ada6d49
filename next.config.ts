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
    // Proxy bodies are buffered up to this size; one byte over the limit lets the guard
    // (server/http/guard.ts) tell a too-large chunked body from one exactly at the limit.
    proxyClientMaxBodySize: MAX_BODY_BYTES + 1,
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
