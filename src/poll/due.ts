// Which endpoints a poll reads. Most are read every poll; identity (GET /api/cluster)
// changes rarely, so it is read at start, then every IDENTITY_INTERVAL_SECONDS, or on
// the next poll after /cluster/software reports a release other than the one read
// there (an update finished, or the address now reaches another cluster).

import { ENDPOINTS, type Endpoint } from '../core/endpoints.js';
import { familyOf, findRelease } from '../core/release.js';
import type { ClusterSnapshot } from './snapshot.js';

export const IDENTITY_INTERVAL_SECONDS = 600;

function identityDue(snap: ClusterSnapshot, now: number): boolean {
  const st = snap.endpoints.cluster;
  if (!st.success || st.lastSuccess === undefined) return true; // at start, and until it answers
  // Also when the wall clock went back past the last read (a step): otherwise not for as long as the step.
  if (now - st.lastSuccess >= IDENTITY_INTERVAL_SECONDS || now < st.lastSuccess) return true;
  // Patch levels left out: one endpoint may spell 9.7P5 where the other says 9.7.0 (re-reading every poll would not help).
  const sw = findRelease(snap.endpoints.software.data?.version);
  const id = findRelease(st.data?.version);
  return sw !== undefined && id !== undefined && familyOf(sw) !== familyOf(id);
}

const RULES: Partial<Record<Endpoint, (snap: ClusterSnapshot, now: number) => boolean>> = { cluster: identityDue };

/** The endpoints this poll reads (`now` in Unix seconds). */
export function dueEndpoints(snap: ClusterSnapshot, now: number): Endpoint[] {
  return ENDPOINTS.filter((e) => RULES[e]?.(snap, now) ?? true);
}

/** Whether an endpoint is read on every poll (no rule of its own). */
export function everyPoll(e: Endpoint): boolean {
  return RULES[e] === undefined;
}
