// The cluster's long-running operations (validation, update, download,
// package delete) as sequences of timed steps. Nothing runs on a timer:
// `sync(cluster, now)` replays every step boundary that has passed, so a
// thousand idle clusters cost nothing and a manual clock is exact.

import { randomUUID } from 'node:crypto';
import { classifyDownload } from './images.js';
import type { ClusterModel, HistoryState, Job, UpdateState } from './model.js';
import {
  DEFAULT_STABILIZE_MINUTES, ESTIMATE, PlanError, estimateFor, selectNodes, updateSteps,
  type Step, type StepKind, type Timing, type UpdateOptions,
} from './plan.js';

export { DEFAULT_TIMING, type Timing } from './plan.js';

/** A fault planted in the update: when a matching step ends it fails instead. */
export interface UpgradeFault {
  step: StepKind;
  /** Node index; any node when absent. */
  node?: number;
  outcome: 'paused_on_error' | 'failed';
  message?: string;
  action?: string;
}

export interface Operation {
  kind: 'validate' | 'update' | 'download' | 'delete';
  steps: Step[];
  index: number;
  /** Sim ms the current step ends; undefined while paused or done. */
  nextAt?: number;
  jobUuid: string;
  version: string;
  skipWarnings: boolean;
  /** Download only. */
  outcome?: 'success' | 'failure';
  /** Download of a firmware package (processed, not added to the software packages). */
  firmware?: boolean;
  startedAt: number;
  fromVersions: string[];
  /** Update: the nodes it acts on (nodes_to_update minus those skipped). */
  nodes?: number[];
  /** Update: stabilize_minutes asked for. */
  stabilizeMinutes?: number;
  /** Validate, and an update's pre-checks: show_validation_details. */
  showDetails?: boolean;
}

export const PHASE = { pre: 'Pre-update checks', data: 'Data ONTAP updates', post: 'Post-update checks' } as const;

export interface EngineState {
  model: ClusterModel;
  timing: Timing;
  ops: Operation[];
  faults: UpgradeFault[];
  /** Sim ms until which the management address does not answer (LIF moving). */
  lifUnreachableUntil: number;
}

export class OntapError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly target?: string) {
    super(message);
  }
}

// ---------- helpers ----------

const ACTIVE: ReadonlySet<string> = new Set(['in_progress', 'pause_pending', 'cancel_pending', 'paused_by_user', 'paused_on_error', 'waiting']);
export function updateRunning(m: ClusterModel): boolean {
  return m.state !== undefined && ACTIVE.has(m.state);
}

function newJob(s: EngineState, description: string, now: number, state: Job['state'] = 'running'): Job {
  const job: Job = { uuid: randomUUID(), description, state, message: state === 'success' ? 'success' : 'Job is running.', code: 0, start_time: now };
  if (state === 'success') job.end_time = now;
  s.model.jobs.set(job.uuid, job);
  // Keep the job table bounded like ONTAP's (it purges old jobs).
  if (s.model.jobs.size > 200) s.model.jobs.delete(s.model.jobs.keys().next().value as string);
  return job;
}

function endJob(s: EngineState, uuid: string, now: number, ok: boolean, message: string, code = 0): void {
  const job = s.model.jobs.get(uuid);
  if (!job) return;
  job.state = ok ? 'success' : 'failure';
  job.message = message;
  job.code = code;
  job.end_time = now;
}

function accrue(row: { elapsed_duration?: number; elapsed?: number; runningSince?: number }, now: number): void {
  if (row.runningSince === undefined) return;
  const secs = Math.floor((now - row.runningSince) / 1000);
  if ('elapsed_duration' in row && row.elapsed_duration !== undefined) row.elapsed_duration += secs;
  else if ('elapsed' in row && row.elapsed !== undefined) row.elapsed += secs;
  row.runningSince = undefined;
}

