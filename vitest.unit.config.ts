// The fast tier (`npm run test:unit`): every test that runs in-process, without the real tools and without the
// globalSetup that installs them. The rest (test/tiers.ts) runs in the full tier, `npm test`.
import { configDefaults, defineConfig } from 'vitest/config';
import { PROCESS_TESTS, TEST_FILES } from './test/tiers.js';

export default defineConfig({
  test: {
    include: TEST_FILES,
    exclude: [...configDefaults.exclude, ...PROCESS_TESTS],
    // Some tests still start servers on loopback; keep them bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
