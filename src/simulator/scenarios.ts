// Named scenarios: a cluster's starting point plus a timeline of what happens to it.

import { createHash } from 'node:crypto';
import type { UpgradeFault } from './operation.js';
import type { FaultSpec } from './faults.js';
import type { FirmwareSetup } from './firmware.js';
import type { ApiShape, HistoryRecord, PlannedCheck } from './model.js';

export type ScriptAction =
  | { action: 'validate'; version: string; show_validation_details?: boolean }
  | {
    action: 'update'; version: string; skip_warnings?: boolean;
    /** PATCH options of later releases (nodes_to_update 9.9+, stabilize_minutes 9.8+, skip_nodes_at_target_version 9.15.1+). */
    nodes_to_update?: string[]; stabilize_minutes?: number; skip_nodes_at_target_version?: boolean; show_validation_details?: boolean;
  }
  | { action: 'pause' } | { action: 'resume' } | { action: 'cancel' }
  | { action: 'download'; url: string; outcome?: 'success' | 'failure'; seconds?: number }
  | { action: 'delete-package'; version: string }
  | { action: 'fault'; fault: FaultSpec }
  | { action: 'upgrade-fault'; fault: UpgradeFault }
  | { action: 'clear-faults' };

/** `at`: seconds of simulated time after the fleet starts. */
export type TimelineEvent = ScriptAction & { at: number };

export interface ClusterSetup {
  name: string;
  nodes: number;
  version: string;
  shape: ApiShape;
  metrocluster: boolean;
  packages: string[];
  checks: PlannedCheck[];
  /**
   * Failed post-update checks the next update reports when it ends (none: they pass). A cluster
   * that starts idle after a past update reports them from that update too.
   */
  postChecks?: PlannedCheck[];
  /** Past upgrades: [from, to, days ago]. */
  pastUpdates: Array<[string, string, number]>;
  timeline: TimelineEvent[];
  /** A never-upgraded cluster reports no state; one upgraded before reports `completed`. */
  idleState: 'completed' | undefined;
  /** Firmware faults and automatic updates (firmware.ts); defaults when absent. */
  firmware?: FirmwareSetup;
}

export const BASE_VERSION = '9.14.1';
export const TARGET_VERSION = '9.15.1';

export const MANUAL_CHECK: PlannedCheck = {
  update_check: 'Manual checks', status: 'warning',
  issue: { message: 'Manual validation checks need to be performed. Refer to the Upgrade Advisor Plan for the remaining validation checks that need to be performed before update.', code: 10551301 },
  action: { message: 'Refer to the Upgrade Advisor Plan for the remaining validation checks that need to be performed before update.', code: 10551302 },
};
const NFS_CHECK: PlannedCheck = {
  update_check: 'NFS mounts', status: 'warning',
  issue: { message: 'Use NFS hard mounts, if possible.', code: 166 },
  action: { message: 'Use NFS hard mounts, if possible.', code: 166 },
};
const HA_CHECK: PlannedCheck = {
  update_check: 'High Availability status', status: 'error',
  issue: { message: 'Cluster HA is not configured in the cluster. Storage failover is not enabled on node "node1", "node2".', code: 10551310 },
  action: { message: 'Check cluster HA configuration. Check storage failover status.', code: 10551311 },
};
const AGGR_CHECK: PlannedCheck = {
  update_check: 'Aggregate status', status: 'error',
  issue: { message: 'Aggregate "aggr1" is not online.', code: 10551312 },
  action: { message: 'Bring all aggregates online before the update.', code: 10551313 },
};

/** Real check names (ONTAP's post-update checks): an aggregate left offline after giveback. */
const AGGR_POST_CHECK: PlannedCheck = {
  update_check: 'Aggregate Health Status', status: 'error',
  issue: { message: 'Aggregate "aggr1_node2" is offline.' },
  action: { message: 'Bring aggregate "aggr1_node2" online: storage aggregate online -aggregate aggr1_node2.' },
};
const HA_POST_CHECK: PlannedCheck = {
  update_check: 'HA Health Status', status: 'warning',
  issue: { message: 'Storage failover is not enabled on node "node2".' },
  action: { message: 'Enable storage failover: storage failover modify -node node2 -enabled true.' },
};

const base = (name: string, nodes = 2): ClusterSetup => ({
  name, nodes, version: BASE_VERSION, shape: '9.16', metrocluster: false,
  packages: [BASE_VERSION, TARGET_VERSION], checks: [MANUAL_CHECK],
  pastUpdates: [['9.13.1', BASE_VERSION, 30]], timeline: [], idleState: 'completed',
});

const update = (at = 0): TimelineEvent => ({ at, action: 'update', version: TARGET_VERSION, skip_warnings: true });

