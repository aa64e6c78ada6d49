import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start their own servers and databases on free ports; two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
