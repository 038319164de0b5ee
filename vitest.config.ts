import { defineConfig } from 'vitest/config';

const serverTests = ['apps/server/src/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['packages/**/*.test.ts', 'apps/console/src/**/*.test.ts'] } },
      {
        test: {
          name: 'sqlite',
          include: serverTests,
          env: { TEST_DIALECT: 'sqlite' },
          testTimeout: 20_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'postgres',
          include: serverTests,
          env: { TEST_DIALECT: 'postgres' },
          testTimeout: 20_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
