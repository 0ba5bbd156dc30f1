// Splitting a fleet over N exporters: each cluster polled by exactly one, stably.

import { afterAll, describe, expect, it } from 'vitest';
import { jumpHash, resolveShard, shardOf } from '../src/config/shard.js';
import { DEFAULT_AUTH, fleetSetups } from '../src/simulator/fleet.js';
import { parseExposition } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { startExporterProcess, type Proc } from './helpers/stack.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => `cluster-${String(i).padStart(5, '0')}.region-${i % 7}.example.net`);

describe('shard assignment', () => {
  it('spreads clusters evenly over the shards', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const n of names(10_000)) counts[shardOf(n, 5)]! += 1;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('adding a shard moves about 1/N of the clusters, and only onto the new shard', () => {
    const all = names(10_000);
    for (const n of [2, 4, 8]) {
      const moved = all.filter((c) => shardOf(c, n) !== shardOf(c, n + 1));
      expect(moved.length / all.length).toBeGreaterThan(0.8 / (n + 1));
      expect(moved.length / all.length).toBeLessThan(1.2 / (n + 1));
      expect(new Set(moved.map((c) => shardOf(c, n + 1)))).toEqual(new Set([n]));
    }
  });

  it('stays in range for any 64-bit key, and one shard takes everything', () => {
    for (const k of [0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n]) for (const n of [1, 2, 10, 1000]) {
      const b = jumpHash(k, n);
      expect(b >= 0 && b < n).toBe(true);
    }
    expect(names(50).map((n) => shardOf(n, 1))).toEqual(new Array(50).fill(0));
  });

  it('reads flags first, then the environment, and the StatefulSet ordinal from the host name', () => {
    expect(resolveShard({}, {})).toEqual({ index: 0, count: 1 });
    expect(resolveShard({ shard: '2', shards: '3' }, { ONTAP_EXPORTER_SHARD: '0', ONTAP_EXPORTER_SHARDS: '9' })).toEqual({ index: 2, count: 3 });
    expect(resolveShard({}, { ONTAP_EXPORTER_SHARD: '1', ONTAP_EXPORTER_SHARDS: '4' })).toEqual({ index: 1, count: 4 });
    expect(resolveShard({ shard: 'hostname' }, { ONTAP_EXPORTER_SHARDS: '4' }, () => 'ontap-upgrade-exporter-3')).toEqual({ index: 3, count: 4 });
    expect(() => resolveShard({ shard: '4', shards: '4' }, {})).toThrow('--cluster.shard=4 is out of range: shards are 0..3');
    expect(() => resolveShard({}, { ONTAP_EXPORTER_SHARDS: '3' })).toThrow('ONTAP_EXPORTER_SHARDS=3 needs --cluster.shard');
    expect(() => resolveShard({ shards: 'two', shard: '0' }, {})).toThrow('--cluster.shards: expected a whole number >= 1, got "two"');
    expect(() => resolveShard({}, { ONTAP_EXPORTER_SHARD: '-1', ONTAP_EXPORTER_SHARDS: '2' })).toThrow('ONTAP_EXPORTER_SHARD: expected a whole number >= 0');
    expect(() => resolveShard({ shard: 'hostname', shards: '2' }, {}, () => 'laptop')).toThrow('host name "laptop" does not end in -N');
  });
});

const procs: Proc[] = [];
afterAll(async () => { await Promise.all(procs.map((p) => p.stop())); });

describe('three exporters on one config', () => {
  it('poll every cluster exactly once between them, each exporting its shard', async () => {
    const fleet = await sim(fleetSetups(24, ['idle', 'upgrade-4node', 'failed']), { manual: false, speed: 1 });
    const config = {
      defaults: { username: DEFAULT_AUTH.user, password_env: 'ONTAP_PASSWORD', interval: '60s' },
      clusters: fleet.clusters.map((c) => ({ name: c.name, url: c.url })),
    };
    const env = { ONTAP_PASSWORD: DEFAULT_AUTH.password };
    // Shard 0 and 2 from flags, shard 1 from the environment (as a StatefulSet would set it).
    const exporters = await Promise.all([
      startExporterProcess(config, ['--cluster.shard=0', '--cluster.shards=3'], env),
      startExporterProcess(config, [], { ...env, ONTAP_EXPORTER_SHARD: '1', ONTAP_EXPORTER_SHARDS: '3' }),
      startExporterProcess(config, ['--cluster.shard=2', '--cluster.shards=3'], env),
    ]);
    procs.push(...exporters);

    const polledBy = new Map<string, number[]>();
    for (const [i, e] of exporters.entries()) {
      const series = parseExposition(await (await fetch(`${e.url}/metrics`)).text());
      expect(series.find((s) => s.name === 'ontap_exporter_shard_info')?.labels).toEqual({ shard: String(i), shards: '3' });
      const up = series.filter((s) => s.name === 'ontap_up');
      expect(series.find((s) => s.name === 'ontap_exporter_clusters')?.value).toBe(up.length);
      for (const s of up) {
        expect(s.value).toBe(1);
        polledBy.set(s.labels.cluster as string, [...(polledBy.get(s.labels.cluster as string) ?? []), i]);
      }
    }
    expect([...polledBy.keys()].sort()).toEqual(fleet.clusters.map((c) => c.name).sort());
    for (const [cluster, by] of polledBy) expect({ cluster, by }).toEqual({ cluster, by: [shardOf(cluster, 3)] });
    // Every shard got some of the 24 clusters.
    expect(new Set([...polledBy.values()].flat())).toEqual(new Set([0, 1, 2]));
    // The simulated clusters saw exactly one poll each (interval 60 s: one poll in this test's life).
    const software = fleet.requestLog().filter((r) => r.path === '/api/cluster/software');
    const perCluster = new Map<string, number>();
    for (const r of software) perCluster.set(r.cluster, (perCluster.get(r.cluster) ?? 0) + 1);
    expect([...perCluster.values()]).toEqual(new Array(24).fill(1));
  }, 60_000);
});
