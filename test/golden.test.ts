// Golden files: ONTAP response JSON in (test/fixtures/golden/<case>/<endpoint>.json),
// exact exposition text out (expected.prom). UPDATE_GOLDEN=1 rewrites them for review.

import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFixture } from './helpers/golden.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'golden');
const cases = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'README')));

describe('golden: ONTAP JSON in, exposition out', () => {
  it('has the cases the standards ask for', () => {
    for (const c of ['ref-9.7-profile', 'ref-9.7-validation-failed', 'ref-9.7-update-in-progress', 'ref-9.7-pause-pending', 'ref-schema-examples', 'ontap-9.6', 'ontap-9.16-upgrade', 'missing-fields', 'unknown-enums', 'malformed-json', 'estimate-9.7', 'estimate-9.16', 'estimate-version-from-identity', 'campaign-behind-ready', 'campaign-patch-on-target', 'campaign-validation-errors', 'campaign-update-eta', 'campaign-no-target', 'post-update-9.8', 'post-update-9.9', 'post-update-9.16', 'links-only', 'phases-bare-ontap-updates', 'phases-ontap-updates', 'firmware-9.17', 'firmware-9.8-reference', 'firmware-9.6']) {
      expect(cases).toContain(c);
    }
  });
  for (const c of cases) {
    it(c, async () => {
      const { text } = await renderFixture(join(ROOT, c));
      const file = join(ROOT, c, 'expected.prom');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});