/** Elapsed seconds including the running stretch (for rendering). */
export function elapsedNow(base: number, runningSince: number | undefined, now: number): number {
  return base + (runningSince === undefined ? 0 : Math.floor((now - runningSince) / 1000));
}

function setRows(m: ClusterModel, from: ReadonlySet<string>, to: string, now: number): void {
  for (const r of m.phases) {
    if (!from.has(r.state)) continue;
    if (to !== 'in_progress' && r.runningSince !== undefined) accrue(r, now);
    if (to === 'in_progress' && r.runningSince === undefined) r.runningSince = now;
    if (to === 'pause_pending' || to === 'cancel_pending') r.runningSince ??= now; // still moving
    r.state = to;
  }
  for (const site of m.metrocluster?.sites ?? []) {
    if (!from.has(site.state)) continue;
    if (to !== 'in_progress' && to !== 'pause_pending' && to !== 'cancel_pending') accrue(site, now);
    if (to === 'in_progress') site.runningSince ??= now;
    site.state = to;
  }
}

function setState(m: ClusterModel, state: UpdateState, now: number): void {
  const moving = state === 'in_progress' || state === 'pause_pending' || state === 'cancel_pending';
  if (moving) m.runningSince ??= now;
  else if (m.runningSince !== undefined) {
    m.elapsed += Math.floor((now - m.runningSince) / 1000);
    m.runningSince = undefined;
  }
  m.state = state;
}

function phaseRow(m: ClusterModel, phase: string, node?: string) {
  return m.phases.find((r) => r.phase === phase && r.node === node);
}

function startRow(m: ClusterModel, phase: string, node: string | undefined, now: number): void {
  const r = phaseRow(m, phase, node);
  if (r?.state === 'waiting') { r.state = 'in_progress'; r.runningSince = now; }
}

function endRow(m: ClusterModel, phase: string, node: string | undefined, now: number, state = 'completed'): void {
  const r = phaseRow(m, phase, node);
  if (!r) return;
  accrue(r, now);
  r.state = state;
}

function status(m: ClusterModel, name: string, node: string, now: number, state: string, message: string): void {
  // A step's row is updated in place while it runs; a new run of the same step adds a row (ONTAP repeats names).
  const open = m.status.find((r) => r.name === name && r.node === node && r.end_time === undefined);
  if (open) {
    open.state = state;
    open.issue = { message };
    if (state !== 'in_progress') open.end_time = now;
    return;
  }
  m.status.push({ name, node, state, issue: { message }, start_time: now, ...(state === 'in_progress' ? {} : { end_time: now }) });
}

function partnerOf(m: ClusterModel, i: number): number {
  return i % 2 === 0 ? Math.min(i + 1, m.nodes.length - 1) : i - 1;
}

// ---------- actions (from HTTP or a script) ----------

export function startValidate(s: EngineState, version: string, now: number, showDetails = false): Job {
  const m = s.model;
  if (updateRunning(m)) throw new OntapError(409, '10551357', 'Cannot perform an update when a previous update is still in progress.');
  requirePackage(m, version);
  const job = newJob(s, 'PATCH /api/cluster/software', now);
  m.validation = [];
  m.phases = [];
  m.status = [];
  m.elapsed = 0;
  m.estimated = ESTIMATE.validate;
  m.action = undefined;
  m.pendingVersion = undefined;
  setState(m, 'in_progress', now);
  const op: Operation = {
    kind: 'validate', steps: [{ kind: 'validate', seconds: s.timing.validate, nodes: [], pausePoint: false }],
    index: 0, nextAt: now + s.timing.validate * 1000, jobUuid: job.uuid, version, skipWarnings: false, startedAt: now, fromVersions: [],
    showDetails,
  };
  s.ops.push(op);
  return job;
}

