import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/simulator/scenarios.js';
import { parseRelease } from '../../src/simulator/identity.js';
import { advanceUntil, call, get, sim, software } from '../helpers/sim.js';

describe('GET /api/cluster', () => {
  it('answers name, uuid and the release as ONTAP spells it', async () => {
    const f = await sim('idle');
    const r = await get(f, '/api/cluster');
    expect(r.status).toBe(200);
    expect(r.body.name).toBe(f.clusters[0]!.name);
    expect(r.body.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r.body.version).toMatchObject({ generation: 9, major: 14, minor: 1 });
    expect(r.body.version.full).toMatch(/^NetApp Release 9\.14\.1: \w{3} \w{3} \d+ \d\d:\d\d:\d\d UTC \d{4}$/);
  });

  it('honours fields (the call every NetApp client makes first) and refuses unknown ones', async () => {
    const f = await sim('idle');
    const r = await get(f, '/api/cluster?fields=version');
    expect(Object.keys(r.body).sort()).toEqual(['_links', 'version']);
    expect(r.body.version.major).toBe(14);
    const two = await get(f, '/api/cluster?fields=name&fields=uuid');
    expect(Object.keys(two.body).sort()).toEqual(['_links', 'name', 'uuid']);
    // NetApp's info module sends collection parameters with every GET, single records included.
    expect((await get(f, '/api/cluster?max_records=1024&fields=')).body.name).toBe(f.clusters[0]!.name);
    expect((await get(f, '/api/cluster?max_records=0')).status).toBe(400);
    const bad = await get(f, '/api/cluster?fields=nonsense');
    expect([bad.status, bad.body.error.code]).toEqual([400, '262197']);
    expect((await call(f, 'DELETE', '/api/cluster')).status).toBe(405);
  });

  it('reports the effective (lowest) release while nodes run mixed versions, the new one after', async () => {
    const f = await sim('upgrade-2node', { timing: { lifMove: 0 } });
    await advanceUntil(f, async () => new Set((await software(f)).nodes.map((n: any) => n.version)).size === 2, 20_000, 60);
    expect((await get(f, '/api/cluster?fields=version')).body.version).toMatchObject({ major: 14, minor: 1 });
    await advanceUntil(f, async () => (await software(f)).state === 'completed', 20_000, 60);
    expect((await get(f, '/api/cluster?fields=version')).body.version).toMatchObject({ major: 15, minor: 1 });
  });

  it('parses patch releases and two-part releases', () => {
    expect(parseRelease('9.13.1P17')).toEqual({ generation: 9, major: 13, minor: 1, patch: 'P17' });
    expect(parseRelease('9.6.0')).toMatchObject({ generation: 9, major: 6, minor: 0 });
    expect(parseRelease('9.8')).toMatchObject({ generation: 9, major: 8, minor: 0 });
  });

  it('a 9.6 cluster says 9.6', async () => {
    const f = await sim([SCENARIOS['fresh-9.6']!('old')]);
    expect((await get(f, '/api/cluster?fields=version')).body.version).toMatchObject({ generation: 9, major: 6, minor: 0 });
  });
});

describe('/api/cluster/nodes', () => {
  it('lists nodes (keys by default, fields on request) and the history links resolve', async () => {
    const f = await sim('idle');
    const list = await get(f, '/api/cluster/nodes');
    expect(list.body.num_records).toBe(2);
    expect(Object.keys(list.body.records[0]).sort()).toEqual(['_links', 'name', 'uuid']);
    const v = await get(f, '/api/cluster/nodes?fields=version,model&name=*-02');
    expect(v.body.records).toHaveLength(1);
    expect(v.body.records[0]).toMatchObject({ name: `${f.clusters[0]!.name}-02`, model: 'AFF-A400', version: { generation: 9, major: 14, minor: 1 } });
    const history = await get(f, '/api/cluster/software/history');
    expect(history.body.records.length).toBeGreaterThan(0);
    for (const rec of history.body.records) {
      const n = await get(f, rec.node._links.self.href);
      expect([n.status, n.body.name]).toEqual([200, rec.node.name]);
    }
    const one = list.body.records[0];
    expect((await get(f, `${one._links.self.href}?max_records=10&fields=version`)).body).toMatchObject({ uuid: one.uuid, version: { major: 14 } });
    const missing = await get(f, '/api/cluster/nodes/00000000-0000-0000-0000-000000000000');
    expect([missing.status, missing.body.error.code]).toEqual([404, '4']);
  });

  it('shows each node its own version mid-update', async () => {
    const f = await sim('upgrade-2node', { timing: { lifMove: 0 } });
    await advanceUntil(f, async () => new Set((await software(f)).nodes.map((n: any) => n.version)).size === 2, 20_000, 60);
    const r = await get(f, '/api/cluster/nodes?fields=version&order_by=name');
    expect(r.body.records.map((n: any) => n.version.major)).toEqual([15, 14]);
  });
});
