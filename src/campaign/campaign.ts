// Where a cluster stands against its campaign target: on, behind or ahead of it; whether it is
// ready to be upgraded next; and, while it updates, when the update should end. Plain functions
// of the snapshot, so metrics and the status page say the same thing.

import type { HistoryRecord, SoftwareData } from '../core/endpoints.js';
import { normaliseEstimate } from '../core/estimate.js';
import { compareReleaseStrings, findRelease } from '../core/release.js';
import { ACTIVE_UPDATE_STATES, PAUSED_UPDATE_STATES } from '../core/states.js';
import type { ClusterConfig } from '../config/config.js';
import type { CampaignTarget, ClusterSnapshot } from '../poll/snapshot.js';

export const TARGET_STATES = ['on_target', 'behind', 'ahead'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export const READINESS_CHECKS = ['package_in_repository', 'validation_passed', 'no_update_running', 'nodes_on_one_version'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

export function targetOf(c: Pick<ClusterConfig, 'targetVersion' | 'targetDeadline'>): CampaignTarget | undefined {
  if (c.targetVersion === undefined) return undefined;
  return { version: c.targetVersion, ...(c.targetDeadline !== undefined ? { deadline: c.targetDeadline } : {}) };
}

export function targetState(version: string | undefined, target: string): TargetState | undefined {
  const c = version === undefined ? undefined : compareReleaseStrings(version, target);
  return c === undefined ? undefined : c < 0 ? 'behind' : c > 0 ? 'ahead' : 'on_target';
}

/** Nodes per target state (every state present, 0 when none). */
export function nodeTargetCounts(d: SoftwareData, target: string): Record<TargetState, number> {
  const counts: Record<TargetState, number> = { on_target: 0, behind: 0, ahead: 0 };
  for (const n of d.nodes) {
    const s = targetState(n.version, target);
    if (s) counts[s] += 1;
  }
  return counts;
}

export interface Readiness { checks: Record<ReadinessCheck, boolean>; ready: boolean }

/**
 * Ready to be upgraded to its target: behind it, the target's package in the repository, the
 * latest validation reported without errors, no update running, every node on one version.
 * ONTAP does not say which version its latest validation checked: it is taken to be the target
 * (the check needs the target's package, and a validation always names a package).
 * ONTAP lists at least the "Manual checks" warning after any validation, so no results at all
 * means nothing has been validated since the last update.
 */
export function readiness(snap: ClusterSnapshot): Readiness | undefined {
  const d = snap.endpoints.software.data;
  const target = snap.target?.version;
  if (!d || target === undefined) return undefined;
  const pkgs = snap.endpoints.packages.data?.packages ?? [];
  const versions = new Set(d.nodes.map((n) => n.version).filter((v) => v !== undefined));
  const checks: Record<ReadinessCheck, boolean> = {
    package_in_repository: pkgs.some((p) => compareReleaseStrings(p.version, target) === 0),
    validation_passed: d.validation.length > 0 && !d.validation.some((v) => v.status === 'error'),
    no_update_running: !(d.state !== undefined && ACTIVE_UPDATE_STATES.has(d.state)),
    nodes_on_one_version: versions.size <= 1,
  };
  const behind = targetState(d.version, target) === 'behind';
  return { checks, ready: behind && READINESS_CHECKS.every((c) => checks[c]) };
}

/**
 * Seconds per node the cluster's last update took: the latest update's history records (same
 * target, started within a day of the latest), first start to last end, over its nodes. This
 * holds whether ONTAP stamps each node's record with the update's start or the node's own.
 */
export function historySecondsPerNode(records: HistoryRecord[]): number | undefined {
  const done = records.filter((r) => r.state === 'successful' && r.node !== '' && r.start !== undefined && r.end !== undefined && r.end >= r.start);
  if (done.length === 0) return undefined;
  const latest = done.reduce((a, b) => ((b.end as number) > (a.end as number) ? b : a));
  const run = done.filter((r) => r.to === latest.to && Math.abs((r.start as number) - (latest.start as number)) <= 86_400);
  const start = Math.min(...run.map((r) => r.start as number));
  const end = Math.max(...run.map((r) => r.end as number));
  const nodes = new Set(run.map((r) => r.node)).size;
  return end > start ? (end - start) / nodes : undefined;
}

export interface Eta {
  /** Unix seconds the update started (now less ONTAP's elapsed time). */
  start: number;
  /** Expected end from ONTAP's normalised estimate (ontap_software_update_expected_end_timestamp_seconds). */
  ontapEnd?: number;
  /** Expected end from how long this cluster's nodes took last time. */
  historyEnd?: number;
  /** What the status page shows: the later of the two (ONTAP's estimate runs short). */
  expectedEnd: number;
  /** Paused: the ends are where it would end if it resumed now (elapsed time stops while paused). */
  paused: boolean;
}

/**
 * When a running update should end; undefined unless an update (not a validation) is under way.
 * While paused, as for ONTAP's normalised estimate, the end if it resumed now.
 */
export function eta(snap: ClusterSnapshot): Eta | undefined {
  const d = snap.endpoints.software.data;
  const now = snap.endpoints.software.lastSuccess;
  if (!d || now === undefined || d.state === undefined || !ACTIVE_UPDATE_STATES.has(d.state)) return undefined;
  if (d.phases.length === 0 && d.pendingVersion === undefined) return undefined;
  const start = now - (d.elapsed ?? 0);
  // The same version samples.ts gives estimated_duration its meaning with (this response's, else /api/cluster's).
  const version = findRelease(d.version) !== undefined ? d.version : snap.endpoints.cluster.data?.version;
  const ontapEnd = normaliseEstimate(d, version, now).expectedEndSeconds;
  const perNode = historySecondsPerNode(snap.endpoints.history.data?.records ?? []);
  const historyEnd = perNode === undefined || d.nodes.length === 0 ? undefined : Math.round(start + perNode * d.nodes.length);
  const ends = [ontapEnd, historyEnd].filter((x) => x !== undefined);
  if (ends.length === 0) return undefined;
  return {
    start, ...(ontapEnd !== undefined ? { ontapEnd } : {}), ...(historyEnd !== undefined ? { historyEnd } : {}),
    expectedEnd: Math.max(...ends), paused: PAUSED_UPDATE_STATES.has(d.state),
  };
}
