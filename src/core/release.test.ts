import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareReleases, compareReleaseStrings, familyOf, findRelease, formatRelease, parseRelease, type ReleaseNumber } from './release.js';

// input, strict reading, lenient reading: each as the canonical release (formatRelease) and the
// text it keeps, or undefined for "not a release".
type Reading = [canonical: string, text: string] | undefined;
const TABLE: Array<[input: string, strict: Reading, lenient: Reading]> = [
  ['9.14.1P3D2', ['9.14.1P3D2', '9.14.1P3D2'], ['9.14.1P3D2', '9.14.1P3D2']],
  ['9.8X', undefined, undefined], // an engineering build: no place in the order
  ['9.14.1X', undefined, undefined],
  ['ONTAP 9.14.1', undefined, ['9.14.1', '9.14.1']],
  ['9.13.1RC1', ['9.13.1RC1', '9.13.1RC1'], ['9.13.1RC1', '9.13.1RC1']],
  ['10.0', ['10.0.0', '10.0'], ['10.0.0', '10.0']],
  ['9.7', ['9.7.0', '9.7'], ['9.7.0', '9.7']],
  ['9.7.0', ['9.7.0', '9.7.0'], ['9.7.0', '9.7.0']],
  ['9.7P5', ['9.7.0P5', '9.7P5'], ['9.7.0P5', '9.7P5']],
  ['9.14.1p3', ['9.14.1P3', '9.14.1p3'], ['9.14.1P3', '9.14.1p3']],
  ['NetApp Release 9.16.1: Mon Jan 01 00:00:00 UTC 2024', ['9.16.1', '9.16.1'], ['9.16.1', '9.16.1']],
  ['NetApp Release 9.7P5: Tue Jun 02 13:33:41 UTC 2020', ['9.7.0P5', '9.7P5'], ['9.7.0P5', '9.7P5']],
  ['NetApp Release 9.14.1P3', ['9.14.1P3', '9.14.1P3'], ['9.14.1P3', '9.14.1P3']],
  ['NetApp Release 9.8X: Mon Jan 01 00:00:00 UTC 2024', undefined, undefined],
  ['9.14.1: built Monday', undefined, ['9.14.1', '9.14.1']], // a ":" tail only after the banner
  ['9.16.1 ', ['9.16.1', '9.16.1'], ['9.16.1', '9.16.1']],
  [' 9.16.1\n', ['9.16.1', '9.16.1'], ['9.16.1', '9.16.1']],
  ['', undefined, undefined],
  ['   ', undefined, undefined],
  ['v9.1', undefined, undefined],
  ['ONTAP_9.14.1', undefined, undefined],
  ['ONTAP_X', undefined, undefined],
  ['latest', undefined, undefined],
  ['9', undefined, undefined],
  ['9.16.1P', undefined, undefined],
  ['9.14.1RC1P2', undefined, undefined],
  ['9.14.1.2', undefined, undefined],
  ['9.14.1 P3', undefined, ['9.14.1', '9.14.1']],
  ['running ONTAP 9.14.1.', undefined, ['9.14.1', '9.14.1']],
  ['from 9.13.1P17 to 9.14.1', undefined, ['9.13.1P17', '9.13.1P17']],
  ['(9.15.1RC2)', undefined, ['9.15.1RC2', '9.15.1RC2']],
  ['999.999.999P999D999', ['999.999.999P999D999', '999.999.999P999D999'], ['999.999.999P999D999', '999.999.999P999D999']],
  ['9.1000.1', undefined, undefined],
  ['9.14.1P1000', undefined, undefined],
  ['12345678901234567890.1', undefined, undefined],
  ['9.007.1', ['9.7.1', '9.007.1'], ['9.7.1', '9.007.1']],
];

const reading = (r: ReturnType<typeof parseRelease>): Reading => (r === undefined ? undefined : [formatRelease(r), r.text]);

describe('ONTAP release strings, read strictly and leniently', () => {
  it.each(TABLE)('%j', (input, strict, lenient) => {
    expect(reading(parseRelease(input)), 'strict').toEqual(strict);
    expect(reading(findRelease(input)), 'lenient').toEqual(lenient);
  });

  it('names the numbers as GET /api/cluster does: 9.14.1 is generation 9, major 14, minor 1', () => {
    expect(parseRelease('9.14.1P3D2')).toEqual({ generation: 9, major: 14, minor: 1, patch: 3, d: 2, text: '9.14.1P3D2' });
    expect(parseRelease('10.0')).toEqual({ generation: 10, major: 0, minor: 0, patch: 0, d: 0, text: '10.0' });
    expect(parseRelease('9.13.1RC1')).toEqual({ generation: 9, major: 13, minor: 1, rc: 1, patch: 0, d: 0, text: '9.13.1RC1' });
    expect(familyOf(parseRelease('9.13.1P17')!)).toBe('9.13.1');
  });

  it('reads nothing from nothing', () => {
    expect(parseRelease(undefined)).toBeUndefined();
    expect(findRelease(undefined)).toBeUndefined();
  });
});

