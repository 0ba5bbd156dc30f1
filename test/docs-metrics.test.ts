import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORTER_FAMILIES, FAMILIES } from '../src/metrics/catalog.js';
import { metricsReference } from '../src/metrics/reference.js';

const committed = readFileSync(new URL('../docs/metrics-reference.md', import.meta.url), 'utf8');

describe('docs/metrics-reference.md', () => {
  it('is what `npm run docs:metrics` generates from the families', () => {
    // On failure: run `npm run docs:metrics` and commit the file.
    expect(committed).toBe(metricsReference());
  });
  it('has one row per family the exporter serves, in the order it serves them', () => {
    const rows = [...committed.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...FAMILIES, ...EXPORTER_FAMILIES].map((f) => f.name));
  });
});
