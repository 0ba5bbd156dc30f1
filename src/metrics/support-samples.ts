// Release support series: the support phase of the release a cluster runs, and when that phase
// ends. "Now" is the snapshot's last poll (the injected clock's time), so the phase moves at the
// first poll after its last day without a reload; a release the table lacks is `unknown`.

import { findRelease } from '../core/release.js';
import { BUILTIN_SUPPORT, phaseEnds, supportRowOf, supportStateAt, type SupportRow, type SupportState } from '../core/support.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import { softwareReleaseSupportEndTimestampSeconds, softwareReleaseSupportState } from './catalog.js';
import type { Sample } from './family.js';

/** The release the cluster runs (its lowest node's, from /cluster/software; else /api/cluster's), its row and phase. */
export function clusterSupport(snap: ClusterSnapshot, now: number): { row?: SupportRow; state: SupportState } {
  const sw = snap.endpoints.software.data?.version;
  const version = findRelease(sw) !== undefined ? sw : snap.endpoints.cluster.data?.version;
  // Strict: a version ONTAP wrapped in text is read by findRelease, then looked up by its family.
  const row = supportRowOf(snap.support ?? BUILTIN_SUPPORT, findRelease(version)?.text);
  return { ...(row ? { row } : {}), state: supportStateAt(row, now) };
}

export function supportSamples(snap: ClusterSnapshot): Sample[] {
  if (snap.lastPoll === undefined) return [];
  const { row, state } = clusterSupport(snap, snap.lastPoll);
  // A state is one series (docs/metrics.md, series budget): the current phase only.
  const out = [softwareReleaseSupportState.sample({ state }, 1)];
  if (row && (state === 'full' || state === 'limited' || state === 'self_service')) {
    out.push(softwareReleaseSupportEndTimestampSeconds.sample({ version: row.release, phase: state }, phaseEnds(row)[state]));
  }
  return out;
}

/** Equal while the samples are: re-rendered when the phase, the release or its dates change. */
export function supportKey(snap: ClusterSnapshot): string {
  if (snap.lastPoll === undefined) return '';
  const { row, state } = clusterSupport(snap, snap.lastPoll);
  return row ? `${state} ${row.release} ${row.fullEnd} ${row.limitedEnd} ${row.selfServiceEnd}` : state;
}
