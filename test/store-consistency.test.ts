// What a scrape serves for a cluster is what its snapshot says: the store's caches (parts kept while
// their key holds, samples made for the max_series check and reused for the render) never serve
// older numbers than a fresh render of the same snapshot would, poll after poll of a moving update.

import { describe, expect, it } from 'vitest';
import { createStore } from '../src/metrics/store.js';
import { manualClock } from '../src/runtime/clock.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

async function text(store: ReturnType<typeof createStore>): Promise<string> {
  return [...(await store.render(false)).parts].map((p) => p.toString()).join('');
}
const ontapLines = (t: string, cluster: string) => t.split('\n').filter((l) => l.startsWith('ontap_') && l.includes(`cluster="${cluster}"`)).sort();

describe('the exposition of a cluster', () => {
  it('equals a fresh render of its snapshot after every poll of running updates', async () => {
    const f = await sim(fleetSetups(3, ['upgrade-2node', 'metrocluster', 'paused-on-error']));
    const clock = manualClock();
    const { exporter } = await exporterFor(f, () => ({}), false, { clock, exporterMetrics: false });
    for (let poll = 0; poll < 8; poll++) {
      // A failing endpoint on one cluster for a few polls: its status rows move, then recover.
      if (poll === 2) f.inject(f.clusters[1]!.name, { kind: 'status', status: 500, endpoint: 'history', forSeconds: 100 });
      f.advance(45);
      clock.advance(45_000);
      await exporter.pollAll();
      const served = await text(exporter.store);
      for (const t of exporter.targets) {
        const fresh = createStore({ processMetrics: false, buildInfo: false });
        fresh.apply(t.snapshot);
        expect(ontapLines(served, t.config.name), `poll ${poll}, ${t.config.name}`).toEqual(ontapLines(await text(fresh), t.config.name));
      }
    }
  });
});
