import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs (or names) the real tools the tests use: prometheus, promtool, alertmanager, amtool, ansible, chromium.
    globalSetup: ['test/setup/global.ts'],
    // Network tests start real servers on loopback; keep them bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
