// The full tier (`npm test`): every test, with the real tools. The fast tier is vitest.unit.config.ts.
import { defineConfig } from 'vitest/config';
import { TEST_FILES } from './test/tiers.js';

export default defineConfig({
  test: {
    include: TEST_FILES,
    // Installs (or names) the real tools the tests use: prometheus, promtool, alertmanager, amtool, ansible, chromium.
    globalSetup: ['test/setup/global.ts'],
    // Network tests start real servers on loopback; keep them bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
