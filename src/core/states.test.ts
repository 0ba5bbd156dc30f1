import { describe, expect, it } from 'vitest';
import {
  ACTIVE_UPDATE_STATES, ERROR_UPDATE_STATES, FINISHED_UPDATE_STATES, PAUSED_UPDATE_STATES, UPDATE_STATES, updateMoving,
} from './states.js';

describe('update state classes', () => {
  it('split every known state into finished or under way, paused ones under way', () => {
    for (const s of UPDATE_STATES) {
      expect(FINISHED_UPDATE_STATES.has(s) !== ACTIVE_UPDATE_STATES.has(s), s).toBe(true);
      if (PAUSED_UPDATE_STATES.has(s)) expect(ACTIVE_UPDATE_STATES.has(s), s).toBe(true);
    }
    expect([...ACTIVE_UPDATE_STATES].sort()).toEqual(['cancel_pending', 'in_progress', 'pause_pending', 'paused_by_user', 'paused_on_error', 'waiting']);
  });

  it('name only known states in every class', () => {
    for (const set of [FINISHED_UPDATE_STATES, PAUSED_UPDATE_STATES, ACTIVE_UPDATE_STATES, ERROR_UPDATE_STATES]) {
      for (const s of set) expect(UPDATE_STATES as readonly string[], s).toContain(s);
    }
    expect([...ERROR_UPDATE_STATES].sort()).toEqual(['failed', 'paused_on_error']);
  });

  it('moving: under way and not paused; a state a newer release adds counts as moving', () => {
    expect(UPDATE_STATES.filter(updateMoving).sort()).toEqual(['cancel_pending', 'in_progress', 'pause_pending', 'waiting']);
    expect(updateMoving('rollback_pending')).toBe(true);
    expect(updateMoving(undefined)).toBe(false);
  });
});
