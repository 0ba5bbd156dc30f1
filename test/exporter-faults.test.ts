import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../src/simulator/faults.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { createClient } from '../src/ontap/client.js';
import { demoClusters } from '../src/demo/cli.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

/** Each fault, the endpoint it hits, and the reason the exporter must count. */
const FAULTS: Array<[string, FaultSpec, string]> = [
  ['HTTP 500', { kind: 'status', status: 500, endpoint: 'software' }, 'http_5xx'],
  ['HTTP 503', { kind: 'status', status: 503, endpoint: 'software' }, 'http_5xx'],
  ['HTTP 401', { kind: 'status', status: 401, endpoint: 'software' }, 'auth'],
  ['HTTP 403', { kind: 'status', status: 403, endpoint: 'software' }, 'auth'],
  ['HTTP 404', { kind: 'status', status: 404, endpoint: 'software' }, 'http_4xx'],
  ['connection reset', { kind: 'reset', endpoint: 'software' }, 'connect'],
  ['address unreachable', { kind: 'unreachable', endpoint: 'software' }, 'connect'],
  ['truncated JSON', { kind: 'truncate', endpoint: 'software' }, 'bad_response'],
  ['malformed JSON', { kind: 'malformed', endpoint: 'software' }, 'bad_response'],
  ['too slow', { kind: 'latency', latencyMs: 4000, endpoint: 'software' }, 'timeout'],
];

