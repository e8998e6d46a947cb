import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'graph-core/**/*.test.ts',
      'host/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'tests/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
