import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOntapVersions, compareParsed, formatOntapVersion, parseOntapVersion, type OntapVersion } from '../src/core/release.js';

describe('ONTAP version comparison', () => {
  it('orders releases, RCs, patches and D builds as ONTAP numbers them', () => {
    const ordered = ['9.6', '9.7.0', '9.9.1P20', '9.10.1', '9.13.1P17', '9.14.1RC1', '9.14.1RC2', '9.14.1', '9.14.1P1', '9.14.1P1D2', '9.14.1P2', '9.16.1', '10.0.0'];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareOntapVersions(ordered[i] as string, ordered[i + 1] as string), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareOntapVersions(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
    }
    // Numeric, not lexical: 9.10 is after 9.9, P17 after P2.
    expect(compareOntapVersions('9.10.1', '9.9.1')).toBe(1);
    expect(compareOntapVersions('9.13.1P17', '9.13.1P2')).toBe(1);
  });

  it('treats spellings of one release as equal', () => {
    expect(compareOntapVersions('9.6', '9.6.0')).toBe(0);
    expect(compareOntapVersions('9.14.1p3', '9.14.1P3')).toBe(0);
    expect(compareOntapVersions('NetApp Release 9.14.1P3: Mon Jan 01 00:00:00 UTC 2024', '9.14.1P3')).toBe(0);
  });

  it('refuses what is not a release instead of guessing', () => {
    for (const bad of ['', 'ONTAP_X', '9', '9.14.1X', 'latest', '9.14.1 P3', 'v9.14.1']) {
      expect(parseOntapVersion(bad), bad).toBeUndefined();
      expect(compareOntapVersions(bad, '9.14.1')).toBeUndefined();
    }
  });

  const version: fc.Arbitrary<OntapVersion> = fc.record({
    major: fc.integer({ min: 8, max: 12 }), minor: fc.integer({ min: 0, max: 20 }), micro: fc.integer({ min: 0, max: 3 }),
    rc: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), patch: fc.integer({ min: 0, max: 25 }), d: fc.integer({ min: 0, max: 3 }),
  }).map((v) => (v.rc === undefined ? { ...v, rc: undefined } : { ...v, patch: 0 }))
    .map(({ rc, ...v }) => (rc === undefined ? v : { ...v, rc }));

  it('property: formatting and parsing round-trip', () => {
    fc.assert(fc.property(version, (v) => {
      const back = parseOntapVersion(formatOntapVersion(v));
      expect(back && compareParsed(back, v)).toBe(0);
      expect(formatOntapVersion(back as OntapVersion)).toBe(formatOntapVersion(v));
    }));
  });

  it('property: a total order (antisymmetric, transitive, consistent with equality)', () => {
    fc.assert(fc.property(version, version, version, (a, b, c) => {
      expect(compareParsed(a, b)).toBe(-compareParsed(b, a) || 0);
      if (compareParsed(a, b) <= 0 && compareParsed(b, c) <= 0) expect(compareParsed(a, c)).toBeLessThanOrEqual(0);
      expect(compareParsed(a, b) === 0).toBe(formatOntapVersion(a) === formatOntapVersion(b));
    }));
  });

  it('property: a patch or D build is newer than its base, an RC older than its GA', () => {
    fc.assert(fc.property(version, fc.integer({ min: 1, max: 30 }), (v, k) => {
      const ga: OntapVersion = { major: v.major, minor: v.minor, micro: v.micro, patch: 0, d: 0 };
      expect(compareParsed({ ...ga, patch: k }, ga)).toBe(1);
      expect(compareParsed({ ...ga, patch: v.patch, d: v.d + 1 }, { ...ga, patch: v.patch, d: v.d })).toBe(1);
      expect(compareParsed({ ...ga, rc: k }, ga)).toBe(-1);
      // Any later micro release beats any patch of an earlier one.
      expect(compareParsed({ ...ga, micro: v.micro + 1 }, { ...ga, patch: k })).toBe(1);
    }));
  });
});
