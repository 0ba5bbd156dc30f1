// PATCH /cluster/software with a version: which nodes the update acts on (or
// ONTAP's refusal), its estimate (estimate_only), and starting it.

import { OntapError, updateStillRunning } from './errors.js';
import { PATCH_SOFTWARE, newJob } from './jobs.js';
import type { ClusterModel, Job, PhaseRow } from './model.js';
import type { EngineState, UpdateOp } from './operation.js';
import { requirePackage } from './packages.js';
import {
  DEFAULT_STABILIZE_MINUTES, PlanError, estimateFor, selectNodes, updateSteps, type Estimate, type UpdateOptions,
} from './plan.js';
import { PHASE, setState, updateRunning } from './progress.js';
import { beginStep } from './update-run.js';

/** The nodes an update would act on, or ONTAP's refusal. */
function planUpdate(s: EngineState, version: string, opts: UpdateOptions): number[] {
  const m = s.model;
  if (updateRunning(m)) throw updateStillRunning();
  requirePackage(m, version);
  let picked: number[];
  try {
    picked = selectNodes(m, version, opts);
  } catch (err) {
    if (err instanceof PlanError) throw new OntapError(400, '2', err.message, err.target);
    throw err;
  }
  // Nothing to do: every chosen node already runs it (unless the caller forces them through again).
  if (picked.length === 0 || (opts.skipAtTarget !== false && picked.every((i) => m.nodes[i]?.version === version))) {
    throw new OntapError(400, '10551352', `The cluster is already running version ${version}.`, 'version');
  }
  return picked;
}

/** estimate_only: what the update would take; nothing changes but the job table. */
export function estimateUpdate(s: EngineState, version: string, opts: UpdateOptions, now: number): Job {
  const picked = planUpdate(s, version, opts);
  const estimate = estimateFor(picked.length, opts.stabilizeMinutes ?? DEFAULT_STABILIZE_MINUTES);
  const job = newJob(s.model, PATCH_SOFTWARE, now, 'success');
  job.message = `Estimated duration of the update to ${version}: ${estimate.total} seconds `
    + `(${PHASE.pre} ${estimate.precheck}, ${PHASE.data} ${estimate.data}, ${PHASE.post} ${estimate.postcheck}).`;
  return job;
}

export function startUpdate(s: EngineState, version: string, opts: UpdateOptions, now: number): Job {
  const m = s.model;
  const picked = planUpdate(s, version, opts);
  const stabilizeMinutes = opts.stabilizeMinutes ?? DEFAULT_STABILIZE_MINUTES;
  const job = newJob(m, PATCH_SOFTWARE, now);
  // Without stabilize_minutes the step takes the simulator's own (scaled) time, not ONTAP's 8 minutes.
  const steps = updateSteps(m, s.timing, picked, opts.stabilizeMinutes === undefined ? s.timing.stabilize : stabilizeMinutes * 60);
  const est = estimateFor(picked.length, stabilizeMinutes);
  m.validation = [];
  m.status = [];
  m.postChecks = []; // a new update runs its own post-update checks
  m.action = undefined;
  m.pendingVersion = version;
  m.elapsed = 0;
  m.estimated = est.total;
  m.phases = phaseRows(m, picked, est);
  if (m.mcSites) {
    m.metrocluster = {
      sites: m.mcSites.map((site) => ({ name: site.name, uuid: site.uuid, state: 'waiting', estimated_duration: est.perNode * site.nodes.length, elapsed_duration: 0 })),
      summary: 'Update in progress', details: 'Running pre-update checks.',
    };
  }
  setState(m, 'in_progress', now);
  const op: UpdateOp = {
    kind: 'update', jobUuid: job.uuid, version, steps, index: 0, skipWarnings: opts.skipWarnings ?? false, startedAt: now,
    fromVersions: m.nodes.map((n) => n.version), nodes: picked, stabilizeMinutes, showDetails: opts.showDetails ?? false,
  };
  s.ops.push(op);
  beginStep(s, op, now);
  return job;
}

/** update_details before the first step: the three phases, with one Data ONTAP row per node updated. */
function phaseRows(m: ClusterModel, picked: number[], est: Estimate): PhaseRow[] {
  const row = (phase: string, estimated: number, node?: string): PhaseRow =>
    ({ phase, ...(node === undefined ? {} : { node }), state: 'waiting', estimated_duration: estimated, elapsed_duration: 0 });
  return [
    row(PHASE.pre, est.precheck),
    row(PHASE.data, est.data),
    ...picked.map((i) => row(PHASE.data, est.perNode, m.nodes[i]?.name as string)),
    row(PHASE.post, est.postcheck),
  ];
}
