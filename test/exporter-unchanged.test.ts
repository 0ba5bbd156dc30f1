// An endpoint answering the same body as last time is not parsed or rendered again, yet every change,
// failure and recovery still shows at once.

import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type Endpoint } from '../src/core/endpoints.js';
import { createStore } from '../src/metrics/store.js';
import { manualClock } from '../src/runtime/clock.js';
import { emptySnapshot, recordOutcome, type ClusterSnapshot } from '../src/poll/snapshot.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

describe('unchanged responses', () => {
  it('keep their parsed data; a change, a malformed answer and its recovery all show on the next poll', async () => {
    const f = await sim([{ ...fleetSetups(1, ['idle'])[0]!, nodes: 4, pastUpdates: [['9.11.1', '9.12.1', 200], ['9.12.1', '9.13.1', 100]] }]);
    const clock = manualClock();
    const { exporter } = await exporterFor(f, () => ({}), false, { clock });
    const name = f.clusters[0]!.name;
    const t = exporter.targets[0]!;
    await exporter.pollAll();
    await exporter.pollAll(); // the firmware endpoints are read on the second poll, once the first told the release
    const first = Object.fromEntries(ENDPOINTS.map((e) => [e, t.snapshot.endpoints[e].data])) as Record<Endpoint, unknown>;
    const before = await scrape(exporter);
    const since = t.snapshot.endpoints.software.lastSuccess as number;

    // Nothing moved on the cluster: the same data objects (not parsed again), the same series, newer timestamps.
    clock.advance(1000);
    await exporter.pollAll();
    for (const e of ENDPOINTS) expect(t.snapshot.endpoints[e].data).toBe(first[e]);
    const again = await scrape(exporter);
    const values = (s: typeof before.series) => s.filter((x) => x.name.startsWith('ontap_software_')).map((x) => `${x.name}${JSON.stringify(x.labels)} ${x.value}`);
    expect(values(again.series)).toEqual(values(before.series));
    expect(pick(again.series, 'ontap_scrape_last_success_timestamp_seconds', name)['endpoint=software']).toBe(since + 1);

    // A malformed answer fails every time it comes (its digest is never trusted), and the old body recovers.
    const id = f.inject(name, { kind: 'malformed', endpoint: 'software' });
    await exporter.pollAll();
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(pick(series, 'ontap_up', name)['']).toBe(0);
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=bad_response']).toBe(2);
    f.clearFaults(name, id);
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_up', name)['']).toBe(1);
    expect(t.snapshot.endpoints.software.data).toBe(first.software);

    // An update starts: the new body is parsed and its series replace the old ones.
    f.act(name, { action: 'update', version: TARGET_VERSION, skip_warnings: true });
    f.advance(5);
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(t.snapshot.endpoints.software.data).not.toBe(first.software);
    expect(pick(series, 'ontap_software_update_state', name)['state=in_progress']).toBe(1);
    expect(pick(series, 'ontap_software_pending_version_info', name)).toEqual({ [`pending_version=${TARGET_VERSION}`]: 1 });
  });
});

describe('the store re-renders only what changed', () => {
  const STATES = ['in_progress', 'completed', 'failed', 'paused_on_error'];
  const software = (i: number, k: number) => ({
    version: '9.14.1', state: STATES[(i + k) % STATES.length], elapsed: i * 10 + k, nodes: [{ name: `c${i}-01`, version: '9.14.1' }],
    phases: [{ node: '', phase: 'Data ONTAP updates', state: STATES[(i * k) % STATES.length] }], statusDetails: [], validation: [], sites: [],
  });
  const fresh = async (snaps: ClusterSnapshot[]) => {
    const s = createStore({ processMetrics: false, buildInfo: false });
    for (const snap of snaps) s.apply(snap);
    return [...(await s.render(false)).parts].join('');
  };

  it('serves exactly what a store built from scratch serves, across 700 clusters and many partial changes', async () => {
    const snaps = Array.from({ length: 700 }, (_, i) => {
      const snap = emptySnapshot(`c${i}`, i % 2 ? 'dc-a' : 'dc-b', 60);
      recordOutcome(snap, 'software', { ok: true, data: software(i, 0), durationSeconds: 0.1 }, 1000);
      snap.lastPoll = 1000;
      return snap;
    });
    const store = createStore({ processMetrics: false, buildInfo: false });
    for (const snap of snaps) store.apply(snap);
    expect([...(await store.render(false)).parts].join('')).toBe(await fresh(snaps));
    for (let k = 1; k <= 5; k++) {
      // Some clusters change data, some fail, most only get a new poll time.
      for (const [i, snap] of snaps.entries()) {
        if (i % (7 + k) === 0) recordOutcome(snap, 'software', { ok: true, data: software(i, k), durationSeconds: 0.2 }, 1000 + k);
        else if (i % (11 + k) === 0) recordOutcome(snap, 'history', { ok: false, reason: 'timeout', message: 'poll timeout reached', durationSeconds: 3 }, 1000 + k);
        else recordOutcome(snap, 'software', { ok: true, data: snap.endpoints.software.data as never, durationSeconds: 0.01 * k }, 1000 + k);
        snap.lastPoll = 1000 + k;
        if (i % 3 !== 0) store.apply(snap);
      }
      // Not every cluster was applied this round: the fresh store must see what the store saw.
      const seen = (await store.render(false)).parts;
      const text = [...seen].join('');
      for (const [i, snap] of snaps.entries()) if (i % 3 === 0) store.apply(snap);
      const all = [...(await store.render(false)).parts].join('');
      expect(all).toBe(await fresh(snaps));
      expect(text).not.toBe(all);
    }
    // A reload drops clusters and relabels others: gone at once, the labels on the next poll.
    const kept = snaps.filter((_, i) => i % 5 !== 1);
    for (const [i, snap] of snaps.entries()) if (i % 5 === 1) store.remove(snap.cluster);
    expect([...(await store.render(false)).parts].join('')).toBe(await fresh(kept));
    for (const snap of kept.slice(0, 300)) store.setClusterLabels(snap.cluster, { team: 'storage' });
    for (const snap of kept) store.apply(snap);
    const labelled = [...(await store.render(false)).parts].join('');
    expect(labelled.match(/team="storage"/g)?.length).toBeGreaterThan(300);
    expect(labelled.replaceAll(',team="storage"', '')).toBe(await fresh(kept));
  });
});
