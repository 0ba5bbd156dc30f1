// An endpoint answering the same body as last time is not parsed or rendered again, yet every change,
// failure and recovery still shows at once.

import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type Endpoint } from '../src/exporter/collectors/index.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

describe('unchanged responses', () => {
  it('keep their parsed data; a change, a malformed answer and its recovery all show on the next poll', async () => {
    const f = await sim([{ ...fleetSetups(1, ['idle'])[0]!, nodes: 4, pastUpdates: [['9.11.1', '9.12.1', 200], ['9.12.1', '9.13.1', 100]] }]);
    const { exporter } = await exporterFor(f);
    const name = f.clusters[0]!.name;
    const t = exporter.targets[0]!;
    await exporter.pollAll();
    const first = Object.fromEntries(ENDPOINTS.map((e) => [e, t.snapshot.endpoints[e].data])) as Record<Endpoint, unknown>;
    const before = await scrape(exporter);
    const since = t.snapshot.endpoints.software.lastSuccess as number;

    // Nothing moved on the cluster: the same data objects (not parsed again), the same series, newer timestamps.
    await new Promise((r) => setTimeout(r, 20));
    await exporter.pollAll();
    for (const e of ENDPOINTS) expect(t.snapshot.endpoints[e].data).toBe(first[e]);
    const again = await scrape(exporter);
    const values = (s: typeof before.series) => s.filter((x) => x.name.startsWith('ontap_software_')).map((x) => `${x.name}${JSON.stringify(x.labels)} ${x.value}`);
    expect(values(again.series)).toEqual(values(before.series));
    expect(pick(again.series, 'ontap_scrape_last_success_timestamp_seconds', name)['endpoint=software']).toBeGreaterThan(since);

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