describe('ONTAP release order', () => {
  it('orders releases, RCs, patches and D builds as ONTAP numbers them', () => {
    const ordered = ['9.6', '9.7.0', '9.9.1P20', '9.10.1', '9.13.1P17', '9.14.1RC1', '9.14.1RC2', '9.14.1', '9.14.1P1', '9.14.1P1D2', '9.14.1P2', '9.16.1', '10.0', '10.0.1'];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareReleaseStrings(ordered[i] as string, ordered[i + 1] as string), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareReleaseStrings(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
    }
    // Numeric, not lexical: 9.10 is after 9.9, P17 after P2.
    expect(compareReleaseStrings('9.10.1', '9.9.1')).toBe(1);
    expect(compareReleaseStrings('9.13.1P17', '9.13.1P2')).toBe(1);
  });

  it('treats spellings of one release as equal', () => {
    expect(compareReleaseStrings('9.6', '9.6.0')).toBe(0);
    expect(compareReleaseStrings('10.0', '10.0.0')).toBe(0);
    expect(compareReleaseStrings('9.14.1p3', '9.14.1P3')).toBe(0);
    expect(compareReleaseStrings('NetApp Release 9.14.1P3: Mon Jan 01 00:00:00 UTC 2024', '9.14.1P3')).toBe(0);
  });

  it('refuses what is not a release instead of guessing', () => {
    for (const bad of ['', 'ONTAP_X', '9', '9.14.1X', '9.8X', 'latest', '9.14.1 P3', 'v9.14.1', 'ONTAP 9.14.1', '9.16.1P']) {
      expect(parseRelease(bad), bad).toBeUndefined();
      expect(compareReleaseStrings(bad, '9.14.1'), bad).toBeUndefined();
      expect(compareReleaseStrings('9.14.1', bad), bad).toBeUndefined();
    }
  });

  const release: fc.Arbitrary<ReleaseNumber> = fc.record({
    generation: fc.integer({ min: 8, max: 12 }), major: fc.integer({ min: 0, max: 20 }), minor: fc.integer({ min: 0, max: 3 }),
    rc: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), patch: fc.integer({ min: 0, max: 25 }), d: fc.integer({ min: 0, max: 3 }),
  }).map(({ rc, ...v }) => (rc === undefined ? v : { ...v, rc, patch: 0 }));

  it('property: formatting and both readings round-trip', () => {
    fc.assert(fc.property(release, (v) => {
      const text = formatRelease(v);
      const back = parseRelease(text);
      expect(back && compareReleases(back, v)).toBe(0);
      expect(back?.text).toBe(text);
      expect(findRelease(`NetApp Release ${text}: Mon Jan 01 00:00:00 UTC 2024`)).toEqual(back);
      expect(parseRelease(`NetApp Release ${text}: Mon Jan 01 00:00:00 UTC 2024`)).toEqual(back);
    }));
  });

  it('property: whatever the strict reading accepts, the lenient one reads the same', () => {
    fc.assert(fc.property(fc.oneof(release.map(formatRelease), fc.string({ unit: fc.constantFrom(...Array.from('0123456789.PpRCDX :')) })), (s) => {
      const strict = parseRelease(s);
      if (strict !== undefined) expect(findRelease(s)).toEqual(strict);
    }));
  });

  it('property: a total order (antisymmetric, transitive, consistent with equality)', () => {
    fc.assert(fc.property(release, release, release, (a, b, c) => {
      expect(compareReleases(a, b)).toBe(-compareReleases(b, a) || 0);
      if (compareReleases(a, b) <= 0 && compareReleases(b, c) <= 0) expect(compareReleases(a, c)).toBeLessThanOrEqual(0);
      expect(compareReleases(a, b) === 0).toBe(formatRelease(a) === formatRelease(b));
    }));
  });

  it('property: a patch or D build is newer than its base, an RC older than its GA', () => {
    fc.assert(fc.property(release, fc.integer({ min: 1, max: 30 }), (v, k) => {
      const ga: ReleaseNumber = { generation: v.generation, major: v.major, minor: v.minor, patch: 0, d: 0 };
      expect(compareReleases({ ...ga, patch: k }, ga)).toBe(1);
      expect(compareReleases({ ...ga, patch: v.patch, d: v.d + 1 }, { ...ga, patch: v.patch, d: v.d })).toBe(1);
      expect(compareReleases({ ...ga, rc: k }, ga)).toBe(-1);
      // Any later minor release beats any patch of an earlier one.
      expect(compareReleases({ ...ga, minor: v.minor + 1 }, { ...ga, patch: k })).toBe(1);
    }));
  });
});
