// A monotonic timer ticks every second; each tick starts the polls that are due:
// every `interval`, every `fast_interval` while something is moving, never
// two at once for one cluster, at most `concurrency` across the fleet.
// Due times and the tick itself are on monotonic time: a wall clock stepped back (NTP, an
// operator, a VM resumed) cannot hold polls back, nor one stepped forward fire them all at once.
// (node-cron, which times its next tick from the wall clock, keeps the calendar's daily jobs:
// calendar.ts.) Only a Retry-After, which names a wall-clock instant, is read on the wall clock,
// and turned into a wait.

import { setMaxListeners } from 'node:events';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';
import { startCalendar, type Calendar } from './calendar.js';
import { isBusy } from './snapshot.js';
import type { Target } from './poller.js';

/** How long past timeouts.poll a poll may keep its concurrency slot. */
const SLOT_GRACE_SECONDS = 1;

export interface Scheduler {
  /** Polls every cluster now (respecting concurrency); resolves when all are done. */
  pollAll(): Promise<void>;
  /** Polls these clusters now (a reload's new ones), as pollAll does. */
  poll(list: Target[]): Promise<void>;
  /** What each tick does: starts the polls that are due by the clock; resolves when those are done (tests tick with it). */
  pollDue(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  concurrency: number;
  jitterSeconds: number;
  /** Tick on its own (off in tests that call pollDue themselves). */
  cron: boolean;
  clock: Clock;
  /** Run at each turn of a UTC day (with `cron`), and when a clock step lands on another day. */
  daily?: Array<() => void>;
  /** Needed with `cron`: clock steps and the calendar's jobs are logged. */
  log?: Logger;
}

/** Milliseconds between ticks. */
const TICK_MS = 1000;

export function createScheduler(targets: Target[], poll: (t: Target, stop: AbortSignal) => Promise<void>, opts: SchedulerOptions): Scheduler {
  const { clock } = opts;
  let running = 0;
  const queue: Array<{ t: Target; done: () => void }> = [];
  // Read from `head` on, not shift()ed: shift moves the whole array, 10,000 clusters a cycle.
  let head = 0;
  // Aborted by stop(): polls in flight end at once instead of at their deadline.
  const stopping = new AbortController();
  setMaxListeners(0, stopping.signal); // one listener per poll in flight, by design
  const inFlight = new Set<Promise<void>>();
  const pump = () => {
    while (running < opts.concurrency && head < queue.length && !stopping.signal.aborted) {
      const { t, done } = queue[head++] as { t: Target; done: () => void };
      if (head === queue.length) queue.length = head = 0;
      running += 1;
      const startedAt = clock.monotonic();
      // The poller ends every poll by its deadline; should that ever fail, the slot is still
      // freed a little after it, so one stuck cluster never starves the others.
      let freed = false;
      const free = () => {
        if (freed) return;
        freed = true;
        running -= 1;
        pump();
      };
      const guard = setTimeout(free, (t.config.timeouts.poll + SLOT_GRACE_SECONDS) * 1000);
      guard.unref();
      const p = poll(t, stopping.signal).catch(() => undefined).finally(() => {
        inFlight.delete(p);
        clearTimeout(guard);
        t.polling = false;
        // The state just read decides the pace (an update that started switches to fast_interval).
        // Due one period after this poll started, so the period stays steady, but never sooner than
        // half a period after a slow poll ended, nor before a Retry-After the cluster sent.
        const period = (isBusy(t.snapshot) ? t.config.fastInterval : t.config.interval) * 1000;
        const ended = clock.monotonic();
        const backoffMs = t.snapshot.backoff ? t.snapshot.backoff.until * 1000 - clock.now() : 0;
        t.nextDue = Math.max(startedAt + period, ended + period / 2, ended + backoffMs);
        done();
        free();
      });
      inFlight.add(p);
    }
  };
  const start = (t: Target): Promise<void> => {
    t.polling = true;
    return new Promise((done) => { queue.push({ t, done }); pump(); });
  };
  const now = clock.monotonic();
  for (const t of targets) t.nextDue = now + Math.random() * Math.min(opts.jitterSeconds, t.config.interval) * 1000;

  const pollDue = async () => {
    const at = clock.monotonic();
    await Promise.all(targets.filter((t) => !t.polling && t.nextDue <= at).map(start));
  };
  // setTimeout runs on the event loop's monotonic clock; each tick is armed from the last one's
  // due time, so the cadence does not drift, and a tick late by more than a period (the process
  // was stopped) is skipped, not replayed.
  let timer: NodeJS.Timeout | undefined;
  let calendar: Calendar | undefined;
  if (opts.cron) {
    if (opts.log) calendar = startCalendar(opts.daily ?? [], clock, opts.log);
    let due = clock.monotonic() + TICK_MS;
    const tick = () => {
      const at = clock.monotonic();
      due = Math.max(due + TICK_MS, at + TICK_MS / 2);
      timer = setTimeout(tick, due - at);
      calendar?.tick();
      void pollDue();
    };
    timer = setTimeout(tick, TICK_MS);
  }
  const pollNow = async (list: Target[]) => {
    await Promise.all(list.map((t) => (t.polling ? Promise.resolve() : start(t))));
  };
  return {
    pollAll: () => pollNow(targets),
    poll: pollNow,
    pollDue,
    stop: async () => {
      stopping.abort();
      clearTimeout(timer);
      await calendar?.stop();
      const waiting = queue.splice(head);
      queue.length = head = 0;
      for (const q of waiting) {
        q.t.polling = false;
        q.done();
      }
      await Promise.all(inFlight);
    },
  };
}
