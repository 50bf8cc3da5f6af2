import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { precompress } from './tools/vite/precompress.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
// `npx vite` proxies to the server wherever `PORT` / `HOST` put it (the server reads the same variables).
const apiTarget = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '3000'}`;

// One config for the console build (root: client/) and for vitest (root: the project).
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  // The server sends the .br / .gz written beside each file (server/http/precompressed.ts).
  plugins: [vue(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
    // Which chunks each page loads: the bundle-size test reads it (test/integration/console-served.test.ts).
    manifest: true,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  test: {
    root: projectRoot,
    include: ['{server,db,telephony,client,test}/**/*.test.ts'],
    // test/asterisk needs a real PBX: `npm run test:asterisk`, never CI.
    exclude: ['node_modules/**', 'dist/**', 'data/**', 'test/asterisk/**'],
    globalSetup: ['test/setup/global-postgres.ts'],
    // Both languages' messages for component tests (the console fetches English only when it is chosen).
    setupFiles: ['client/src/test/register-locales.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
