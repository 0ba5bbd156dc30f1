// Time, passed in rather than read from globals, so that tests move it instead of sleeping.
// Two readings, because they answer different questions: `now` is the wall clock (timestamps
// that are exported or shown: it may step when NTP or an operator sets it); `monotonic` never
// steps, so waits, periods and durations measured with it cannot freeze or go negative.

export interface Clock {
  /** Wall-clock time, Unix milliseconds. */
  now(): number;
  /** Milliseconds from an arbitrary origin; never steps back or jumps. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock that moves only when told: tests advance it instead of waiting. */
export interface ManualClock extends Clock {
  /** Both readings move forward by `ms`, as real time passing would. */
  advance(ms: number): void;
  /** Steps the wall clock alone (an NTP correction, an operator's `date -s`); monotonic time is unchanged. */
  setWall(epochMs: number): void;
}

export function manualClock(epochMs = Date.UTC(2026, 0, 1), monotonicMs = 0): ManualClock {
  let wall = epochMs;
  let mono = monotonicMs;
  return {
    now: () => wall,
    monotonic: () => mono,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`a clock cannot go back: advance(${ms})`);
      wall += ms;
      mono += ms;
    },
    setWall(epoch) { wall = epoch; },
  };
}
