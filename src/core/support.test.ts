import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SUPPORT, dayEnd, derivedRow, mergeSupport, monthEndAfter, phaseEnds, supportRowOf, supportStateAt, supportedFloor,
} from './support.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const TODAY = at('2026-11-29T12:00:00Z');
const state = (v: string | undefined, now = TODAY) => supportStateAt(supportRowOf(BUILTIN_SUPPORT, v), now);

describe('release support table', () => {
  it('derives limited and self-service ends from the policy, month end to month end', () => {
    expect(monthEndAfter('2024-06-30', 2)).toBe('2026-06-30');
    expect(monthEndAfter('2026-02-28', 2)).toBe('2028-02-29'); // a leap year: the month's last day
    expect(monthEndAfter('2027-01-31', 5)).toBe('2032-01-31');
    const r = BUILTIN_SUPPORT.get('9.9.1');
    expect(r).toMatchObject({ ga: '2021-06-01', fullEnd: '2024-06-30', limitedEnd: '2026-06-30', selfServiceEnd: '2029-06-30', derived: ['limitedEnd', 'selfServiceEnd'] });
  });

  it('holds the source rows, newest 9.19.1, oldest 9.9.1, and no 9.x.0 or pre-9.9 release', () => {
    expect([...BUILTIN_SUPPORT.keys()]).toEqual(['9.19.1', '9.18.1', '9.17.1', '9.16.1', '9.15.1', '9.14.1', '9.13.1', '9.12.1', '9.11.1', '9.10.1', '9.9.1']);
    expect(BUILTIN_SUPPORT.get('9.18.1')?.fullEnd).toBe('2029-01-31');
  });

  it('maps patch, D builds, RCs and any case to their release family', () => {
    for (const v of ['9.14.1', '9.14.1P3', '9.14.1p3', '9.14.1P1D2', '9.14.1D1', '9.14.1RC1', ' 9.14.1P17 ', 'NetApp Release 9.14.1P3: Mon Jan 01']) {
      expect(supportRowOf(BUILTIN_SUPPORT, v)?.release, v).toBe('9.14.1');
    }
  });

  it('says unknown, never a guess, for what it does not know', () => {
    for (const v of [undefined, '', '9.8', '9.7P5', '9.12.0', '9.16.0P1', '9.8X', '9.16.1P', 'v9.14.1', '9.14.1.2', '10.0.1', 'ONTAP 9.14.1']) {
      expect(state(v), String(v)).toBe('unknown');
    }
  });

  it('places each release at today (2026-11-29)', () => {
    expect(state('9.9.1P20')).toBe('self_service'); // limited support ended 2026-06-30
    expect(state('9.13.1P5')).toBe('limited'); // full support ended 2026-06-30
    expect(state('9.14.1')).toBe('full');
    expect(state('9.19.1')).toBe('full');
  });

  it('turns at 24:00 UTC of the last day, not before', () => {
    const end = dayEnd('2026-06-30');
    expect(state('9.9.1', end - 1)).toBe('limited');
    expect(state('9.9.1', end)).toBe('self_service');
    expect(state('9.9.1', dayEnd('2029-06-30'))).toBe('unsupported');
    expect(phaseEnds(BUILTIN_SUPPORT.get('9.9.1')!).full).toBe(at('2024-07-01T00:00:00Z'));
  });

  it('user rows add and override whole rows without touching the built-in table', () => {
    const user = [derivedRow('9.8.0', '2020-07-01', '2023-07-31', 'my.yml'), { ...derivedRow('9.14.1', '2024-01-01', '2025-01-31', 'my.yml'), derived: [] }];
    const t = mergeSupport(user);
    expect(supportStateAt(supportRowOf(t, '9.8P21'), TODAY)).toBe('self_service'); // 9.8 is 9.8.0
    expect(supportStateAt(supportRowOf(t, '9.14.1P2'), TODAY)).toBe('limited');
    expect(state('9.14.1P2')).toBe('full');
    expect(mergeSupport([])).toBe(BUILTIN_SUPPORT);
  });

  it('the supported floor is the oldest release in full or limited support', () => {
    expect(supportedFloor(BUILTIN_SUPPORT, TODAY)).toBe('9.10.1');
    expect(supportedFloor(BUILTIN_SUPPORT, at('2031-01-01T00:00:00Z'))).toBe('9.18.1');
    expect(supportedFloor(new Map(), TODAY)).toBeUndefined();
  });
});
