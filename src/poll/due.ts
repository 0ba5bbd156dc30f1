// Which endpoints a poll reads. Most are read every poll; identity (GET /api/cluster)
// changes rarely, so it is read at start, then every IDENTITY_INTERVAL_SECONDS, or on
// the next poll after /cluster/software reports a release other than the one read
// there (an update finished, or the address now reaches another cluster).

import { ENDPOINTS, FIRMWARE_ENDPOINTS, type Endpoint, type FirmwareEndpoint } from '../core/endpoints.js';
import { compareReleases, familyOf, findRelease, parseRelease, type Release } from '../core/release.js';
import { knownRelease } from './query.js';
import { isBusy, type ClusterSnapshot } from './snapshot.js';

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

/**
 * Firmware (issue 18) changes a few times a year, and a failed firmware update is a ticket, not a
 * page: every 30 minutes is soon enough and keeps these five GETs (disks: one record per disk) off
 * most polls. While an update or a download moves (firmware packages come through the same
 * download), every 5 minutes, so an update's firmware outcome shows while someone is watching.
 */
export const FIRMWARE_INTERVAL_SECONDS = 1800;
export const FIRMWARE_BUSY_INTERVAL_SECONDS = 300;

/** The first release whose REST API has each firmware endpoint (with the fields its collector asks). */
const FIRMWARE_SINCE: Record<FirmwareEndpoint, Release> = {
  firmware_history: parseRelease('9.8.0') as Release, // "Introduced In: 9.8"
  sp: parseRelease('9.6.0') as Release, // /cluster/nodes: 9.6; 9.10-only fields are asked from 9.10.1 (collectors/sp.ts)
  shelves: parseRelease('9.8.0') as Release, // frus[] (module firmware) in the 9.8 schema
  disks: parseRelease('9.6.0') as Release,
  auto_updates: parseRelease('9.10.1') as Release, // "Introduced In: 9.10"
};

/** Whether the cluster's release has the endpoint; false while the release is unknown (never ask what may not exist). */
export function releaseHas(snap: ClusterSnapshot, e: FirmwareEndpoint): boolean {
  const r = knownRelease(snap);
  return r !== undefined && compareReleases(r, FIRMWARE_SINCE[e]) >= 0;
}

/** How soon SP/BMC data is read again once the cluster's nodes are not those it holds (at most once a minute). */
const NODES_CHANGED_RECHECK_SECONDS = 60;

/** The nodes /cluster/software lists are not those of the SP/BMC data (a node joined, left or was renamed). */
function spNodesChanged(snap: ClusterSnapshot): boolean {
  const sw = snap.endpoints.software.data?.nodes;
  const sp = snap.endpoints.sp.data?.nodes;
  if (sw === undefined || sp === undefined) return false;
  const names = new Set(sp.map((n) => n.node));
  return sw.length !== sp.length || sw.some((n) => !names.has(n.name));
}

function firmwareDue(e: FirmwareEndpoint) {
  return (snap: ClusterSnapshot, now: number): boolean => {
    if (!releaseHas(snap, e)) return false;
    const st = snap.endpoints[e];
    const asked = Math.max(st.lastSuccess ?? -Infinity, st.lastError?.at ?? -Infinity);
    // Per-node rows of nodes that left must not wait half an hour to go (no stale series).
    if (e === 'sp' && now - asked >= NODES_CHANGED_RECHECK_SECONDS && spNodesChanged(snap)) return true;
    return now - asked >= (isBusy(snap) ? FIRMWARE_BUSY_INTERVAL_SECONDS : FIRMWARE_INTERVAL_SECONDS);
  };
}

const RULES: Partial<Record<Endpoint, (snap: ClusterSnapshot, now: number) => boolean>> = {
  cluster: identityDue,
  ...Object.fromEntries(FIRMWARE_ENDPOINTS.map((e) => [e, firmwareDue(e)])),
};

/** The endpoints this poll reads (`now` in Unix seconds). */
export function dueEndpoints(snap: ClusterSnapshot, now: number): Endpoint[] {
  return ENDPOINTS.filter((e) => RULES[e]?.(snap, now) ?? true);
}

/** Whether an endpoint is read on every poll (no rule of its own). */
export function everyPoll(e: Endpoint): boolean {
  return RULES[e] === undefined;
}