/** The nodes an update would act on, or ONTAP's refusal. */
function planUpdate(s: EngineState, version: string, opts: UpdateOptions): number[] {
  const m = s.model;
  if (updateRunning(m)) throw new OntapError(409, '10551357', 'Cannot perform an update when a previous update is still in progress.');
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
  const job = newJob(s, 'PATCH /api/cluster/software', now, 'success');
  job.message = `Estimated duration of the update to ${version}: ${estimate.total} seconds `
    + `(${PHASE.pre} ${estimate.precheck}, ${PHASE.data} ${estimate.data}, ${PHASE.post} ${estimate.postcheck}).`;
  return job;
}

export function startUpdate(s: EngineState, version: string, opts: UpdateOptions, now: number): Job {
  const m = s.model;
  const picked = planUpdate(s, version, opts);
  const stabilizeMinutes = opts.stabilizeMinutes ?? DEFAULT_STABILIZE_MINUTES;
  const job = newJob(s, 'PATCH /api/cluster/software', now);
  const steps = updateSteps(m, s.timing, picked, opts.stabilizeMinutes === undefined ? s.timing.stabilize : stabilizeMinutes * 60);
  const est = estimateFor(picked.length, stabilizeMinutes);
  m.validation = [];
  m.status = [];
  m.action = undefined;
  m.pendingVersion = version;
  m.elapsed = 0;
  m.estimated = est.total;
  m.phases = [
    { phase: PHASE.pre, state: 'waiting', estimated_duration: est.precheck, elapsed_duration: 0 },
    { phase: PHASE.data, state: 'waiting', estimated_duration: est.data, elapsed_duration: 0 },
    ...picked.map((i) => ({ phase: PHASE.data, node: m.nodes[i]?.name as string, state: 'waiting', estimated_duration: est.perNode, elapsed_duration: 0 })),
    { phase: PHASE.post, state: 'waiting', estimated_duration: est.postcheck, elapsed_duration: 0 },
  ];
  if (m.mcSites) {
    m.metrocluster = {
      sites: m.mcSites.map((site) => ({ name: site.name, uuid: site.uuid, state: 'waiting', estimated_duration: est.perNode * site.nodes.length, elapsed_duration: 0 })),
      summary: 'Update in progress', details: 'Running pre-update checks.',
    };
  }
  setState(m, 'in_progress', now);
  const op: Operation = {
    kind: 'update', steps, index: 0, nextAt: undefined, jobUuid: job.uuid, version, skipWarnings: opts.skipWarnings ?? false, startedAt: now,
    fromVersions: m.nodes.map((n) => n.version), nodes: picked, stabilizeMinutes, showDetails: opts.showDetails ?? false,
  };
  s.ops.push(op);
  beginStep(s, op, now);
  return job;
}

export function pauseUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  if (m.state !== 'in_progress') throw new OntapError(400, '10551368', 'Pause is only allowed while an update is in progress.', 'action');
  m.action = 'pause';
  setState(m, 'pause_pending', now);
  setRows(m, new Set(['in_progress']), 'pause_pending', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update pause pending';
  return newJob(s, 'PATCH /api/cluster/software', now, 'success');
}

export function resumeUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  if (m.state !== 'paused_by_user' && m.state !== 'paused_on_error') {
    throw new OntapError(400, '10551369', 'An update can only be resumed if it is in the paused state.', 'action');
  }
  const op = s.ops.find((o) => o.kind === 'update');
  m.action = 'resume';
  setState(m, 'in_progress', now);
  setRows(m, new Set(['paused_by_user', 'paused_on_error']), 'in_progress', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update in progress';
  if (op) {
    // After an error the failed step is run again; after a user pause the next one starts.
    if (op.nextAt === undefined) beginStep(s, op, now);
  }
  return newJob(s, 'PATCH /api/cluster/software', now, 'success');
}

