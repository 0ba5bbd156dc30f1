// The cluster's job table (/api/cluster/jobs): every action answers with a job,
// and a long-running operation ends its job when its last step ends.

import { randomUUID } from 'node:crypto';
import type { ClusterModel, Job } from './model.js';

/** ONTAP purges old jobs; the table keeps the newest this many. */
const JOB_TABLE_SIZE = 200;

export const PATCH_SOFTWARE = 'PATCH /api/cluster/software';

export function newJob(m: ClusterModel, description: string, now: number, state: Job['state'] = 'running'): Job {
  const job: Job = { uuid: randomUUID(), description, state, message: state === 'success' ? 'success' : 'Job is running.', code: 0, start_time: now };
  // Cluster-wide jobs run on one node; the first one stands for the one holding the cluster's management.
  if (m.nodes[0]) job.node = m.nodes[0].name;
  if (state === 'success') job.end_time = now;
  m.jobs.set(job.uuid, job);
  if (m.jobs.size > JOB_TABLE_SIZE) m.jobs.delete(m.jobs.keys().next().value as string);
  return job;
}

export function endJob(m: ClusterModel, uuid: string, now: number, ok: boolean, message: string, code = 0): void {
  const job = m.jobs.get(uuid);
  if (!job) return;
  job.state = ok ? 'success' : 'failure';
  job.message = message;
  job.code = code;
  job.end_time = now;
}
