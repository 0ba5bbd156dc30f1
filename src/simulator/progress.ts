// An update's progress as ONTAP reports it on /cluster/software: the overall
// state and elapsed time, the phase rows (update_details), the step rows
// (status_details) and the MetroCluster sites. Elapsed time is not ticked: a
// row remembers when it started running and accrues when it stops.

import type { ClusterModel, UpdateState } from './model.js';

export const PHASE = { pre: 'Pre-update checks', data: 'Data ONTAP updates', post: 'Post-update checks' } as const;

const ACTIVE: ReadonlySet<string> = new Set(['in_progress', 'pause_pending', 'cancel_pending', 'paused_by_user', 'paused_on_error', 'waiting']);

/** An update (or validation) is under way, paused ones included. */
export function updateRunning(m: ClusterModel): boolean {
  return m.state !== undefined && ACTIVE.has(m.state);
}

/** Elapsed seconds including the running stretch (for rendering). */
export function elapsedNow(base: number, runningSince: number | undefined, now: number): number {
  return base + (runningSince === undefined ? 0 : Math.floor((now - runningSince) / 1000));
}

function accrue(row: { elapsed_duration?: number; elapsed?: number; runningSince?: number }, now: number): void {
  if (row.runningSince === undefined) return;
  const secs = Math.floor((now - row.runningSince) / 1000);
  if ('elapsed_duration' in row && row.elapsed_duration !== undefined) row.elapsed_duration += secs;
  else if ('elapsed' in row && row.elapsed !== undefined) row.elapsed += secs;
  row.runningSince = undefined;
}

export function setState(m: ClusterModel, state: UpdateState, now: number): void {
  const moving = state === 'in_progress' || state === 'pause_pending' || state === 'cancel_pending';
  if (moving) m.runningSince ??= now;
  else if (m.runningSince !== undefined) {
    m.elapsed += Math.floor((now - m.runningSince) / 1000);
    m.runningSince = undefined;
  }
  m.state = state;
}

/** Moves every phase row and site in one of the `from` states to `to`, accruing time as they stop. */
export function setRows(m: ClusterModel, from: ReadonlySet<string>, to: string, now: number): void {
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

function phaseRow(m: ClusterModel, phase: string, node?: string) {
  return m.phases.find((r) => r.phase === phase && r.node === node);
}

export function startRow(m: ClusterModel, phase: string, node: string | undefined, now: number): void {
  const r = phaseRow(m, phase, node);
  if (r?.state === 'waiting') { r.state = 'in_progress'; r.runningSince = now; }
}

export function endRow(m: ClusterModel, phase: string, node: string | undefined, now: number, state = 'completed'): void {
  const r = phaseRow(m, phase, node);
  if (!r) return;
  accrue(r, now);
  r.state = state;
}

/** A step's status row: updated in place while it runs; a new run of the same step adds a row (ONTAP repeats names). */
export function statusRow(m: ClusterModel, name: string, node: string, now: number, state: string, message: string): void {
  const open = m.status.find((r) => r.name === name && r.node === node && r.end_time === undefined);
  if (open) {
    open.state = state;
    open.issue = { message };
    if (state !== 'in_progress') open.end_time = now;
    return;
  }
  m.status.push({ name, node, state, issue: { message }, start_time: now, ...(state === 'in_progress' ? {} : { end_time: now }) });
}

/** The MetroCluster site holding node `nodeIndex` starts (from waiting) or stops in `state`. */
export function setSite(m: ClusterModel, nodeIndex: number, now: number, state: string): void {
  if (!m.mcSites || !m.metrocluster) return;
  const k = m.mcSites.findIndex((site) => site.nodes.includes(nodeIndex));
  const site = m.metrocluster.sites[k];
  if (!site) return;
  if (state === 'in_progress' && site.state === 'waiting') { site.state = 'in_progress'; site.runningSince = now; }
  if (state !== 'in_progress') { accrue(site, now); site.state = state; }
}

/** Every site not yet completed stops in `state` (an update failing or completing). */
export function endSites(m: ClusterModel, now: number, state: 'failed' | 'completed'): void {
  for (const site of m.metrocluster?.sites ?? []) {
    if (state === 'failed' && site.state === 'completed') continue;
    accrue(site, now);
    site.state = state;
  }
}
