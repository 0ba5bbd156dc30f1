// Simulated time. ONTAP upgrades take hours; tests and demos need them in
// seconds (speed factor) or exactly on command (manual clock).

export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Manual clocks move only when told; a speed clock moves on its own. */
  readonly manual: boolean;
  /** Move a manual clock forward (seconds of simulated time). */
  advance(seconds: number): void;
}

export function speedClock(speed: number, startMs = Date.now()): SimClock {
  if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
  const realStart = Date.now();
  return {
    manual: false,
    now: () => startMs + (Date.now() - realStart) * speed,
    advance: () => {
      throw new Error('advance() is only for a manual clock');
    },
  };
}

export function manualClock(startMs = Date.parse('2026-01-01T00:00:00Z')): SimClock {
  let t = startMs;
  return {
    manual: true,
    now: () => t,
    advance: (seconds: number) => {
      if (!(seconds >= 0)) throw new Error(`advance takes seconds >= 0, got ${seconds}`);
      t += seconds * 1000;
    },
  };
}

/** ONTAP's own timestamp form: ISO 8601 with an offset, no fractions. */
export function ontapTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
