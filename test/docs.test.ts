import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILY_NAMES } from '../src/metrics/catalog.js';
import { SCENARIO_NAMES } from '../src/simulator/scenarios.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const metricsReference = readFileSync(new URL('../docs/metrics-reference.md', import.meta.url), 'utf8');

describe('README stays in step with the code', () => {
  it('documents every metric family (in docs/metrics-reference.md)', () => {
    const missing = [...FAMILY_NAMES].filter((n) => !metricsReference.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
  it('names every simulator scenario', () => {
    expect(SCENARIO_NAMES.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });
  it('shows the two set-up commands first', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });
});
