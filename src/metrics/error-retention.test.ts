import { describe, expect, it } from 'vitest';
import { emptySnapshot, recordOutcome, type ClusterSnapshot } from '../poll/snapshot.js';
import { ERROR_REASON_RETENTION_POLLS } from './samples.js';
import { createStore } from './store.js';

const T = 1_800_000_000;
const INTERVAL = 60;

async function exposition(snap: ClusterSnapshot, store = createStore({ processMetrics: false, buildInfo: false })): Promise<string> {
  store.apply(snap);
  return [...(await store.render(false)).parts].map((p) => p.toString()).join('');
}
const lines = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));

function poll(snap: ClusterSnapshot, at: number, failed?: 'timeout' | 'http_5xx'): void {
  recordOutcome(snap, 'history', failed ? { ok: false, reason: failed, message: 'x', durationSeconds: 1 } : { ok: true, data: { records: [] }, durationSeconds: 1 }, at);
  snap.lastPoll = at;
}

describe('ontap_scrape_errors_total by reason', () => {
  it('leaves /metrics once the reason has not recurred for 60 intervals; the per-endpoint total stays', async () => {
    const store = createStore({ processMetrics: false, buildInfo: false });
    const snap = emptySnapshot('c1', 'dc1', INTERVAL);
    poll(snap, T, 'timeout');
    poll(snap, T + INTERVAL);
    expect(lines(await exposition(snap, store), 'ontap_scrape_errors_total')).toEqual(['ontap_scrape_errors_total{cluster="c1",datacenter="dc1",endpoint="history",reason="timeout"} 1']);
    poll(snap, T + (ERROR_REASON_RETENTION_POLLS - 1) * INTERVAL);
    expect(lines(await exposition(snap, store), 'ontap_scrape_errors_total')).toHaveLength(1);
    poll(snap, T + ERROR_REASON_RETENTION_POLLS * INTERVAL);
    const after = await exposition(snap, store);
    expect(lines(after, 'ontap_scrape_errors_total')).toEqual([]);
    expect(lines(after, 'ontap_scrape_failures_total')).toContain('ontap_scrape_failures_total{cluster="c1",datacenter="dc1",endpoint="history"} 1');
  });

  it('comes back with its count when the reason recurs, beside a reason seen since', async () => {
    const store = createStore({ processMetrics: false, buildInfo: false });
    const snap = emptySnapshot('c1', 'dc1', INTERVAL);
    poll(snap, T, 'timeout');
    poll(snap, T + 2 * ERROR_REASON_RETENTION_POLLS * INTERVAL, 'http_5xx');
    expect(lines(await exposition(snap, store), 'ontap_scrape_errors_total')).toEqual(['ontap_scrape_errors_total{cluster="c1",datacenter="dc1",endpoint="history",reason="http_5xx"} 1']);
    poll(snap, T + 2 * ERROR_REASON_RETENTION_POLLS * INTERVAL + INTERVAL, 'timeout');
    expect(lines(await exposition(snap, store), 'ontap_scrape_errors_total')).toEqual([
      'ontap_scrape_errors_total{cluster="c1",datacenter="dc1",endpoint="history",reason="timeout"} 2',
      'ontap_scrape_errors_total{cluster="c1",datacenter="dc1",endpoint="history",reason="http_5xx"} 1',
    ]);
  });
});