export function cancelUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  const op = s.ops.find((o) => o.kind === 'update');
  if (!op || !updateRunning(m) || m.state === 'cancel_pending') {
    throw new OntapError(400, '10551370', 'There is no update in progress to cancel.', 'action');
  }
  m.action = 'cancel';
  if (m.state === 'paused_by_user' || m.state === 'paused_on_error') {
    finishCancel(s, op, now);
  } else {
    setState(m, 'cancel_pending', now);
    setRows(m, new Set(['in_progress', 'pause_pending']), 'cancel_pending', now);
  }
  return newJob(s, 'PATCH /api/cluster/software', now, 'success');
}

const FIRMWARE_DOWNLOAD_SECONDS = 30;

export function startDownload(s: EngineState, url: string, now: number, outcome: 'success' | 'failure', seconds?: number): Job {
  const m = s.model;
  if (m.download.state === 'running') throw new OntapError(409, '10551382', 'Package download is still running.');
  if (updateRunning(m)) throw new OntapError(409, '10551357', 'Cannot perform an update when a previous update is still in progress.');
  const what = classifyDownload(url);
  const version = what.kind === 'image' ? what.version : undefined;
  if (version && m.packages.some((p) => p.version === version)) {
    throw new OntapError(409, '10551327', 'Package image with the same name already exists.', 'url');
  }
  const job = newJob(s, 'POST /api/cluster/software/download', now);
  // Firmware files are a few MB, not a 2-3 GB image: ONTAP fetches and processes them in seconds,
  // and NetApp's firmware module gives the job 180 s by default.
  const secs = seconds ?? (what.kind === 'firmware' ? FIRMWARE_DOWNLOAD_SECONDS : s.timing.download);
  m.download = { state: 'running', message: 'Package download in progress', code: 10551382 };
  s.ops.push({
    kind: 'download', steps: [{ kind: 'download', seconds: Math.min(secs, 3600), nodes: [], pausePoint: false }],
    index: 0, nextAt: now + Math.min(secs, 3600) * 1000, jobUuid: job.uuid, version: version ?? '',
    skipWarnings: false, outcome: secs > 3600 ? 'failure' : outcome, startedAt: now, fromVersions: [], firmware: what.kind === 'firmware',
  });
  return job;
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
  const job = newJob(s, `DELETE /api/cluster/software/packages/${version}`, now);
  s.ops.push({
    kind: 'delete', steps: [{ kind: 'delete-package', seconds: s.timing.deletePackage, nodes: [], pausePoint: false }],
    index: 0, nextAt: now + s.timing.deletePackage * 1000, jobUuid: job.uuid, version, skipWarnings: false, startedAt: now, fromVersions: [],
  });
  return job;
}

function requirePackage(m: ClusterModel, version: string): void {
  if (!m.packages.some((p) => p.version === version)) {
    throw new OntapError(400, '10551325', `Package ${version} does not exist on the system. Download it first.`, 'version');
  }
}

// ---------- the step machine ----------

export function sync(s: EngineState, now: number): void {
  for (;;) {
    let next: Operation | undefined;
    for (const op of s.ops) if (op.nextAt !== undefined && op.nextAt <= now && (!next || op.nextAt < (next.nextAt as number))) next = op;
    if (!next) return;
    const at = next.nextAt as number;
    next.nextAt = undefined;
    endStep(s, next, at);
  }
}

function nodeName(s: EngineState, i: number): string {
  return s.model.nodes[i]?.name ?? `node${i + 1}`;
}

