// Release support on the status page: each cluster's support phase (from the same lookup as the
// metrics, at the page's `now`), the day it ends, a campaign target below the supported floor, and
// the fleet's count per phase.

import { compareReleases, parseRelease } from '../../core/release.js';
import { BUILTIN_SUPPORT, SUPPORT_STATES, phaseEnds, supportedFloor, type SupportState } from '../../core/support.js';
import { clusterSupport } from '../../metrics/support-samples.js';
import type { ClusterSnapshot } from '../../poll/snapshot.js';
import { esc } from './format.js';

export interface SupportCell {
  state: SupportState;
  /** The release family looked up, and the last day of its current phase. */
  release?: string;
  endsDay?: string;
  /** The end is derived from NetApp's policy, not from the source. */
  derived?: boolean;
  /** Set when the campaign target is below the oldest release in full or limited support: that floor. */
  targetBelowFloor?: string;
}

export function supportCell(s: ClusterSnapshot, now: number): SupportCell | undefined {
  if (s.lastPoll === undefined) return undefined;
  const { row, state } = clusterSupport(s, now);
  const table = s.support ?? BUILTIN_SUPPORT;
  const floor = supportedFloor(table, now);
  const target = parseRelease(s.target?.version);
  const floorRelease = parseRelease(floor);
  const below = target && floorRelease && compareReleases({ ...target, rc: undefined, patch: 0, d: 0 }, floorRelease) < 0;
  const cell: SupportCell = { state, ...(below ? { targetBelowFloor: floor } : {}) };
  if (!row || state === 'unsupported' || state === 'unknown') return row ? { ...cell, release: row.release } : cell;
  const key = state === 'full' ? 'fullEnd' : state === 'limited' ? 'limitedEnd' : 'selfServiceEnd';
  return { ...cell, release: row.release, endsDay: new Date((phaseEnds(row)[state] - 86_400) * 1000).toISOString().slice(0, 10), derived: (row.derived as readonly string[]).includes(key) };
}

/** Clusters per support phase (every phase listed, 0 when none). */
export function supportCounts(cells: Array<SupportCell | undefined>): Array<{ state: SupportState; count: number }> {
  return SUPPORT_STATES.map((state) => ({ state, count: cells.filter((c) => c?.state === state).length }));
}

const TEXT: Record<SupportState, string> = { full: 'full support', limited: 'limited support', self_service: 'self-service', unsupported: 'unsupported', unknown: 'support unknown' };

/**
 * Under the version, on one short line (a taller row pushes the fleet below the fold): the phase and
 * its last day, "~" and a tooltip when that day is derived from NetApp's policy.
 */
export function supportHtml(c: SupportCell | undefined): string {
  if (!c) return '';
  const bad = c.state === 'self_service' || c.state === 'unsupported';
  const until = c.endsDay ? ` to ${c.derived ? '~' : ''}${esc(c.endsDay)}` : '';
  const title = c.derived ? ' title="derived from NetApp\'s support policy, not from the source"' : '';
  return `<div class="${bad ? 'late' : 'muted'}" style="white-space:nowrap" data-support="${c.state}"${title}>${TEXT[c.state]}${until}</div>`;
}

/** Under the target: a target below the supported floor. */
export function floorHtml(c: SupportCell | undefined): string {
  return c?.targetBelowFloor ? `<div class="late">below the supported floor ${esc(c.targetBelowFloor)}</div>` : '';
}

/** The fleet's line: clusters per support phase (within the datacenter filter). */
export function fleetSupportHtml(counts: Array<{ state: SupportState; count: number }>): string {
  return `<p class="muted" id="support">Release support: ${counts.map((c) => `<span data-support="${c.state}">${TEXT[c.state]} ${c.count}</span>`).join(' · ')}</p>`;
}
