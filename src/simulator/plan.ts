// What an update will do before it starts: which nodes, in which groups,
// through which timed steps, and what ONTAP estimates it will take.

import type { ClusterModel } from './model.js';

export interface Step {
  kind: StepKind;
  seconds: number;
  /** Nodes (indices) this step acts on. */
  nodes: number[];
  /** ONTAP can stop here on pause or cancel (after validation, image install, takeover, giveback). */
  pausePoint: boolean;
}

/** An update's steps (validation, download and package delete are one timed wait each, see operation.ts). */
export type StepKind = 'precheck' | 'install-image' | 'takeover' | 'reboot' | 'giveback' | 'stabilize' | 'postcheck';

export interface Timing {
  precheck: number; installImage: number; takeover: number; reboot: number;
  giveback: number; stabilize: number; postcheck: number; validate: number;
  download: number; deletePackage: number;
  /** How long the management LIF is unreachable at each takeover/giveback of its home node. */
  lifMove: number;
}

/** Seconds of simulated time; about an hour per HA pair, as docs/ontap-api.md describes. */
export const DEFAULT_TIMING: Timing = {
  precheck: 120, installImage: 900, takeover: 300, reboot: 1200, giveback: 300,
  stabilize: 480, postcheck: 120, validate: 90, download: 600, deletePackage: 20, lifMove: 60,
};

/** ONTAP's estimates, in seconds (the simulator's own copy, not src/core's: see identity.ts). */
export const ESTIMATE = { precheck: 600, perNode: 2310, postcheck: 600, validate: 600 };

/** ONTAP's default wait after each takeover and giveback. */
export const DEFAULT_STABILIZE_MINUTES = 8;

/** The PATCH options that shape an update (ONTAP's query parameters, by release). */
export interface UpdateOptions {
  skipWarnings?: boolean;
  /** nodes_to_update: node names; every node when absent. */
  nodes?: string[];
  /** stabilize_minutes (1..60): each node's stabilize step. */
  stabilizeMinutes?: number;
  /** skip_nodes_at_target_version: default true, except in a MetroCluster. */
  skipAtTarget?: boolean;
  /** show_validation_details for the update's pre-checks. */
  showDetails?: boolean;
}

export class PlanError extends Error {
  constructor(message: string, readonly target: string) {
    super(message);
  }
}

/** Indices of the nodes this update will act on. Empty: nothing to do. */
export function selectNodes(m: ClusterModel, version: string, opts: UpdateOptions): number[] {
  let picked = m.nodes.map((_, i) => i);
  if (opts.nodes !== undefined) {
    if (m.mcSites) throw new PlanError('The nodes_to_update parameter is not supported for MetroCluster configurations.', 'nodes_to_update');
    const unknown = opts.nodes.filter((n) => !m.nodes.some((x) => x.name === n));
    if (unknown.length > 0) throw new PlanError(`Node "${unknown.join('", "')}" is not a member of the cluster.`, 'nodes_to_update');
    picked = picked.filter((i) => opts.nodes?.includes(m.nodes[i]?.name as string));
  }
  const skip = opts.skipAtTarget ?? !m.mcSites;
  return skip ? picked.filter((i) => m.nodes[i]?.version !== version) : picked;
}

/** HA pairs are (0,1), (2,3), ...: rolling one node at a time below 8 nodes, two batches from 8. */
function updateGroups(m: ClusterModel, picked: number[]): number[][] {
  const n = m.nodes.length;
  let groups: number[][];
  if (m.mcSites) groups = m.mcSites.flatMap((site) => site.nodes.map((i) => [i]));
  else if (n >= 8) groups = [m.nodes.map((_, i) => i).filter((i) => i % 2 === 0), m.nodes.map((_, i) => i).filter((i) => i % 2 === 1)];
  else groups = m.nodes.map((_, i) => [i]);
  return groups.map((g) => g.filter((i) => picked.includes(i))).filter((g) => g.length > 0);
}

export function updateSteps(m: ClusterModel, t: Timing, picked: number[], stabilizeSeconds: number): Step[] {
  const all = m.nodes.map((_, i) => i);
  const steps: Step[] = [
    { kind: 'precheck', seconds: t.precheck, nodes: all, pausePoint: true },
    { kind: 'install-image', seconds: t.installImage, nodes: picked, pausePoint: true },
  ];
  for (const group of updateGroups(m, picked)) {
    steps.push(
      { kind: 'takeover', seconds: t.takeover, nodes: group, pausePoint: true },
      { kind: 'reboot', seconds: t.reboot, nodes: group, pausePoint: false },
      { kind: 'giveback', seconds: t.giveback, nodes: group, pausePoint: true },
      { kind: 'stabilize', seconds: stabilizeSeconds, nodes: group, pausePoint: false },
    );
  }
  steps.push({ kind: 'postcheck', seconds: t.postcheck, nodes: all, pausePoint: false });
  return steps;
}

/** ONTAP's estimate per node grows with the stabilize wait it was asked for. */
function perNodeEstimate(stabilizeMinutes: number): number {
  return ESTIMATE.perNode + (stabilizeMinutes - DEFAULT_STABILIZE_MINUTES) * 60;
}

export interface Estimate { total: number; precheck: number; data: number; postcheck: number; perNode: number }

export function estimateFor(nodeCount: number, stabilizeMinutes: number): Estimate {
  const perNode = perNodeEstimate(stabilizeMinutes);
  const data = perNode * nodeCount;
  return { total: ESTIMATE.precheck + data + ESTIMATE.postcheck, precheck: ESTIMATE.precheck, data, postcheck: ESTIMATE.postcheck, perNode };
}
