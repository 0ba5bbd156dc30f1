// What each step of an update does to the model when it starts and when it
// ends: the phase rows it opens and closes, the status rows and messages ONTAP
// shows, node versions changing at reboot, the management LIF moving with its
// home node, the MetroCluster sites. update-run.ts decides when.

import { endJob } from './jobs.js';
import type { ClusterModel } from './model.js';
import type { EngineState, UpdateOp } from './operation.js';
import type { Step, StepKind } from './plan.js';
import { PHASE, endRow, setSite, startRow, statusRow } from './progress.js';
import { completeUpdate, failUpdate } from './update-end.js';
import { findings } from './validate.js';

export interface StepRun {
  s: EngineState;
  m: ClusterModel;
  op: UpdateOp;
  step: Step;
  now: number;
  /** Names of the nodes the step acts on. */
  names: string[];
}

/** After a step ends the update goes on to the next, or it stopped there (failed or completed). */
export type AfterStep = 'next' | 'stopped';

interface StepEffects {
  begin(r: StepRun): void;
  end(r: StepRun): AfterStep;
}

export function stepRun(s: EngineState, op: UpdateOp, step: Step, now: number): StepRun {
  return { s, m: s.model, op, step, now, names: step.nodes.map((i) => nodeName(s.model, i)) };
}

export function nodeName(m: ClusterModel, i: number): string {
  return m.nodes[i]?.name ?? `node${i + 1}`;
}

/** HA pairs are (0,1), (2,3), ...; an odd last node is its own partner. */
function partnerOf(m: ClusterModel, i: number): number {
  return i % 2 === 0 ? Math.min(i + 1, m.nodes.length - 1) : i - 1;
}

/** The cluster management LIF is homed on node 0; it moves when that node is taken over and given back. */
function lifMove({ s, step, now }: StepRun): void {
  if (step.nodes.includes(0) && s.timing.lifMove > 0) s.lifUnreachableUntil = Math.max(s.lifUnreachableUntil, now + s.timing.lifMove * 1000);
}

/** The step's status row `name` on each of its nodes. */
function statusForEach(r: StepRun, name: string, state: string, message: (node: string) => string): void {
  for (const n of r.names) statusRow(r.m, name, n, r.now, state, message(n));
}

export const STEP_EFFECTS: Record<StepKind, StepEffects> = {
  precheck: {
    begin: (r) => {
      startRow(r.m, PHASE.pre, undefined, r.now);
      statusForEach(r, 'initialize', 'in_progress', () => 'Running pre-update checks.');
    },
    end: (r) => {
      const { s, m, op, now } = r;
      m.validation = findings(m, op.showDetails);
      const errors = m.validation.filter((c) => c.status === 'error');
      const warnings = m.validation.filter((c) => c.status === 'warning');
      if (errors.length > 0 || (warnings.length > 0 && !op.skipWarnings)) {
        const msg = errors.length > 0
          ? `Validation reported ${errors.length} error(s); resolve them before updating.`
          : 'Validation reported warnings; set skip_warnings=true to proceed.';
        endRow(m, PHASE.pre, undefined, now, 'failed');
        statusForEach(r, 'initialize', 'failed', () => msg);
        failUpdate(s, op, now, msg, 10551364);
        return 'stopped';
      }
      endRow(m, PHASE.pre, undefined, now);
      statusForEach(r, 'initialize', 'completed', () => 'Pre-update checks completed.');
      // The update's job ends with its pre-checks: the rest is followed on /cluster/software.
      endJob(m, op.jobUuid, now, true, 'success');
      return 'next';
    },
  },
  'install-image': {
    begin: (r) => {
      startRow(r.m, PHASE.data, undefined, r.now);
      statusForEach(r, 'do-download-job', 'in_progress', () => 'Installing software image.');
      if (r.m.metrocluster) r.m.metrocluster.details = 'Installing software image on all nodes.';
    },
    end: (r) => {
      statusForEach(r, 'do-download-job', 'completed', () => 'Image update complete');
      return 'next';
    },
  },
  takeover: {
    begin: (r) => {
      const { m, now } = r;
      for (const i of r.step.nodes) {
        const n = nodeName(m, i);
        startRow(m, PHASE.data, n, now);
        statusRow(m, 'do-failover', n, now, 'in_progress', `Takeover of node ${n} by partner ${nodeName(m, partnerOf(m, i))} in progress.`);
        setSite(m, i, now, 'in_progress');
      }
      lifMove(r);
      if (m.metrocluster) m.metrocluster.details = `Updating node ${r.names.join(', ')}.`;
    },
    end: (r) => {
      statusForEach(r, 'do-failover', 'completed', (n) => `Takeover of node ${n} completed.`);
      return 'next';
    },
  },
  reboot: {
    begin: (r) => statusForEach(r, 'do-reboot', 'in_progress', (n) => `Node ${n} is rebooting into ONTAP ${r.op.version}.`),
    end: (r) => {
      const { m, op, now } = r;
      for (const i of r.step.nodes) {
        const node = m.nodes[i];
        if (node) node.version = op.version;
        statusRow(m, 'do-reboot', nodeName(m, i), now, 'completed', `Node ${nodeName(m, i)} is running ONTAP ${op.version}.`);
      }
      return 'next';
    },
  },
  giveback: {
    begin: (r) => {
      statusForEach(r, 'do-giveback', 'in_progress', (n) => `Giveback of aggregates to node ${n} in progress.`);
      lifMove(r);
    },
    end: (r) => {
      statusForEach(r, 'do-giveback', 'completed', (n) => `Giveback to node ${n} completed.`);
      return 'next';
    },
  },
  stabilize: {
    begin: (r) => statusForEach(r, 'stabilize', 'in_progress',
      () => `Waiting for the node to stabilize (stabilize_minutes: ${r.op.stabilizeMinutes}).`),
    end: (r) => {
      const { m, op, now } = r;
      for (const i of r.step.nodes) {
        const n = nodeName(m, i);
        statusRow(m, 'stabilize', n, now, 'completed', 'Node is stable.');
        endRow(m, PHASE.data, n, now);
        // A MetroCluster site is done when all its nodes run the new release.
        const site = m.mcSites?.find((x) => x.nodes.includes(i));
        if (site?.nodes.every((k) => m.nodes[k]?.version === op.version)) setSite(m, i, now, 'completed');
      }
      return 'next';
    },
  },
  postcheck: {
    begin: (r) => {
      endRow(r.m, PHASE.data, undefined, r.now);
      startRow(r.m, PHASE.post, undefined, r.now);
      statusForEach(r, 'check-update', 'in_progress', () => 'Running post-update checks.');
    },
    end: (r) => {
      statusForEach(r, 'check-update', 'completed', () => 'Post-update checks completed.');
      endRow(r.m, PHASE.post, undefined, r.now);
      completeUpdate(r.s, r.op, r.now);
      return 'stopped';
    },
  },
};
