// What is truly calendar-shaped runs on node-cron: jobs at the turn of each UTC day (deadlines and
// support dates re-evaluated, slow-changing data refreshed). node-cron times its next run from the
// wall clock once, when it arms its timer, so a clock step would leave it waiting for hours (a step
// forward over midnight) or flood the log with "missed execution" warnings; the scheduler's
// monotonic tick calls `tick()` every second, which notices a step, re-arms node-cron from the new
// wall clock and catches up a day it skipped. node-cron's own output goes through our logger.

import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';

/** A difference between wall and monotonic time larger than this is a step, not drift. */
export const STEP_MS = 2_000;

/** node-cron's logger, as lines of ours (its default writes coloured text with console.*). */
export function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.info({ component: 'node-cron' }, m),
    warn: (m) => log.warn({ component: 'node-cron' }, m),
    error: (m, err) => log.error({ component: 'node-cron', ...(err ? { err: err.message } : {}) }, text(m)),
    debug: (m, err) => log.debug({ component: 'node-cron', ...(err ? { err: err.message } : {}) }, text(m)),
  };
}

export interface Calendar {
  /** Called every second on monotonic time: notices a wall-clock step. */
  tick(): void;
  stop(): Promise<void>;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Runs `jobs` at every turn of a UTC day, and once more when a clock step lands on another day. */
export function startCalendar(jobs: Array<() => void>, clock: Clock, log: Logger): Calendar {
  let lastDay = utcDay(clock.now());
  let offset = clock.now() - clock.monotonic();
  const run = (why: string) => {
    lastDay = utcDay(clock.now());
    log.debug({ day: lastDay, why }, 'daily jobs');
    for (const job of jobs) {
      try {
        job();
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'daily job failed');
      }
    }
  };
  const logger = cronLogger(log);
  const task: ScheduledTask = cron.schedule('0 0 0 * * *', () => run('new day'), { name: 'ontap-daily', timezone: 'Etc/UTC', logger, noOverlap: true });
  // A run node-cron finds it missed (the process was stopped, the clock jumped): caught up once, quietly.
  task.on('execution:missed', () => { if (utcDay(clock.now()) !== lastDay) run('missed turn of the day'); });
  return {
    tick() {
      const now = offsetNow(clock);
      if (Math.abs(now - offset) <= STEP_MS) return;
      log.warn({ step_seconds: Math.round((now - offset) / 1000) }, 'wall clock stepped: polling is on monotonic time and unaffected; daily jobs re-armed');
      offset = now;
      void Promise.resolve(task.stop()).then(() => task.start());
      if (utcDay(clock.now()) !== lastDay) run('clock step');
    },
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}

const offsetNow = (clock: Clock) => clock.now() - clock.monotonic();