function beginStep(s: EngineState, op: Operation, now: number): void {
  const step = op.steps[op.index];
  if (!step) return;
  op.nextAt = now + step.seconds * 1000;
  const m = s.model;
  const names = step.nodes.map((i) => nodeName(s, i));
  switch (step.kind) {
    case 'precheck':
      startRow(m, PHASE.pre, undefined, now);
      for (const n of names) status(m, 'initialize', n, now, 'in_progress', 'Running pre-update checks.');
      break;
    case 'install-image':
      startRow(m, PHASE.data, undefined, now);
      for (const n of names) status(m, 'do-download-job', n, now, 'in_progress', 'Installing software image.');
      if (m.metrocluster) m.metrocluster.details = 'Installing software image on all nodes.';
      break;
    case 'takeover':
      for (const i of step.nodes) {
        const n = nodeName(s, i);
        startRow(m, PHASE.data, n, now);
        status(m, 'do-failover', n, now, 'in_progress', `Takeover of node ${n} by partner ${nodeName(s, partnerOf(m, i))} in progress.`);
        siteFor(s, i, now, 'in_progress');
      }
      lifMove(s, step, now);
      break;
    case 'reboot':
      for (const n of names) status(m, 'do-reboot', n, now, 'in_progress', `Node ${n} is rebooting into ONTAP ${op.version}.`);
      break;
    case 'giveback':
      for (const n of names) status(m, 'do-giveback', n, now, 'in_progress', `Giveback of aggregates to node ${n} in progress.`);
      lifMove(s, step, now);
      break;
    case 'stabilize':
      for (const n of names) status(m, 'stabilize', n, now, 'in_progress', `Waiting for the node to stabilize (stabilize_minutes: ${op.stabilizeMinutes ?? DEFAULT_STABILIZE_MINUTES}).`);
      break;
    case 'postcheck':
      endRow(m, PHASE.data, undefined, now);
      startRow(m, PHASE.post, undefined, now);
      for (const n of names) status(m, 'check-update', n, now, 'in_progress', 'Running post-update checks.');
      break;
    default:
      break;
  }
  if (m.metrocluster && step.kind === 'takeover') m.metrocluster.details = `Updating node ${names.join(', ')}.`;
}

function lifMove(s: EngineState, step: Step, now: number): void {
  // The cluster management LIF is homed on node 0; it moves when that node is taken over and given back.
  if (step.nodes.includes(0) && s.timing.lifMove > 0) s.lifUnreachableUntil = Math.max(s.lifUnreachableUntil, now + s.timing.lifMove * 1000);
}

function siteFor(s: EngineState, nodeIndex: number, now: number, state: string): void {
  const m = s.model;
  if (!m.mcSites || !m.metrocluster) return;
  const k = m.mcSites.findIndex((site) => site.nodes.includes(nodeIndex));
  const site = m.metrocluster.sites[k];
  if (!site) return;
  if (state === 'in_progress' && site.state === 'waiting') { site.state = 'in_progress'; site.runningSince = now; }
  if (state !== 'in_progress') { accrue(site, now); site.state = state; }
}

function takeFault(s: EngineState, step: Step): UpgradeFault | undefined {
  const k = s.faults.findIndex((f) => f.step === step.kind && (f.node === undefined || step.nodes.includes(f.node)));
  if (k < 0) return undefined;
  return s.faults.splice(k, 1)[0];
}

