// PATCH /api/cluster/software: the query parameters each release takes, and
// the validation, update, estimate or pause/resume/cancel they start.

import { applyAction, type SimCluster } from './cluster.js';
import { boolParam, listParam, onlyParams } from './collection.js';
import { OntapError } from './errors.js';
import { atLeast } from './identity.js';
import type { Job } from './model.js';
import type { UpdateOptions } from './plan.js';
import { clusterVersion } from './render.js';
import { estimateUpdate } from './update.js';

type Json = Record<string, unknown>;

/** PATCH /cluster/software query parameters and the release that introduced each (ONTAP REST reference by release). */
const PATCH_PARAMS: Array<[string, [number, number, number]]> = [
  ['validate_only', [9, 6, 0]], ['skip_warnings', [9, 6, 0]], ['action', [9, 6, 0]], ['return_timeout', [9, 6, 0]],
  ['return_records', [9, 6, 0]], ['stabilize_minutes', [9, 8, 0]], ['nodes_to_update', [9, 9, 0]], ['estimate_only', [9, 9, 0]],
  ['show_validation_details', [9, 12, 1]], ['skip_nodes_at_target_version', [9, 15, 1]],
];

/** Starts what the PATCH asks for and returns its job (the caller waits on it per return_timeout). */
export function patchSoftware(c: SimCluster, q: URLSearchParams, body: Json, now: number): Job {
  const release = clusterVersion(c.engine.model);
  onlyParams(q, PATCH_PARAMS.filter(([, since]) => atLeast(release, since)).map(([name]) => name));
  for (const k of Object.keys(body)) {
    if (k !== 'version' && k !== 'action') throw new OntapError(400, '262186', `Field "${k}" cannot be set in this operation.`, k);
  }
  const action = q.get('action') ?? (typeof body.action === 'string' ? body.action : undefined);
  const opts = updateOptions(q);
  let job: Job | undefined;
  if (action !== undefined) {
    if (action !== 'pause' && action !== 'resume' && action !== 'cancel') {
      throw new OntapError(400, '262179', `Invalid value "${action}" for action: expected pause, resume or cancel.`, 'action');
    }
    job = applyAction(c, { action }, now);
  } else {
    if (typeof body.version !== 'string' || body.version === '') throw new OntapError(400, '2', 'Missing value for required field "version".', 'version');
    const version = body.version;
    if (boolParam(q, 'estimate_only')) {
      job = estimateUpdate(c.engine, version, opts, now);
    } else if (boolParam(q, 'validate_only')) {
      job = applyAction(c, { action: 'validate', version, show_validation_details: opts.showDetails }, now);
    } else {
      job = applyAction(c, {
        action: 'update', version, skip_warnings: opts.skipWarnings, nodes_to_update: opts.nodes,
        stabilize_minutes: opts.stabilizeMinutes, skip_nodes_at_target_version: opts.skipAtTarget, show_validation_details: opts.showDetails,
      }, now);
    }
  }
  return job as Job;
}

function updateOptions(q: URLSearchParams): UpdateOptions {
  const opts: UpdateOptions = { skipWarnings: boolParam(q, 'skip_warnings') ?? false };
  if (q.has('nodes_to_update')) {
    opts.nodes = listParam(q, 'nodes_to_update');
    if (opts.nodes.length === 0) throw new OntapError(400, '262179', 'nodes_to_update needs at least one node name.', 'nodes_to_update');
  }
  if (q.has('stabilize_minutes')) {
    const v = Number(q.get('stabilize_minutes'));
    if (!Number.isInteger(v) || v < 1 || v > 60) {
      throw new OntapError(400, '262179', `Invalid value "${q.get('stabilize_minutes')}" for stabilize_minutes: expected an integer from 1 to 60.`, 'stabilize_minutes');
    }
    opts.stabilizeMinutes = v;
  }
  const skip = boolParam(q, 'skip_nodes_at_target_version');
  if (skip !== undefined) opts.skipAtTarget = skip;
  opts.showDetails = boolParam(q, 'show_validation_details') ?? false;
  return opts;
}

