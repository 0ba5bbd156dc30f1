// The package store: an update or validation needs its package there first;
// DELETE /cluster/software/packages/{version} removes one after a short job.

import { OntapError } from './errors.js';
import { endJob, newJob } from './jobs.js';
import type { ClusterModel, Job } from './model.js';
import { dropOperation, schedule, type DeleteOp, type EngineState } from './operation.js';

export function requirePackage(m: ClusterModel, version: string): void {
  if (!m.packages.some((p) => p.version === version)) {
    throw new OntapError(400, '10551325', `Package ${version} does not exist on the system. Download it first.`, 'version');
  }
}

export function startDeletePackage(s: EngineState, version: string, now: number): Job {
  const m = s.model;
  if (m.packages.length === 0) throw new OntapError(404, '10551315', 'Package store is empty');
  if (!m.packages.some((p) => p.version === version)) throw new OntapError(404, '10551325', 'Package does not exist on the system', 'version');
  // ONTAP refuses only while a validation or an update uses this package; the running
  // release's package may go (NetApp's Ansible module deletes it after every update).
  if (s.ops.some((o) => o.kind === 'validate' && o.version === version)) {
    throw new OntapError(409, '10551346', 'Package delete failed since a validation is in progress');
  }
  if (s.ops.some((o) => o.kind === 'update' && o.version === version)) {
    throw new OntapError(409, '10551347', 'Package delete failed since an update is in progress');
  }
  const job = newJob(m, `DELETE /api/cluster/software/packages/${version}`, now);
  schedule(s, { kind: 'delete', jobUuid: job.uuid, version }, s.timing.deletePackage, now);
  return job;
}

export function finishDeletePackage(s: EngineState, op: DeleteOp, now: number): void {
  const m = s.model;
  m.packages = m.packages.filter((p) => p.version !== op.version);
  endJob(m, op.jobUuid, now, true, 'success');
  dropOperation(s, op);
}