function endStep(s: EngineState, op: Operation, now: number): void {
  const step = op.steps[op.index];
  if (!step) return;
  const m = s.model;
  if (op.kind === 'validate') return endValidate(s, op, now);
  if (op.kind === 'download') return endDownload(s, op, now);
  if (op.kind === 'delete') {
    m.packages = m.packages.filter((p) => p.version !== op.version);
    endJob(s, op.jobUuid, now, true, 'success');
    s.ops.splice(s.ops.indexOf(op), 1);
    return;
  }
  const fault = takeFault(s, step);
  if (fault) return stepFailed(s, op, step, fault, now);
  const names = step.nodes.map((i) => nodeName(s, i));
  switch (step.kind) {
    case 'precheck': {
      m.validation = findings(m, op.showDetails ?? false);
      const errors = m.validation.filter((c) => c.status === 'error');
      const warnings = m.validation.filter((c) => c.status === 'warning');
      if (errors.length > 0 || (warnings.length > 0 && !op.skipWarnings)) {
        const msg = errors.length > 0
          ? `Validation reported ${errors.length} error(s); resolve them before updating.`
          : 'Validation reported warnings; set skip_warnings=true to proceed.';
        endRow(m, PHASE.pre, undefined, now, 'failed');
        for (const n of names) status(m, 'initialize', n, now, 'failed', msg);
        return failUpdate(s, op, now, msg, 10551364);
      }
      endRow(m, PHASE.pre, undefined, now);
      for (const n of names) status(m, 'initialize', n, now, 'completed', 'Pre-update checks completed.');
      endJob(s, op.jobUuid, now, true, 'success');
      break;
    }
    case 'install-image':
      for (const n of names) status(m, 'do-download-job', n, now, 'completed', 'Image update complete');
      break;
    case 'takeover':
      for (const n of names) status(m, 'do-failover', n, now, 'completed', `Takeover of node ${n} completed.`);
      break;
    case 'reboot':
      for (const i of step.nodes) {
        const node = m.nodes[i];
        if (node) node.version = op.version;
        status(m, 'do-reboot', nodeName(s, i), now, 'completed', `Node ${nodeName(s, i)} is running ONTAP ${op.version}.`);
      }
      break;
    case 'giveback':
      for (const n of names) status(m, 'do-giveback', n, now, 'completed', `Giveback to node ${n} completed.`);
      break;
    case 'stabilize':
      for (const i of step.nodes) {
        const n = nodeName(s, i);
        status(m, 'stabilize', n, now, 'completed', 'Node is stable.');
        endRow(m, PHASE.data, n, now);
        const site = m.mcSites?.findIndex((x) => x.nodes.includes(i));
        if (site !== undefined && site >= 0 && m.mcSites?.[site]?.nodes.every((k) => m.nodes[k]?.version === op.version)) {
          siteFor(s, i, now, 'completed');
        }
      }
      break;
    case 'postcheck':
      for (const n of names) status(m, 'check-update', n, now, 'completed', 'Post-update checks completed.');
      endRow(m, PHASE.post, undefined, now);
      return completeUpdate(s, op, now);
    default:
      break;
  }
  op.index += 1;
  if (step.pausePoint && m.state === 'pause_pending') {
    setState(m, 'paused_by_user', now);
    setRows(m, new Set(['pause_pending', 'in_progress']), 'paused_by_user', now);
    if (m.metrocluster) m.metrocluster.summary = 'Update paused by user';
    return;
  }
  if (step.pausePoint && m.state === 'cancel_pending') return finishCancel(s, op, now);
  beginStep(s, op, now);
}

function stepFailed(s: EngineState, op: Operation, step: Step, fault: UpgradeFault, now: number): void {
  const m = s.model;
  const names = step.nodes.filter((i) => fault.node === undefined || i === fault.node).map((i) => nodeName(s, i));
  const message = fault.message ?? `${step.kind} failed on node ${names.join(', ')}.`;
  for (const n of names) {
    const open = m.status.find((r) => r.node === n && r.end_time === undefined);
    if (open) {
      open.state = 'failed';
      open.issue = { message, code: 10551400 };
      open.action = { message: fault.action ?? 'Check the node with "storage failover show" and "cluster image show-update-progress", fix the cause, then resume the update.' };
      open.end_time = now;
    }
  }
  if (fault.outcome === 'paused_on_error') {
    // The step will run again on resume.
    setState(m, 'paused_on_error', now);
    setRows(m, new Set(['in_progress', 'pause_pending']), 'paused_on_error', now);
    if (m.metrocluster) m.metrocluster.summary = 'Update paused on error';
    return;
  }
  setRows(m, new Set(['in_progress', 'pause_pending']), 'failed', now);
  failUpdate(s, op, now, message, 10551400);
}

function failUpdate(s: EngineState, op: Operation, now: number, message: string, code: number): void {
  const m = s.model;
  setState(m, 'failed', now);
  if (m.metrocluster) {
    for (const site of m.metrocluster.sites) if (site.state !== 'completed') { accrue(site, now); site.state = 'failed'; }
    m.metrocluster.summary = 'Update failed';
  }
  endJob(s, op.jobUuid, now, false, message, code);
  s.ops.splice(s.ops.indexOf(op), 1);
}

