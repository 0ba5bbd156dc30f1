import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../poll/snapshot.js';
import { ROWS_KEPT_SECONDS, updateRowsKey, updateRowsShown } from './budget.js';

const T = 1_800_000_000;
function snap(state: string, lastEnd?: number) {
  const s = emptySnapshot('c1', 'dc1', 60);
  s.endpoints.software.data = { state, nodes: [], phases: [{ node: 'n1', phase: 'Data ONTAP updates', state: 'completed' }], statusDetails: [], validation: [], sites: [] };
  s.endpoints.software.lastSuccess = T;
  if (lastEnd !== undefined) s.endpoints.history.data = { records: [{ node: 'n1', state: 'successful', end: lastEnd - 600 }, { node: 'n2', state: 'successful', end: lastEnd }] };
  return s;
}

describe('phase and step rows of an update', () => {
  it('are shown while it runs, fails or is canceled, whatever its age', () => {
    for (const state of ['in_progress', 'paused_on_error', 'failed', 'canceled']) expect(updateRowsShown(snap(state, T - 10 * ROWS_KEPT_SECONDS))).toBe(true);
  });

  it('are shown for an hour after the latest history end of a completed update, then not', () => {
    expect(updateRowsShown(snap('completed', T - ROWS_KEPT_SECONDS + 1))).toBe(true);
    expect(updateRowsShown(snap('completed', T - ROWS_KEPT_SECONDS))).toBe(false);
    expect(updateRowsShown(snap('completed'))).toBe(false); // no history: nothing says it just ended
  });

  it('re-render when the hour passes although the response did not change', () => {
    const s = snap('completed', T - 60);
    const shown = updateRowsKey(s);
    expect(shown).toBe(s.endpoints.software.data);
    s.endpoints.software.lastSuccess = T + ROWS_KEPT_SECONDS;
    const hidden = updateRowsKey(s);
    expect(hidden).not.toBe(shown);
    expect(updateRowsKey(s)).toBe(hidden); // stable while hidden: the store renders it once
  });
});
