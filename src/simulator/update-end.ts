// How an update stops: paused by the user at a pause point, paused or failed
// on an error, canceled, or completed. Each ends or keeps the update's job and
// operation as ONTAP does.

import { historyRecords } from './history.js';
import { endJob } from './jobs.js';
import { dropOperation, type EngineState, type UpdateOp } from './operation.js';
import { endSites, setRows, setState } from './progress.js';

/** Rows still moving when the update stops. */
const MOVING = new Set(['in_progress', 'pause_pending']);

/** A pause asked for takes effect when the running step reaches a pause point. */
export function pausedByUser(s: EngineState, now: number): void {
  const m = s.model;
  setState(m, 'paused_by_user', now);
  setRows(m, new Set(['pause_pending', 'in_progress']), 'paused_by_user', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update paused by user';
}

/** A step failed but can be run again: the update waits for resume. */
export function pausedOnError(s: EngineState, now: number): void {
  const m = s.model;
  setState(m, 'paused_on_error', now);
  setRows(m, MOVING, 'paused_on_error', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update paused on error';
}

/** The update failed: its job fails with ONTAP's message and code. */
export function failUpdate(s: EngineState, op: UpdateOp, now: number, message: string, code: number): void {
  const m = s.model;
  setState(m, 'failed', now);
  if (m.metrocluster) {
    endSites(m, now, 'failed');
    m.metrocluster.summary = 'Update failed';
  }
  endJob(m, op.jobUuid, now, false, message, code);
  dropOperation(s, op);
}

/** A step failed for good: the phase rows still moving fail with it. */
export function failedAtStep(s: EngineState, op: UpdateOp, now: number, message: string, code: number): void {
  setRows(s.model, MOVING, 'failed', now);
  failUpdate(s, op, now, message, code);
}

/** Canceled: nodes already on the new release count as updated, the others as canceled. */
export function finishCancel(s: EngineState, op: UpdateOp, now: number): void {
  const m = s.model;
  setState(m, 'canceled', now);
  setRows(m, new Set(['in_progress', 'pause_pending', 'cancel_pending', 'paused_by_user', 'paused_on_error', 'waiting']), 'canceled', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update canceled';
  m.history.push(...historyRecords(m, op, now, (i) => (m.nodes[i]?.version === op.version ? 'successful' : 'canceled')));
  m.pendingVersion = undefined;
  endJob(m, op.jobUuid, now, true, 'success');
  dropOperation(s, op);
}

export function completeUpdate(s: EngineState, op: UpdateOp, now: number): void {
  const m = s.model;
  setState(m, 'completed', now);
  if (m.metrocluster) {
    endSites(m, now, 'completed');
    m.metrocluster.summary = 'MetroCluster updated successfully.';
    m.metrocluster.details = 'Update completed on both sites.';
  }
  m.history.push(...historyRecords(m, op, now, () => 'successful'));
  m.postChecks = [...m.plannedPostChecks]; // what this update's post-update checks found
  m.pendingVersion = undefined;
  endJob(m, op.jobUuid, now, true, 'success');
  dropOperation(s, op);
}
