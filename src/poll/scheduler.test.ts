import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../config/config.js';
import { manualClock } from '../runtime/clock.js';
import type { Target } from './poller.js';
import { createScheduler } from './scheduler.js';
import { emptySnapshot } from './snapshot.js';

function target(name: string): Target {
  const config = { name, url: `https://${name}`, datacenter: 'dc1', insecureSkipVerify: false, interval: 60, fastInterval: 15, timeouts: { connect: 1, headers: 1, body: 1, poll: 30 }, maxResponseBytes: 1 << 20 } as ClusterConfig;
  return { config, client: undefined as never, snapshot: emptySnapshot(name, 'dc1', 60), polling: false, nextDue: 0 };
}

/** A scheduler over `names` whose polls end only when the test says so; no cron, ticks by pollDue(). */
function setup(names: string[]) {
  const clock = manualClock();
  const targets = names.map(target);
  const polls: string[] = [];
  const pending = new Map<string, () => void>();
  const s = createScheduler(targets, (t, stop) => {
    polls.push(t.config.name);
    t.snapshot.lastPoll = clock.now() / 1000;
    // As the poller does, a poll in flight ends when the scheduler stops.
    return new Promise((r) => { pending.set(t.config.name, r); stop.addEventListener('abort', () => r(), { once: true }); });
  }, { concurrency: 8, jitterSeconds: 0, cron: false, clock });
  /** Ends a cluster's poll in flight, and lets the scheduler see it end. */
  const finish = async (name: string) => {
    pending.get(name)?.();
    pending.delete(name);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const byName = (n: string) => targets.find((t) => t.config.name === n) as Target;
  return { clock, s, polls, finish, byName };
}

describe('scheduler', () => {
  it('polls every interval, every fast_interval while an update runs, never two polls of a cluster at once', async () => {
    const { clock, s, polls, finish, byName } = setup(['idle', 'busy', 'slow']);
    void s.pollDue();
    expect(polls.sort()).toEqual(['busy', 'idle', 'slow']);
    byName('busy').snapshot.endpoints.software.data = { state: 'in_progress' } as never;
    await finish('idle');
    await finish('busy');
    polls.length = 0;
    // 'slow' never answers: ticks for minutes start no second poll of it.
    for (let second = 1; second <= 120; second++) {
      clock.advance(1000);
      void s.pollDue();
      await finish('idle');
      await finish('busy');
    }
    expect(polls.filter((n) => n === 'slow')).toEqual([]);
    expect(polls.filter((n) => n === 'idle')).toHaveLength(2); // at 60 s and 120 s
    expect(polls.filter((n) => n === 'busy')).toHaveLength(8); // every 15 s
    // Its poll took 120 s, past its period: due again half a period after it ended, not at once.
    await finish('slow');
    const slowPolls = () => polls.filter((n) => n === 'slow').length;
    clock.advance(29_000);
    void s.pollDue();
    expect(slowPolls()).toBe(0);
    clock.advance(1000);
    void s.pollDue();
    expect(slowPolls()).toBe(1);
    await s.stop();
  });

  it('a Retry-After holds the next poll back; due times do not follow a wall clock stepped back or forward', async () => {
    const { clock, s, polls, finish, byName } = setup(['c']);
    void s.pollDue();
    const c = byName('c');
    c.snapshot.backoff = { until: clock.now() / 1000 + 300, requestedSeconds: 300 };
    await finish('c');
    expect(c.nextDue - clock.monotonic()).toBe(300_000);
    delete c.snapshot.backoff;
    clock.advance(299_000);
    await s.pollDue();
    expect(polls).toHaveLength(1);
    clock.advance(1000);
    void s.pollDue();
    await finish('c');
    expect(polls).toHaveLength(2);
    // A day back on the wall clock: the next poll is still 60 s away, not a day.
    clock.setWall(clock.now() - 86_400_000);
    clock.advance(60_000);
    void s.pollDue();
    await finish('c');
    expect(polls).toHaveLength(3);
    // A day forward: no burst of polls.
    clock.setWall(clock.now() + 2 * 86_400_000);
    clock.advance(1000);
    await s.pollDue();
    expect(polls).toHaveLength(3);
    await s.stop();
  });
});
