// An update's step sequence: start the current step, and when it ends either
// fail it (a planted fault), or apply its effects and go on — stopping at a
// pause point when a pause or cancel is pending.

import type { EngineState, UpdateOp, UpgradeFault } from './operation.js';
import type { Step } from './plan.js';
import { STEP_EFFECTS, nodeName, stepRun } from './update-steps.js';
import { failedAtStep, finishCancel, pausedByUser, pausedOnError } from './update-end.js';

const FAILED_STEP_ACTION = 'Check the node with "storage failover show" and "cluster image show-update-progress", fix the cause, then resume the update.';

export function beginStep(s: EngineState, op: UpdateOp, now: number): void {
  const step = op.steps[op.index];
  if (!step) return;
  op.nextAt = now + step.seconds * 1000;
  STEP_EFFECTS[step.kind].begin(stepRun(s, op, step, now));
}

export function endUpdateStep(s: EngineState, op: UpdateOp, now: number): void {
  const step = op.steps[op.index];
  if (!step) return;
  const fault = takeFault(s, step);
  if (fault) return stepFailed(s, op, step, fault, now);
  if (STEP_EFFECTS[step.kind].end(stepRun(s, op, step, now)) === 'stopped') return;
  op.index += 1;
  if (step.pausePoint && s.model.state === 'pause_pending') return pausedByUser(s, now);
  if (step.pausePoint && s.model.state === 'cancel_pending') return finishCancel(s, op, now);
  beginStep(s, op, now);
}

/** The first planted fault matching this step, used up. */
function takeFault(s: EngineState, step: Step): UpgradeFault | undefined {
  const k = s.faults.findIndex((f) => f.step === step.kind && (f.node === undefined || step.nodes.includes(f.node)));
  if (k < 0) return undefined;
  return s.faults.splice(k, 1)[0];
}

/** The step's open status rows fail with the fault's message; the update pauses (the step runs again on resume) or fails. */
function stepFailed(s: EngineState, op: UpdateOp, step: Step, fault: UpgradeFault, now: number): void {
  const m = s.model;
  const names = step.nodes.filter((i) => fault.node === undefined || i === fault.node).map((i) => nodeName(m, i));
  const message = fault.message ?? `${step.kind} failed on node ${names.join(', ')}.`;
  for (const n of names) {
    const open = m.status.find((r) => r.node === n && r.end_time === undefined);
    if (open) {
      open.state = 'failed';
      open.issue = { message, code: 10551400 };
      open.action = { message: fault.action ?? FAILED_STEP_ACTION };
      open.end_time = now;
    }
  }
  if (fault.outcome === 'paused_on_error') return pausedOnError(s, now);
  failedAtStep(s, op, now, message, 10551400);
}