function finishCancel(s: EngineState, op: Operation, now: number): void {
  const m = s.model;
  setState(m, 'canceled', now);
  setRows(m, new Set(['in_progress', 'pause_pending', 'cancel_pending', 'paused_by_user', 'paused_on_error', 'waiting']), 'canceled', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update canceled';
  writeHistory(s, op, now, (i) => (m.nodes[i]?.version === op.version ? 'successful' : 'canceled'));
  m.pendingVersion = undefined;
  endJob(s, op.jobUuid, now, true, 'success');
  s.ops.splice(s.ops.indexOf(op), 1);
}

function completeUpdate(s: EngineState, op: Operation, now: number): void {
  const m = s.model;
  setState(m, 'completed', now);
  if (m.metrocluster) {
    for (const site of m.metrocluster.sites) { accrue(site, now); site.state = 'completed'; }
    m.metrocluster.summary = 'MetroCluster updated successfully.';
    m.metrocluster.details = 'Update completed on both sites.';
  }
  writeHistory(s, op, now, () => 'successful');
  m.pendingVersion = undefined;
  endJob(s, op.jobUuid, now, true, 'success');
  s.ops.splice(s.ops.indexOf(op), 1);
}

function writeHistory(s: EngineState, op: Operation, now: number, state: (i: number) => HistoryState): void {
  s.model.nodes.forEach((n, i) => {
    if (op.nodes && !op.nodes.includes(i)) return;
    s.model.history.push({
      node: { name: n.name, uuid: n.uuid }, from_version: op.fromVersions[i] ?? n.version, to_version: op.version,
      start_time: op.startedAt, end_time: now, state: state(i),
    });
  });
}

/** show_validation_details: each finding reported for every node it was checked on, not once per check. */
function findings(m: ClusterModel, showDetails: boolean): ClusterModel['validation'] {
  return showDetails
    ? m.plannedChecks.flatMap((c) => m.nodes.map((n) => ({ ...c, issue: { ...c.issue, message: `Node ${n.name}: ${c.issue.message}` } })))
    : m.plannedChecks.map((c) => ({ ...c }));
}

function endValidate(s: EngineState, op: Operation, now: number): void {
  const m = s.model;
  m.validation = findings(m, op.showDetails ?? false);
  const errors = m.validation.some((c) => c.status === 'error');
  setState(m, errors ? 'failed' : 'completed', now);
  endJob(s, op.jobUuid, now, true, 'success');
  s.ops.splice(s.ops.indexOf(op), 1);
}

function endDownload(s: EngineState, op: Operation, now: number): void {
  const m = s.model;
  const tooLong = op.outcome === 'failure' && (op.steps[0]?.seconds ?? 0) >= 3600;
  if (op.outcome === 'success' && op.firmware) {
    m.download = { state: 'success', message: 'Firmware package download completed and package processed successfully.', code: 0 };
    endJob(s, op.jobUuid, now, true, 'success');
  } else if (op.outcome === 'success' && op.version) {
    m.packages.push({ version: op.version, create_time: now });
    m.download = { state: 'success', message: 'Package download completed and package processed successfully.', code: 0 };
    endJob(s, op.jobUuid, now, true, 'success');
  } else if (op.outcome === 'success') {
    m.download = { state: 'failure', message: 'Internal error. Failed to process the package after download completed.', code: 10551359 };
    endJob(s, op.jobUuid, now, false, m.download.message, m.download.code);
  } else {
    m.download = tooLong
      ? { state: 'failure', message: 'Package download exceeded the one-hour limit.', code: 10551383 }
      : { state: 'failure', message: 'Package download failed.', code: 10551381 };
    endJob(s, op.jobUuid, now, false, m.download.message, m.download.code);
  }
  s.ops.splice(s.ops.indexOf(op), 1);
}