describe('faults give ontap_up 0 and a counted reason, then recover', () => {
  for (const [label, fault, reason] of FAULTS) {
    it(label, async () => {
      const f = await sim('upgrade-2node', { timing: { lifMove: 0 } });
      const { exporter, logs } = await exporterFor(f, () => ({ timeouts: { connect: 1, headers: 1.5, body: 1.5, poll: 2 } }));
      const name = f.clusters[0]!.name;
      await exporter.pollAll();
      let { series } = await scrape(exporter);
      expect(pick(series, 'ontap_up', name)['']).toBe(1);
      const id = f.inject(name, fault);
      await exporter.pollAll();
      ({ series } = await scrape(exporter));
      expect(pick(series, 'ontap_up', name)['']).toBe(0);
      // The firmware group was read on this (second) poll, once the first told the release: a software fault is not its.
      expect(pick(series, 'ontap_scrape_success', name)).toEqual({ 'endpoint=software': 0, 'endpoint=download': 1, 'endpoint=history': 1, 'endpoint=packages': 1, 'endpoint=cluster': 1, 'endpoint=firmware': 1 });
      expect(pick(series, 'ontap_scrape_errors_total', name)[`endpoint=software,reason=${reason}`]).toBe(1);
      // The last good data stays (a takeover must not blank the upgrade's view) ...
      expect(pick(series, 'ontap_software_update_state', name)['state=in_progress']).toBe(1);
      expect(logs.some((l) => l.includes('"poll failed"') && l.includes(`"reason":"${reason}"`) && l.includes(`"cluster":"${name}"`) && l.includes('"endpoint":"software"'))).toBe(true);
      f.clearFaults(name, id);
      await exporter.pollAll();
      ({ series } = await scrape(exporter));
      expect(pick(series, 'ontap_up', name)['']).toBe(1);
      expect(pick(series, 'ontap_scrape_errors_total', name)[`endpoint=software,reason=${reason}`]).toBe(1);
      expect(logs.some((l) => l.includes('"poll recovered"'))).toBe(true);
    });
  }

  it('missing fields, unknown fields and unknown enum values keep the cluster up', async () => {
    const f = await sim('upgrade-2node', { timing: { lifMove: 0 } });
    const { exporter } = await exporterFor(f);
    const name = f.clusters[0]!.name;
    f.inject(name, { kind: 'unknown-enum' });
    f.inject(name, { kind: 'unknown-fields' });
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(pick(series, 'ontap_up', name)['']).toBe(1);
    expect(pick(series, 'ontap_software_update_state', name)['state=rollback_pending']).toBe(1);
    expect(pick(series, 'ontap_software_update_state', name)['state=in_progress']).toBeUndefined(); // one series: the current state
    f.clearFaults(name);
    f.inject(name, { kind: 'missing-fields', endpoint: 'software', fields: ['state', 'nodes'] });
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_up', name)['']).toBe(1);
    // The unknown state disappears at the next poll; no state is current; no node series remain.
    expect(pick(series, 'ontap_software_update_state', name)['state=rollback_pending']).toBeUndefined();
    expect(Object.values(pick(series, 'ontap_software_update_state', name)).every((v) => v === 0)).toBe(true);
    expect(pick(series, 'ontap_software_node_info', name)).toEqual({});
  });

  it('a failing endpoint does not hide the others, and a failing cluster does not hide the rest', async () => {
    const f = await sim(fleetSetups(3, ['idle']));
    const { exporter } = await exporterFor(f);
    const [a, b, c] = f.clusters.map((x) => x.name) as [string, string, string];
    f.inject(a, { kind: 'status', status: 500, endpoint: 'history' });
    f.inject(b, { kind: 'unreachable' });
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_up', a)['']).toBe(1);
    expect(pick(series, 'ontap_scrape_success', a)['endpoint=history']).toBe(0);
    expect(pick(series, 'ontap_software_packages', a)['']).toBeGreaterThan(0);
    expect(pick(series, 'ontap_up', b)['']).toBe(0);
    expect(pick(series, 'ontap_scrape_errors_total', b)['endpoint=packages,reason=connect']).toBe(1);
    expect(pick(series, 'ontap_up', c)['']).toBe(1);
  });

  it('TLS: an unknown certificate fails with reason tls; insecure_skip_verify accepts it', async () => {
    const f = await sim(fleetSetups(2, ['idle']), { tls: true });
    const { exporter } = await exporterFor(f, (_c, i) => ({ insecureSkipVerify: i === 1 }));
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    const [a, b] = f.clusters.map((x) => x.name) as [string, string];
    expect(pick(series, 'ontap_scrape_errors_total', a)['endpoint=software,reason=tls']).toBe(1);
    expect(pick(series, 'ontap_up', b)['']).toBe(1);
  });

  it('a response over the size cap is refused as bad_response', async () => {
    const f = await sim('many-packages');
    const { exporter } = await exporterFor(f, () => ({ maxResponseBytes: 2048 }));
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', f.clusters[0]!.name)['endpoint=packages,reason=bad_response']).toBe(1);
  });

  it('the client follows _links.next page by page, and only on the cluster', async () => {
    const f = await sim([{ ...fleetSetups(1, ['idle'])[0]!, nodes: 4, pastUpdates: [['9.11.1', '9.12.1', 200], ['9.12.1', '9.13.1', 100], ['9.13.1', '9.14.1', 30]] }]);
    const [cfg] = demoClusters(f.clusters);
    const client = createClient(cfg!);
    const pages = (await client.get('/api/cluster/software/history', { fields: 'state', max_records: '5' }, true, AbortSignal.timeout(5000))).pages();
    expect(pages).toHaveLength(3);
    expect(pages.flatMap((p: any) => p.records)).toHaveLength(12);
    // Again, unchanged: the same digest, every page followed (from the remembered links) and readable.
    const first = await client.get('/api/cluster/software/history', { fields: 'state', max_records: '5' }, true, AbortSignal.timeout(5000));
    const again = await client.get('/api/cluster/software/history', { fields: 'state', max_records: '5' }, true, AbortSignal.timeout(5000));
    expect(again.digest).toBe(first.digest);
    expect(again.pages().flatMap((p: any) => p.records)).toEqual(pages.flatMap((p: any) => p.records));
    expect(f.requestLog().filter((r) => r.path === '/api/cluster/software/history')).toHaveLength(9);
    await client.close();
  });
});