export const SCENARIOS: Record<string, (name: string) => ClusterSetup> = {
  idle: (n) => base(n),
  'validation-warnings': (n) => ({ ...base(n), checks: [MANUAL_CHECK, NFS_CHECK], timeline: [{ at: 0, action: 'validate', version: TARGET_VERSION }] }),
  'validation-errors': (n) => ({ ...base(n), checks: [MANUAL_CHECK, HA_CHECK, AGGR_CHECK], timeline: [{ at: 0, action: 'validate', version: TARGET_VERSION }] }),
  'upgrade-2node': (n) => ({ ...base(n, 2), timeline: [update()] }),
  'upgrade-4node': (n) => ({ ...base(n, 4), timeline: [update()] }),
  'upgrade-8node': (n) => ({ ...base(n, 8), timeline: [update()] }),
  metrocluster: (n) => ({ ...base(n, 4), metrocluster: true, timeline: [update()] }),
  'paused-on-error': (n) => ({
    ...base(n, 4),
    timeline: [{ at: 0, action: 'upgrade-fault', fault: { step: 'giveback', node: 1, outcome: 'paused_on_error', message: 'Giveback of aggregates to node failed: partner not ready.' } }, update()],
  }),
  'paused-by-user': (n) => ({ ...base(n, 4), timeline: [update(), { at: 1500, action: 'pause' }] }),
  failed: (n) => ({
    ...base(n, 2),
    timeline: [{ at: 0, action: 'upgrade-fault', fault: { step: 'reboot', node: 0, outcome: 'failed', message: 'Node failed to boot the new software image.' } }, update()],
  }),
  canceled: (n) => ({ ...base(n, 4), timeline: [update(), { at: 2000, action: 'cancel' }] }),
  'download-running': (n) => ({ ...base(n), timeline: [{ at: 0, action: 'download', url: 'https://images.example.com/ontap/9.16.1_q_image.tgz', seconds: 3000 }] }),
  'download-failed': (n) => ({ ...base(n), timeline: [{ at: 0, action: 'download', url: 'https://images.example.com/ontap/9.16.1_q_image.tgz', outcome: 'failure', seconds: 300 }] }),
  'many-packages': (n) => ({
    ...base(n),
    packages: Array.from({ length: 40 }, (_, i) => `9.${8 + Math.floor(i / 4)}.${(i % 4) + 1}`).concat([BASE_VERSION, TARGET_VERSION])
      .filter((v, i, a) => a.indexOf(v) === i),
  }),
  // Idle after an update whose post-update checks failed (the demo shows it at once).
  'post-update-check-failed': (n) => ({ ...base(n, 4), postChecks: [AGGR_POST_CHECK, HA_POST_CHECK] }),
  // The checks pass until an update ends with them failing.
  'upgrade-post-check-failed': (n) => ({ ...base(n, 2), postChecks: [AGGR_POST_CHECK], idleState: undefined, timeline: [update()] }),
  // Firmware (issue 18): a disk firmware package downloaded, then updated on every node (2 simulated minutes);
  // the failed one also fails an SP/BMC update on node 02 (and a shelf automatic update).
  'firmware-update': (n) => ({ ...base(n), timeline: [{ at: 0, action: 'download', url: 'https://images.example.com/firmware/all_disk_fw.zip', seconds: 30 }] }),
  'firmware-update-failed': (n) => ({
    ...base(n), firmware: { failNode: 1, autoUpdates: [{ content_type: 'disk_fw', state: 'applied', daysAgo: 20 }, { content_type: 'shelf_fw', state: 'failed', daysAgo: 1 }] },
    timeline: [
      { at: 0, action: 'download', url: 'https://images.example.com/firmware/all_disk_fw.zip', seconds: 30 },
      // SP/BMC firmware: fails on node 02 after a minute, runs half an hour on node 01.
      { at: 60, action: 'download', url: 'https://images.example.com/firmware/306-02765_A0_SP_3.17_SPFW.zip', seconds: 30 },
    ],
  }),
  'fresh-9.6': (n) => ({ ...base(n), version: '9.6.0', shape: '9.6', packages: ['9.6.0'], pastUpdates: [], idleState: undefined }),
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** Deterministic uuids so names and uuids stay the same across restarts. */
export function uuidFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function pastHistory(setup: ClusterSetup, nodeNames: string[], now: number): HistoryRecord[] {
  return setup.pastUpdates.flatMap(([from, to, daysAgo]) => {
    const start = now - daysAgo * 86_400_000;
    return nodeNames.map((name, i) => ({
      node: { name, uuid: uuidFor(`${setup.name}/${name}`) }, from_version: from, to_version: to,
      start_time: start, end_time: start + (i + 1) * 2_400_000 + 900_000, state: 'successful' as const,
    }));
  });
}
