// GET /api/cluster: read at start and on a slow schedule, exported as ontap_cluster_info,
// a configured name that is not ONTAP's logged once and shown on the status page.

import { describe, expect, it } from 'vitest';
import { IDENTITY_INTERVAL_SECONDS, dueEndpoints } from '../src/poll/due.js';
import { emptySnapshot } from '../src/poll/snapshot.js';
import { BASE_VERSION, TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { advanceUntil, sim, software } from './helpers/sim.js';

const identityReads = (f: Awaited<ReturnType<typeof sim>>) => f.requestLog().filter((r) => r.path === '/api/cluster').length;

describe('cluster identity', () => {
  it('is read on the first poll, then not again until it is due; exported with uuid and version', async () => {
    const f = await sim('idle');
    const name = f.clusters[0]!.name;
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    await exporter.pollAll();
    await exporter.pollAll();
    expect(identityReads(f)).toBe(1);
    const model = f.cluster(name).engine.model;
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_cluster_info', name)).toEqual({ [`ontap_name=${name},uuid=${model.uuid},version=${model.nodes[0]!.version}`]: 1 });
    expect(pick(series, 'ontap_scrape_success', name)['endpoint=cluster']).toBe(1);

    // Ten minutes after the last read it is due again.
    exporter.targets[0]!.snapshot.endpoints.cluster.lastSuccess! -= IDENTITY_INTERVAL_SECONDS;
    await exporter.pollAll();
    expect(identityReads(f)).toBe(2);
  });

  it('is read again on the poll after the software version changed (an update finished)', async () => {
    const f = await sim('upgrade-2node');
    const name = f.clusters[0]!.name;
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    expect(Object.keys(pick((await scrape(exporter)).series, 'ontap_cluster_info', name))[0]).toContain(`version=${BASE_VERSION}`);
    await advanceUntil(f, async () => (await software(f)).state === 'completed', 6 * 3600, 300);
    await exporter.pollAll(); // software now reports the new version; identity still the old one
    const reads = identityReads(f);
    await exporter.pollAll();
    expect(identityReads(f)).toBe(reads + 1);
    const info = Object.keys(pick((await scrape(exporter)).series, 'ontap_cluster_info', name));
    expect(info).toHaveLength(1);
    expect(info[0]).toContain(`version=${TARGET_VERSION}`);
    await exporter.pollAll();
    expect(identityReads(f)).toBe(reads + 1);
  });

  it('is due on a release change, not on two spellings of one release', () => {
    const due = (software: string, identity: string) => {
      const snap = emptySnapshot('c', 'dc', 60);
      Object.assign(snap.endpoints.cluster, { success: true, lastSuccess: 1000, data: { name: 'c', version: identity } });
      snap.endpoints.software.data = { version: software, nodes: [], phases: [], statusDetails: [], validation: [], sites: [] };
      return dueEndpoints(snap, 1060).includes('cluster');
    };
    expect(due('9.7.0', '9.7P5')).toBe(false);
    expect(due('9.13.1P17', '9.13.1P16')).toBe(false);
    expect(due('9.14.1', '9.14.1')).toBe(false);
    expect(due('9.15.1', '9.14.1')).toBe(true);
  });

  it('warns once, and on the status page, when the configured name is not the one ONTAP reports', async () => {
    const f = await sim('idle');
    const real = f.clusters[0]!.name;
    const { exporter, logs } = await exporterFor(f, () => ({ name: 'east-prod' }));
    await exporter.pollAll();
    exporter.targets[0]!.snapshot.endpoints.cluster.lastSuccess! -= IDENTITY_INTERVAL_SECONDS;
    await exporter.pollAll();
    await exporter.pollAll();
    expect(identityReads(f)).toBe(2);
    const warnings = logs.filter((l) => l.includes('differs from the name ONTAP reports'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ cluster: 'east-prod', ontap_name: real });
    const page = await (await fetch(`${exporter.url}/`)).text();
    expect(page).toContain(`ONTAP reports the name ${real}`);
    expect(Object.keys(pick((await scrape(exporter)).series, 'ontap_cluster_info', 'east-prod'))[0]).toContain(`ontap_name=${real},`);
  });

  it('a failing /api/cluster is retried each poll and hides nothing else', async () => {
    const f = await sim('idle');
    const name = f.clusters[0]!.name;
    f.inject(name, { kind: 'status', status: 403, endpoint: 'cluster' });
    const { exporter, logs } = await exporterFor(f);
    await exporter.pollAll();
    await exporter.pollAll();
    expect(identityReads(f)).toBe(2);
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_success', name)).toMatchObject({ 'endpoint=cluster': 0, 'endpoint=software': 1 });
    expect(pick(series, 'ontap_up', name)).toEqual({ '': 1 });
    expect(pick(series, 'ontap_cluster_info', name)).toEqual({});
    expect(Object.keys(pick(series, 'ontap_software_info', name))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('differs from the name'))).toEqual([]);
    f.clearFaults(name);
    await exporter.pollAll();
    expect(Object.keys(pick((await scrape(exporter)).series, 'ontap_cluster_info', name))).toHaveLength(1);
  });
});
