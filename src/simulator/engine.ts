// The cluster's long-running operations advance as sequences of timed steps.
// Nothing runs on a timer: `sync(s, now)` replays every step end that has
// passed, earliest first, so a thousand idle clusters cost nothing and a
// manual clock is exact. Each operation kind starts in its own file
// (validate.ts, update.ts, download.ts, packages.ts; control.ts for
// pause/resume/cancel); `endStep` is the one place a step's end is applied.

import { finishDownload } from './download.js';
import type { EngineState, Operation } from './operation.js';
import { finishDeletePackage } from './packages.js';
import { endUpdateStep } from './update-run.js';
import { finishValidate } from './validate.js';

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

/** The operation's current step ended at `now`: the update goes on to its next step, the others finish. */
function endStep(s: EngineState, op: Operation, now: number): void {
  switch (op.kind) {
    case 'validate': return finishValidate(s, op, now);
    case 'update': return endUpdateStep(s, op, now);
    case 'download': return finishDownload(s, op, now);
    case 'delete': return finishDeletePackage(s, op, now);
    default: return unreachable(op);
  }
}

function unreachable(op: never): never {
  throw new Error(`unknown operation ${(op as { kind: string }).kind}`);
}
