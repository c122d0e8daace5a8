// `npm run test:browser`: the browser end-to-end test only (needs Chromium and a built package).
// Kept out of vitest.config.ts so `npm test` stays Node-only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
