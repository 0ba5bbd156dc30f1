// ONTAP release support lifecycle: the built-in table and a pure lookup (no I/O, no clock).
//
// Source: endoflife.date, products/netapp-ontap.md (repository endoflife-date/endoflife.date,
// commit 626c409946a3, 2026-08-11): `releaseDate` (GA, itself marked "estimated" there) and `eol`
// (end of full support) of every 9.x.1 release from 9.9.1. NetApp's policy
// (https://mysupport.netapp.com/site/info/version-support): 3 years of full support, then 2 years of
// limited support, then 3 years of self-service support. The source gives neither of the last two:
// they are DERIVED here from its end of full support, +2 and +5 years, to the last day of that month
// (the source's full-support ends are all month ends), and marked `derived` so docs and the status
// page say so. 9.x.0 (cloud-only) and pre-9.9 releases are not in the source: they are unknown,
// never guessed; a user's `releases:` rows add or override any of them (src/config/releases.ts).
//
// A date is a day, inclusive: support ends at 24:00 UTC of that day (as target_deadline does);
// GA starts at 00:00 UTC of its day.

import { compareReleases, familyOf, parseRelease, type Release } from './release.js';

export const SUPPORT_STATES = ['full', 'limited', 'self_service', 'unsupported', 'unknown'] as const;
export type SupportState = (typeof SUPPORT_STATES)[number];

/** The three support phases with an end date, in order. */
export const SUPPORT_PHASES = ['full', 'limited', 'self_service'] as const;
export type SupportPhase = (typeof SUPPORT_PHASES)[number];

/** One release family's lifecycle: days as YYYY-MM-DD. */
export interface SupportRow {
  /** The release family, "9.14.1" (patch and D builds map to it). */
  release: string;
  ga: string;
  fullEnd: string;
  limitedEnd: string;
  selfServiceEnd: string;
  /** Fields derived from NetApp's policy rather than read from the source. */
  derived: ReadonlyArray<'limitedEnd' | 'selfServiceEnd'>;
  /** Where the row comes from: "endoflife.date" (built in) or the user's config file. */
  source: string;
}

/** Lookup by release family. */
export type SupportTable = ReadonlyMap<string, SupportRow>;

export const BUILTIN_SOURCE = 'endoflife.date products/netapp-ontap.md @626c409946a3 (2026-08-11)';

/** [release, GA (estimated by the source), end of full support], as the source has them. */
const SOURCE: ReadonlyArray<readonly [string, string, string]> = [
  ['9.19.1', '2026-07-01', '2029-07-30'],
  ['9.18.1', '2026-02-04', '2029-01-31'],
  ['9.17.1', '2026-01-15', '2028-09-30'],
  ['9.16.1', '2025-01-01', '2028-01-31'],
  ['9.15.1', '2024-05-01', '2027-07-31'],
  ['9.14.1', '2024-01-01', '2027-01-31'],
  ['9.13.1', '2023-06-01', '2026-06-30'],
  ['9.12.1', '2023-02-01', '2026-02-28'],
  ['9.11.1', '2022-07-01', '2025-07-31'],
  ['9.10.1', '2022-01-01', '2025-01-31'],
  ['9.9.1', '2021-06-01', '2024-06-30'],
];

/** The last day of the month `years` after `day`'s month: the policy's phase lengths, month-end to month-end. */
export function monthEndAfter(day: string, years: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(y + years, m, 0)).toISOString().slice(0, 10);
}

/** A row from a GA and an end of full support, the rest derived from the policy. */
export function derivedRow(release: string, ga: string, fullEnd: string, source: string): SupportRow {
  return { release, ga, fullEnd, limitedEnd: monthEndAfter(fullEnd, 2), selfServiceEnd: monthEndAfter(fullEnd, 5), derived: ['limitedEnd', 'selfServiceEnd'], source };
}

export const BUILTIN_SUPPORT: SupportTable = new Map(SOURCE.map(([r, ga, full]) => [r, derivedRow(r, ga, full, BUILTIN_SOURCE)]));

/** The built-in table with the user's rows added or replacing built-in ones (whole rows, by release family). */
export function mergeSupport(user: readonly SupportRow[], base: SupportTable = BUILTIN_SUPPORT): SupportTable {
  if (user.length === 0) return base;
  const out = new Map(base);
  for (const row of user) out.set(row.release, row);
  return out;
}

/** Unix seconds of 00:00 UTC of a day. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** Unix seconds when support ends: 24:00 UTC of the last day. */
export function dayEnd(day: string): number {
  return dayStart(day) + 86_400;
}

/** The row of a running release: "9.14.1P3D2" and "9.14.1RC1" are 9.14.1's. Undefined when not a release or not in the table. */
export function supportRowOf(table: SupportTable, version: string | undefined): SupportRow | undefined {
  const r = parseRelease(version);
  return r ? table.get(familyOf(r)) : undefined;
}

/** End (Unix seconds) of each phase of a row. */
export function phaseEnds(row: SupportRow): Record<SupportPhase, number> {
  return { full: dayEnd(row.fullEnd), limited: dayEnd(row.limitedEnd), self_service: dayEnd(row.selfServiceEnd) };
}

/** Where a row stands at `now` (Unix seconds); `unknown` without a row. */
export function supportStateAt(row: SupportRow | undefined, now: number): SupportState {
  if (!row) return 'unknown';
  const ends = phaseEnds(row);
  for (const phase of SUPPORT_PHASES) if (now < ends[phase]) return phase;
  return 'unsupported';
}

/**
 * The oldest release family still in full or limited support at `now`: a campaign target below it
 * leaves the cluster without software fixes. Undefined when the table has none.
 */
export function supportedFloor(table: SupportTable, now: number): string | undefined {
  let floor: Release | undefined;
  for (const row of table.values()) {
    const state = supportStateAt(row, now);
    const r = parseRelease(row.release);
    if (r && (state === 'full' || state === 'limited') && (!floor || compareReleases(r, floor) < 0)) floor = r;
  }
  return floor ? familyOf(floor) : undefined;
}
