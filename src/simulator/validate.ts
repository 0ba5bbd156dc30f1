// PATCH ?validate_only=true: ONTAP runs its pre-update checks and reports the
// findings a scenario planned; errors leave the state `failed`.

import { updateStillRunning } from './errors.js';
import { PATCH_SOFTWARE, endJob, newJob } from './jobs.js';
import type { ClusterModel, Job } from './model.js';
import { dropOperation, schedule, type EngineState, type ValidateOp } from './operation.js';
import { requirePackage } from './packages.js';
import { ESTIMATE } from './plan.js';
import { setState, updateRunning } from './progress.js';

export function startValidate(s: EngineState, version: string, now: number, showDetails = false): Job {
  const m = s.model;
  if (updateRunning(m)) throw updateStillRunning();
  requirePackage(m, version);
  const job = newJob(m, PATCH_SOFTWARE, now);
  m.validation = [];
  m.phases = [];
  m.status = [];
  m.elapsed = 0;
  m.estimated = ESTIMATE.validate;
  m.action = undefined;
  m.pendingVersion = undefined;
  setState(m, 'in_progress', now);
  schedule(s, { kind: 'validate', jobUuid: job.uuid, version, showDetails }, s.timing.validate, now);
  return job;
}

export function finishValidate(s: EngineState, op: ValidateOp, now: number): void {
  const m = s.model;
  m.validation = findings(m, op.showDetails);
  const errors = m.validation.some((c) => c.status === 'error');
  setState(m, errors ? 'failed' : 'completed', now);
  endJob(m, op.jobUuid, now, true, 'success');
  dropOperation(s, op);
}

/** What the checks find. show_validation_details: each finding reported for every node it was checked on, not once per check. */
export function findings(m: ClusterModel, showDetails: boolean): ClusterModel['validation'] {
  return showDetails
    ? m.plannedChecks.flatMap((c) => m.nodes.map((n) => ({ ...c, issue: { ...c.issue, message: `Node ${n.name}: ${c.issue.message}` } })))
    : m.plannedChecks.map((c) => ({ ...c }));
}
