import { describe, expect, it } from 'vitest';
import { get, sim, software } from '../helpers/sim.js';

describe('faults, per endpoint and time window', () => {
  it('status faults answer ONTAP errors and end with their window', async () => {
    const f = await sim('idle');
    f.inject(f.clusters[0]!.name, { kind: 'status', status: 503, endpoint: 'software', forSeconds: 60 });
    const r = await get(f, '/api/cluster/software');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('8');
    // Other endpoints are untouched.
    expect((await get(f, '/api/cluster/software/download')).status).toBe(200);
    f.advance(61);
    expect((await get(f, '/api/cluster/software')).status).toBe(200);
  });

  it('401 and 403', async () => {
    const f = await sim('idle');
    const name = f.clusters[0]!.name;
    const id = f.inject(name, { kind: 'status', status: 401 });
    const r = await get(f, '/api/cluster/software');
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toContain('Basic');
    f.clearFaults(name, id);
    f.inject(name, { kind: 'status', status: 403, endpoint: 'history' });
    expect((await get(f, '/api/cluster/software/history')).body.error.code).toBe('6');
  });

  it('a fault can start later', async () => {
    const f = await sim('idle');
    f.inject(f.clusters[0]!.name, { kind: 'status', status: 500, afterSeconds: 30, forSeconds: 30 });
    expect((await get(f, '/api/cluster/software')).status).toBe(200);
    f.advance(31);
    expect((await get(f, '/api/cluster/software')).status).toBe(500);
  });

  it('latency delays the answer', async () => {
    const f = await sim('idle');
    f.inject(f.clusters[0]!.name, { kind: 'latency', latencyMs: 300 });
    const t0 = performance.now();
    expect((await get(f, '/api/cluster/software')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('reset and unreachable give no HTTP answer', async () => {
    for (const kind of ['reset', 'unreachable'] as const) {
      const f = await sim('idle');
      f.inject(f.clusters[0]!.name, { kind });
      await expect(get(f, '/api/cluster/software')).rejects.toThrow();
    }
  });

  it('truncated and malformed JSON', async () => {
    for (const kind of ['truncate', 'malformed'] as const) {
      const f = await sim('idle');
      f.inject(f.clusters[0]!.name, { kind, endpoint: 'software' });
      const r = await get(f, '/api/cluster/software');
      expect(r.status).toBe(200);
      expect(() => JSON.parse(r.text)).toThrow();
    }
  });

  it('missing fields, unknown fields and unknown enum values', async () => {
    const f = await sim('upgrade-2node');
    const name = f.clusters[0]!.name;
    f.inject(name, { kind: 'missing-fields', fields: ['state', 'nodes'] });
    let sw = await software(f);
    expect(sw.state).toBeUndefined();
    expect(sw.nodes).toBeUndefined();
    expect(sw.version).toBeDefined();
    f.clearFaults(name);
    f.inject(name, { kind: 'unknown-fields' });
    sw = await software(f);
    expect(sw.future_top_level).toBe('x');
    f.clearFaults(name);
    f.inject(name, { kind: 'unknown-enum' });
    sw = await software(f);
    expect(sw.state).toBe('rollback_pending');
    expect(sw.update_details[0].state).toBe('rollback_pending');
    const hist = (await get(f, '/api/cluster/software/history')).body;
    expect(hist.records[0].state).toBe('rollback_pending');
  });

  it('rejects a fault it does not know', async () => {
    const f = await sim('idle');
    expect(() => f.inject(f.clusters[0]!.name, { kind: 'gremlins' as never })).toThrow(/unknown fault kind/);
    expect(() => f.inject(f.clusters[0]!.name, { kind: 'status' })).toThrow(/status/);
  });
});
