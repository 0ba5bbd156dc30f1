// The test tiers. `npm run test:unit` (vitest.unit.config.ts) runs every test file except these, in-process and
// without the real tools; `npm test` (vitest.config.ts) runs everything. test/tiers.test.ts keeps this list honest:
// a test file that starts a child process (directly or through a helper) must be listed here, and only those.

/** Test files that start child processes: prometheus, promtool, alertmanager, amtool, ansible, chromium,
 * openssl, systemd-analyze, jsonnet, npm, or the exporter/simulator CLI itself. */
export const PROCESS_TESTS = [
  'test/alerting-e2e.test.ts',
  'test/alerts.test.ts',
  'test/cli-flags.test.ts',
  'test/conformance-ansible.test.ts',
  'test/dashboards-e2e.test.ts',
  'test/deploy.test.ts',
  'test/exporter-http.test.ts',
  'test/ha-e2e.test.ts',
  'test/labels-gzip-layout.test.ts',
  'test/mixin.test.ts',
  'test/package.test.ts',
  'test/reliability-config.test.ts',
  'test/reliability-process.test.ts',
  'test/reload.test.ts',
  'test/setup.test.ts',
  'test/shard.test.ts',
  'test/simulator/fleet.test.ts',
  'test/status-page-browser.test.ts',
  'test/upgrade-inhibit-e2e.test.ts',
  'test/web-config.test.ts',
];

/** Where vitest finds tests: the test/ tree, and unit tests beside their module in src/. */
export const TEST_FILES = ['test/**/*.test.ts', 'src/**/*.test.ts'];
