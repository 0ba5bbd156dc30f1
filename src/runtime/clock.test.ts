import { describe, expect, it } from 'vitest';
import { manualClock, systemClock } from './clock.js';

describe('clock', () => {
  it('the system clock reads the wall clock and a monotonic one', () => {
    const before = Date.now();
    const wall = systemClock.now();
    expect(wall).toBeGreaterThanOrEqual(before);
    expect(wall).toBeLessThanOrEqual(Date.now());
    const a = systemClock.monotonic();
    expect(systemClock.monotonic()).toBeGreaterThanOrEqual(a);
  });

  it('a manual clock moves only when told; a wall step leaves monotonic time alone', () => {
    const c = manualClock(1_000_000, 50);
    expect([c.now(), c.monotonic()]).toEqual([1_000_000, 50]);
    c.advance(1500);
    expect([c.now(), c.monotonic()]).toEqual([1_001_500, 1550]);
    c.setWall(0);
    expect([c.now(), c.monotonic()]).toEqual([0, 1550]);
    expect(() => c.advance(-1)).toThrow(/cannot go back/);
    expect(() => c.advance(Number.NaN)).toThrow(/cannot go back/);
    expect(c.monotonic()).toBe(1550);
  });
});
