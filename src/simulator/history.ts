// /cluster/software/history: one record per node an update acted on, written
// when the update completes or is canceled.

import type { ClusterModel, HistoryRecord, HistoryState } from './model.js';
import type { UpdateOp } from './operation.js';

/** The records an update ending at `now` leaves; `state` says how it ended for node i. */
export function historyRecords(m: ClusterModel, op: UpdateOp, now: number, state: (i: number) => HistoryState): HistoryRecord[] {
  return m.nodes.flatMap((n, i) => (op.nodes.includes(i)
    ? [{
      node: { name: n.name, uuid: n.uuid }, from_version: op.fromVersions[i] ?? n.version, to_version: op.version,
      start_time: op.startedAt, end_time: now, state: state(i),
    }]
    : []));
}
