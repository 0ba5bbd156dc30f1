import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetSetups } from '../../src/simulator/fleet.js';
import { loadScript, parseScript } from '../../src/simulator/script.js';
import { call, get, sim, software } from '../helpers/sim.js';

describe('auth and transport', () => {
  it('answers 401 without basic auth or with a wrong password', async () => {
    const f = await sim('idle');
    expect((await get(f, '/api/cluster/software', { auth: null })).status).toBe(401);
    expect((await get(f, '/api/cluster/software', { auth: 'admin:wrong' })).status).toBe(401);
    expect((await get(f, '/api/cluster/software')).status).toBe(200);
  });

  it('serves HTTPS with a generated self-signed certificate', async () => {
    const f = await sim('idle', { tls: true });
    expect(f.clusters[0]!.url).toMatch(/^https:/);
    expect((await software(f)).version).toBe('9.14.1');
  });
});

describe('fleet', () => {
  it('serves 1,000 clusters, each at its own port with its own name and uuid', async () => {
    const f = await sim(fleetSetups(1000, ['idle', 'upgrade-4node', 'metrocluster']), { logLimit: 5000 });
    expect(new Set(f.clusters.map((c) => c.port)).size).toBe(1000);
    const picks = [0, 1, 2, 499, 999];
    const bodies = await Promise.all(picks.map((i) => get(f, '/api/cluster/software?fields=nodes', { cluster: i })));
    expect(bodies.map((b) => b.body.nodes[0].name)).toEqual(picks.map((i) => `${f.clusters[i]!.name}-01`));
    expect(bodies.map((b) => b.body.nodes.length)).toEqual([2, 4, 4, 4, 2]); // round-robin: idle, 4-node, metrocluster
    const uuids = new Set(picks.map((i) => f.cluster(f.clusters[i]!.name).engine.model.uuid));
    expect(uuids.size).toBe(picks.length);
  });

  it('keeps a request log that tests can read', async () => {
    const f = await sim('idle');
    await get(f, '/api/cluster/software?fields=version');
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: '9.15.1' });
    const log = f.requestLog();
    expect(log.map((e) => [e.method, e.path, e.query, e.status])).toEqual([
      ['GET', '/api/cluster/software', 'fields=version', 200],
      ['PATCH', '/api/cluster/software', 'validate_only=true', 202],
    ]);
    expect(Date.parse(log[0]!.time)).not.toBeNaN();
    f.clearRequestLog();
    expect(f.requestLog()).toEqual([]);
  });
});

describe('scripted runs', () => {
  const script = `
clusters:
  - name: east-1
    scenario: idle
    nodes: 4
  - name: west-1
timeline:
  - { at: 0, cluster: east-1, action: update, version: 9.15.1, skip_warnings: true }
  - { at: 0, cluster: east-1, action: upgrade-fault, fault: { step: takeover, node: 2, outcome: paused_on_error } }
  - { at: 600, cluster: west-1, action: fault, fault: { kind: status, status: 500, forSeconds: 60 } }
`;
  it('plays a timeline of actions and faults', async () => {
    const f = await sim(parseScript(script, 'inline'));
    f.advance(601);
    expect((await get(f, '/api/cluster/software', { cluster: 1 })).status).toBe(500);
    f.advance(20_000);
    expect((await get(f, '/api/cluster/software', { cluster: 1 })).status).toBe(200);
    expect((await software(f, 0)).state).toBe('paused_on_error');
    expect((await call(f, 'PATCH', '/api/cluster/software?action=resume', {})).status).toBe(202);
    f.advance(20_000);
    expect((await software(f, 0)).state).toBe('completed');
  });

  it('names what is wrong in a bad script', () => {
    expect(() => parseScript('clusters: []', 's.yml')).toThrow(/s\.yml: clusters/);
    expect(() => parseScript('clusters: [{name: a, colour: red}]', 's.yml')).toThrow(/clusters\.0/);
    expect(() => parseScript('clusters: [{name: a}]\ntimeline: [{at: 1, cluster: b, action: pause}]', 's.yml')).toThrow(/timeline\.0\.cluster: no cluster named "b"/);
    expect(() => parseScript('clusters: [{name: a, scenario: nope}]', 's.yml')).toThrow(/unknown scenario/);
    expect(() => parseScript('{', 's.yml')).toThrow(/s\.yml: not valid/);
    const dir = mkdtempSync(join(tmpdir(), 'script-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ clusters: [{ name: 'j1', scenario: 'upgrade-2node' }] }));
    expect(loadScript(join(dir, 'ok.json'))[0]!.timeline).toHaveLength(1);
    expect(() => loadScript(join(dir, 'missing.yml'))).toThrow(/cannot read script/);
  });
});

describe('simulate command', () => {
  it('prints where clusters listen and answers with basic auth as the README shows', async () => {
    // Port 0: the simulator prints the port it got (a port picked here could be taken meanwhile).
    const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'simulate', '--listen', '127.0.0.1:0', '--scenario', 'upgrade-4node', '--speed', '1500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const t = setTimeout(() => reject(new Error(`no output: ${buf}`)), 15_000);
        child.stdout.on('data', (d) => { buf += d; if (buf.includes('/api/cluster/software')) { clearTimeout(t); resolve(buf); } });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const port = /http:\/\/127\.0\.0\.1:(\d+)\/api\/cluster\/software/.exec(out)?.[1];
      expect(Number(port)).toBeGreaterThan(0);
      const auth = `Basic ${Buffer.from('admin:netapp1!').toString('base64')}`;
      const states = new Set<string>();
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !states.has('completed')) {
        const r = await fetch(`http://127.0.0.1:${port}/api/cluster/software?fields=state,update_details`, { headers: { authorization: auth } }).catch(() => undefined);
        if (r?.ok) {
          const b = await r.json();
          for (const d of b.update_details ?? []) if (d.state === 'in_progress') states.add(d.phase);
          states.add(b.state);
        }
        await new Promise((res) => setTimeout(res, 200));
      }
      expect([...states]).toEqual(expect.arrayContaining(['in_progress', 'Pre-update checks', 'Data ONTAP updates', 'completed']));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
