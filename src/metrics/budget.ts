// The series budget's time rule: an update's phase and step rows (a dozen to fifty series a
// cluster) say nothing once the update completed and its history recorded it. They stay for
// ROWS_KEPT_SECONDS after the update's end (a dashboard still shows how it went), then go.
// docs/metrics.md "Series budget" has the whole budget.

import type { ClusterSnapshot } from '../poll/snapshot.js';

export const ROWS_KEPT_SECONDS = 3600;

/** Whether the phase and step rows of /cluster/software are exported for this snapshot. */
export function updateRowsShown(snap: ClusterSnapshot): boolean {
  const sw = snap.endpoints.software;
  if (sw.data?.state !== 'completed') return true;
  const now = sw.lastSuccess ?? 0;
  // The update's end: the latest end in the history (ONTAP's /cluster/software has none).
  let end: number | undefined;
  for (const r of snap.endpoints.history.data?.records ?? []) if (r.end !== undefined && (end === undefined || r.end > end)) end = r.end;
  return end !== undefined && now - end < ROWS_KEPT_SECONDS;
}

const HIDDEN = new WeakMap<object, object>();

/**
 * The store's cache key for the software part: the response data (same object while the body is
 * unchanged), or a stand-in for it once the rows are hidden, so the part re-renders when the hour
 * passes although the response did not change.
 */
export function updateRowsKey(snap: ClusterSnapshot): unknown {
  const d = snap.endpoints.software.data;
  if (!d || updateRowsShown(snap)) return d;
  let k = HIDDEN.get(d);
  if (!k) HIDDEN.set(d, (k = {}));
  return k;
}
