// The wall clock stepping (NTP, an operator's `date -s`, a VM resumed) changes nothing in when
// clusters are polled, and leaves no calendar job waiting for hours (issue 17). End to end through
// the scheduler's own tick and node-cron's, on fake timers: the test steps Date alone, as a clock
// step does, and moves timers and monotonic time as real time passing does.

import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterConfig } from '../src/config/config.js';
import type { Target } from '../src/poll/poller.js';
import { dueEndpoints } from '../src/poll/due.js';
import { createScheduler, type Scheduler } from '../src/poll/scheduler.js';
import { emptySnapshot } from '../src/poll/snapshot.js';
import { systemClock } from '../src/runtime/clock.js';
import { createLogger } from '../src/runtime/log.js';

const HOUR = 3_600_000;

function target(name: string, interval: number): Target {
  const config = { name, url: `https://${name}`, datacenter: 'dc1', insecureSkipVerify: false, interval, fastInterval: interval, timeouts: { connect: 1, headers: 1, body: 1, poll: 5 }, maxResponseBytes: 1 << 20 } as ClusterConfig;
  return { config, client: undefined as never, snapshot: emptySnapshot(name, 'dc1', interval), polling: false, nextDue: 0 };
}

let scheduler: Scheduler | undefined;
const console_: string[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date', 'performance'] });
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => { console_.push(a.map(String).join(' ')); });
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  console_.length = 0;
});

function start(at: number, interval = 10) {
  vi.setSystemTime(at);
  const logs: string[] = [];
  const log = createLogger('debug', 'json', new Writable({ write(c, _e, done) { logs.push(String(c)); done(); } }));
  const polls: number[] = [];
  const daily: number[] = [];
  scheduler = createScheduler([target('c1', interval)], async () => { polls.push(Date.now()); }, {
    concurrency: 4, jitterSeconds: 0, cron: true, clock: systemClock, log, daily: [() => daily.push(Date.now())],
  });
  return { polls, daily, logs };
}

describe('a wall clock step changes nothing in polling', () => {
  it('stepped back 1 h: polls go on every interval (node-cron would wait out the hour)', async () => {
    const { polls } = start(Date.UTC(2026, 5, 1, 12));
    await vi.advanceTimersByTimeAsync(30_000);
    const before = polls.length;
    expect(before).toBeGreaterThanOrEqual(3);
    vi.setSystemTime(Date.now() - HOUR);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls.length - before).toBeGreaterThanOrEqual(5);
    expect(polls.length - before).toBeLessThanOrEqual(7);
  });

  it('stepped forward 1 h: no burst of polls, not one line on the console', async () => {
    const { polls, logs } = start(Date.UTC(2026, 5, 1, 12));
    await vi.advanceTimersByTimeAsync(30_000);
    const before = polls.length;
    vi.setSystemTime(Date.now() + HOUR);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(polls.length - before).toBeGreaterThanOrEqual(2);
    expect(polls.length - before).toBeLessThanOrEqual(4);
    // node-cron's per-second tick printed 3,600 coloured "missed execution" warnings here.
    expect(console_).toEqual([]);
    expect(logs.join('')).toMatch(/"step_seconds":3600.*wall clock stepped/);
  });
});

describe('the daily jobs (node-cron) follow the calendar through steps', () => {
  it('run at the turn of the UTC day', async () => {
    const { daily } = start(Date.UTC(2026, 5, 1, 23, 59, 50));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(daily).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(daily).toHaveLength(1);
    expect(new Date(daily[0] as number).toISOString()).toMatch(/^2026-06-02T00:00:0/);
  });

  it('a step forward over midnight runs them within seconds, not at the old timer hours later', async () => {
    const { daily } = start(Date.UTC(2026, 5, 1, 12));
    await vi.advanceTimersByTimeAsync(5_000);
    vi.setSystemTime(Date.UTC(2026, 5, 2, 0, 30));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(daily).toHaveLength(1);
    // And the next turn of the day is kept, on the new wall clock.
    await vi.advanceTimersByTimeAsync(24 * HOUR - 30 * 60_000);
    expect(daily).toHaveLength(2);
    expect(console_).toEqual([]);
  });

  it('a step back keeps the next turn of the day at midnight by the wall clock', async () => {
    const { daily } = start(Date.UTC(2026, 5, 1, 22));
    await vi.advanceTimersByTimeAsync(5_000);
    vi.setSystemTime(Date.UTC(2026, 5, 1, 20));
    await vi.advanceTimersByTimeAsync(4 * HOUR - 60_000);
    expect(daily).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(daily).toHaveLength(1);
    expect(new Date(daily[0] as number).toISOString()).toMatch(/^2026-06-02T00:00:0/);
  });
});

describe('slow-changing endpoints after a step back', () => {
  it('identity (GET /api/cluster) is read again at once, not only once the wall clock is back where it was', () => {
    const snap = emptySnapshot('c1', 'dc1', 60);
    const at = Date.UTC(2026, 5, 1, 12) / 1000;
    snap.endpoints.cluster = { ...snap.endpoints.cluster, success: true, lastSuccess: at };
    expect(dueEndpoints(snap, at + 60)).not.toContain('cluster');
    expect(dueEndpoints(snap, at + 600)).toContain('cluster');
    expect(dueEndpoints(snap, at - 3600)).toContain('cluster');
  });
});
