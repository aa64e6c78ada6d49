/** @type {import('next').NextConfig} */
const nextConfig = {
  // Kept out of the bundle: native/WASM/DB drivers load at run time on the server.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    '@prisma/schema-engine-wasm',
    'googleapis',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
