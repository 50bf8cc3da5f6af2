import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:asterisk`: the suite against a real Asterisk (the lab PBX), never part of `npm test` or CI.
 * One file at a time: every scenario drives the same PBX queue and its two phones.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/asterisk/**/*.test.ts'],
    globalSetup: ['test/asterisk/lab-check.ts', 'test/setup/global-postgres.ts'],
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
