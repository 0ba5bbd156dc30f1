// node-cron ticks every second; each tick starts the polls that are due:
// every `interval`, every `fast_interval` while something is moving, never
// two at once for one cluster, at most `concurrency` across the fleet.

import cron, { type ScheduledTask } from 'node-cron';
import { isBusy } from './snapshot.js';
import type { Target } from './poller.js';

export interface Scheduler {
  /** Polls every cluster now (respecting concurrency); resolves when all are done. */
  pollAll(): Promise<void>;
  /** Polls these clusters now (a reload's new ones), as pollAll does. */
  poll(list: Target[]): Promise<void>;
  stop(): Promise<void>;
}

export function createScheduler(targets: Target[], poll: (t: Target) => Promise<void>, opts: { concurrency: number; jitterSeconds: number; cron: boolean }): Scheduler {
  let running = 0;
  const queue: Array<{ t: Target; done: () => void }> = [];
  const pump = () => {
    while (running < opts.concurrency && queue.length > 0) {
      const { t, done } = queue.shift() as { t: Target; done: () => void };
      running += 1;
      const startedAt = Date.now();
      poll(t).catch(() => undefined).finally(() => {
        running -= 1;
        t.polling = false;
        // The state just read decides the pace (an update that started switches to fast_interval).
        // Due one period after this poll started, so the period stays steady, but never sooner than
        // half a period after a slow poll ended.
        const period = (isBusy(t.snapshot) ? t.config.fastInterval : t.config.interval) * 1000;
        t.nextDue = Math.max(startedAt + period, Date.now() + period / 2);
        done();
        pump();
      });
    }
  };
  const start = (t: Target): Promise<void> => {
    t.polling = true;
    return new Promise((done) => { queue.push({ t, done }); pump(); });
  };
  const now = Date.now();
  for (const t of targets) t.nextDue = now + Math.random() * Math.min(opts.jitterSeconds, t.config.interval) * 1000;

  let task: ScheduledTask | undefined;
  if (opts.cron) {
    task = cron.schedule('* * * * * *', () => {
      const at = Date.now();
      for (const t of targets) if (!t.polling && t.nextDue <= at) void start(t);
    }, { name: 'ontap-poll', noOverlap: false });
  }
  const pollNow = async (list: Target[]) => {
    await Promise.all(list.map((t) => (t.polling ? Promise.resolve() : start(t))));
  };
  return {
    pollAll: () => pollNow(targets),
    poll: pollNow,
    stop: async () => {
      await task?.stop();
      await task?.destroy();
    },
  };
}
