import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboards: a static bundle in `web/dist/`, served at the root of the local gateway and
 * uploaded by infra's web stack. The API is on the same origin, so no proxy and no CORS.
 * The business time zone is baked in at build time from ATES_TIMEZONE, the variable the
 * functions read (no API exposes it); UTC when unset, as in the functions.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  define: {
    __ATES_TIMEZONE__: JSON.stringify(process.env.ATES_TIMEZONE || 'UTC'),
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 200,
  },
  logLevel: 'warn',
});
