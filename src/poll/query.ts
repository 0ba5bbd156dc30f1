// Which query a poll sends an endpoint whose fields depend on the cluster's release
// (collector.queryFor): asking a release for a field it does not know fails the request.
//
// The release is the lower of the two the cluster last reported (/cluster/software's version and
// /api/cluster's): they agree outside an update, and the lower is the safe one when the address
// now reaches another, older cluster. Unknown (the first poll, or neither readable): the poll
// reads /api/cluster first when it is due and asks with its answer; when identity fails too, the
// query every release knows (the newer fields follow on the next poll).

import { COLLECTORS } from '../collectors/index.js';
import type { Endpoint } from '../core/endpoints.js';
import { compareReleases, familyOf, findRelease, type Release } from '../core/release.js';
import type { PollError } from '../ontap/poll-error.js';
import type { ClusterSnapshot, PollOutcome } from './snapshot.js';

/** The release fields are chosen by, from the snapshot; undefined when neither endpoint gave one. */
export function knownRelease(snap: ClusterSnapshot): Release | undefined {
  const sw = findRelease(snap.endpoints.software.data?.version);
  const id = findRelease(snap.endpoints.cluster.data?.version);
  if (sw === undefined || id === undefined) return sw ?? id;
  return compareReleases(sw, id) <= 0 ? sw : id;
}

/** Whether `endpoint` must wait for this poll's identity answer before it asks. */
export function waitsForIdentity(snap: ClusterSnapshot, endpoint: Endpoint, due: readonly Endpoint[]): boolean {
  return COLLECTORS[endpoint].queryFor !== undefined && endpoint !== 'cluster' && due.includes('cluster') && knownRelease(snap) === undefined;
}

/** The query to send; `identity` is this poll's /api/cluster outcome when the endpoint waited for it. */
export function queryOf(snap: ClusterSnapshot, endpoint: Endpoint, identity?: PollOutcome<'cluster'>): Record<string, string> {
  const c = COLLECTORS[endpoint];
  if (c.queryFor === undefined) return c.query;
  const fromIdentity = identity?.ok === true ? findRelease(identity.data.version) : undefined;
  const release = knownRelease(snap) ?? fromIdentity;
  // This release refused a field of the fuller query: the one every release knows, until it changes.
  if (release !== undefined && snap.fieldsRefused?.[endpoint] === familyOf(release)) return c.query;
  return c.queryFor(release);
}

/**
 * ONTAP answers 400 with code 262197 when `fields=` names a field the release does not know. Should
 * a release refuse a field its version says it has, the endpoint falls back to the query every
 * release knows for that release family (a failed poll or two, not every poll).
 */
export function noteRefused(snap: ClusterSnapshot, endpoint: Endpoint, e: PollError): void {
  const release = knownRelease(snap);
  if (e.reason !== 'http_4xx' || !/\b262197\b/.test(e.message) || release === undefined) return;
  (snap.fieldsRefused ??= {})[endpoint] = familyOf(release);
}
