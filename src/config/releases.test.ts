import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const base = 'clusters: [{ name: x, url: "https://x", username: u, password_env: P }]\n';
const load = (releases: string) => parseConfig(`${base}releases:\n${releases}`, 'exporter.yml', { P: 'p' });
const fails = (releases: string) => {
  try {
    load(releases);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loaded');
};

describe('releases: rows', () => {
  it('normalise the family and derive what is absent, marked derived', () => {
    const { releases } = load('  - { release: "9.8", general_availability: "2020-07-01", full_support_end: "2023-07-31", self_service_support_end: "2028-07-31" }\n');
    expect(releases).toEqual([{ release: '9.8.0', ga: '2020-07-01', fullEnd: '2023-07-31', limitedEnd: '2025-07-31', selfServiceEnd: '2028-07-31', derived: ['limitedEnd'], source: 'exporter.yml' }]);
    expect(parseConfig(base, 'exporter.yml', { P: 'p' }).releases).toEqual([]);
  });

  it('reject what would be a guess, naming the row and key', () => {
    const row = (over: string) => `  - { release: "9.14.1", general_availability: "2024-01-01", full_support_end: "2027-01-31"${over} }\n`;
    expect(fails('  - { release: 9.10, general_availability: "2021-01-01", full_support_end: "2024-01-31" }\n')).toMatch(/releases\[0\]\.release: write the release as a string, e\.g\. "9\.1"/);
    expect(fails(row('').replace('"9.14.1"', '"9.14.1P3"'))).toMatch(/releases\[0\]\.release: a release family \(9\.14\.1\), not 9\.14\.1P3/);
    expect(fails(row('').replace('"9.14.1"', '"9.8X"'))).toMatch(/releases\[0\]\.release: not an ONTAP release/);
    expect(fails(row('').replace('"2027-01-31"', '"2027-02-30"'))).toMatch(/releases\[0\]\.full_support_end: not a calendar date/);
    expect(fails(row(', limited_support_end: "2026-01-31"'))).toMatch(/releases\[0\]\.limited_support_end: 2026-01-31 is before full_support_end 2027-01-31/);
    expect(fails(row(', extended: "2030-01-01"'))).toMatch(/releases\[0\]: unknown key "extended"/);
    expect(fails(row('') + row('').replace('9.14.1', '9.14.1'))).toMatch(/releases\[1\]\.release: duplicate release 9\.14\.1/);
    expect(fails('  - { release: "9.14.1", full_support_end: "2027-01-31" }\n')).toMatch(/releases\[0\]\.general_availability/);
  });
});
