// PATCH /cluster/software ?action=pause|resume|cancel on a running update.
// Pause and cancel of a moving update are pending until the running step
// reaches a pause point (update-run.ts); a paused update cancels at once.

import { OntapError } from './errors.js';
import { PATCH_SOFTWARE, newJob } from './jobs.js';
import type { Job } from './model.js';
import { runningUpdate, type EngineState } from './operation.js';
import { setRows, setState, updateRunning } from './progress.js';
import { finishCancel } from './update-end.js';
import { beginStep } from './update-run.js';

export function pauseUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  if (m.state !== 'in_progress') throw new OntapError(400, '10551368', 'Pause is only allowed while an update is in progress.', 'action');
  m.action = 'pause';
  setState(m, 'pause_pending', now);
  setRows(m, new Set(['in_progress']), 'pause_pending', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update pause pending';
  return newJob(m, PATCH_SOFTWARE, now, 'success');
}

export function resumeUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  if (m.state !== 'paused_by_user' && m.state !== 'paused_on_error') {
    throw new OntapError(400, '10551369', 'An update can only be resumed if it is in the paused state.', 'action');
  }
  const op = runningUpdate(s);
  m.action = 'resume';
  setState(m, 'in_progress', now);
  setRows(m, new Set(['paused_by_user', 'paused_on_error']), 'in_progress', now);
  if (m.metrocluster) m.metrocluster.summary = 'Update in progress';
  // After an error the failed step is run again; after a user pause the next one starts.
  if (op && op.nextAt === undefined) beginStep(s, op, now);
  return newJob(m, PATCH_SOFTWARE, now, 'success');
}

export function cancelUpdate(s: EngineState, now: number): Job {
  const m = s.model;
  const op = runningUpdate(s);
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
  return newJob(m, PATCH_SOFTWARE, now, 'success');
}
