import { describe, expect, it } from 'vitest';
import { SCENARIOS, TARGET_VERSION, BASE_VERSION } from '../../src/simulator/scenarios.js';
import { advanceUntil, call, get, sim, software } from '../helpers/sim.js';

const idle2 = () => [SCENARIOS.idle!('c1')];

describe('validate', () => {
  it('runs pre-update checks as a job and fills validation_results', async () => {
    const f = await sim([{ ...SCENARIOS['validation-warnings']!('c1'), timeline: [] }]);
    const r = await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: TARGET_VERSION });
    expect(r.status).toBe(202);
    const href = r.body.job._links.self.href as string;
    expect(href).toBe(`/api/cluster/jobs/${r.body.job.uuid}`);
    expect((await get(f, href)).body.state).toBe('running');
    expect((await software(f)).state).toBe('in_progress');
    f.advance(120);
    const job = (await get(f, href)).body;
    expect(job).toMatchObject({ state: 'success', description: 'PATCH /api/cluster/software' });
    const sw = await software(f);
    expect(sw.state).toBe('completed');
    expect(sw.validation_results.map((v: any) => [v.update_check, v.status])).toEqual([['Manual checks', 'warning'], ['NFS mounts', 'warning']]);
    expect(sw.validation_results[0].issue.message).toMatch(/Manual validation checks/);
    expect(sw.validation_results[0].action.message).toBeTruthy();
  });

  it('an error makes the state failed', async () => {
    const f = await sim('validation-errors');
    f.advance(200);
    const sw = await software(f);
    expect(sw.state).toBe('failed');
    expect(sw.validation_results.filter((v: any) => v.status === 'error')).toHaveLength(2);
  });

  it('9.6 clusters report flat message/action strings', async () => {
    const f = await sim([{ ...SCENARIOS['fresh-9.6']!('old'), packages: ['9.6.0', '9.7.0'] }]);
    const before = await software(f);
    expect(before.state).toBeUndefined();
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: '9.7.0' });
    f.advance(200);
    const v = (await software(f)).validation_results[0];
    expect(typeof v.message).toBe('string');
    expect(v.issue).toBeUndefined();
  });
});

describe('update', () => {
  it('skip_warnings passes warnings, never errors', async () => {
    const f = await sim([{ ...SCENARIOS['validation-errors']!('c1'), timeline: [] }]);
    const r = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    f.advance(200);
    expect((await software(f)).state).toBe('failed');
    expect((await get(f, r.body.job._links.self.href)).body.state).toBe('failure');
  });

  it('warnings without skip_warnings stop the update', async () => {
    const f = await sim(idle2());
    await call(f, 'PATCH', '/api/cluster/software', { version: TARGET_VERSION });
    f.advance(200);
    const sw = await software(f);
    expect(sw.state).toBe('failed');
    expect(sw.update_details[0]).toMatchObject({ phase: 'Pre-update checks', state: 'failed' });
  });

  it('rolls node by node, pauses at a pause point, resumes and completes with history', async () => {
    const f = await sim(idle2());
    const r = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    expect(r.status).toBe(202);
    let sw = await software(f);
    expect(sw).toMatchObject({ state: 'in_progress', pending_version: TARGET_VERSION, version: BASE_VERSION });
    expect(sw.update_details.map((d: any) => [d.phase, d.node?.name ?? '', d.state])).toEqual([
      ['Pre-update checks', '', 'in_progress'], ['Data ONTAP updates', '', 'waiting'],
      ['Data ONTAP updates', 'c1-01', 'waiting'], ['Data ONTAP updates', 'c1-02', 'waiting'], ['Post-update checks', '', 'waiting'],
    ]);
    // The second PATCH while running is refused.
    const again = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('10551357');

    f.advance(120 + 900 + 100); // into node 1's takeover
    sw = await software(f);
    expect(sw.status_details.some((s: any) => s.name === 'do-download-job' && s.state === 'completed')).toBe(true);
    expect(sw.update_details.find((d: any) => d.node?.name === 'c1-01').state).toBe('in_progress');

    const p = await call(f, 'PATCH', '/api/cluster/software?action=pause', {});
    expect(p.status).toBe(202);
    expect((await software(f)).state).toBe('pause_pending');
    f.advance(300); // takeover ends: a pause point
    sw = await software(f);
    expect(sw.state).toBe('paused_by_user');
    const elapsedPaused = sw.elapsed_duration;
    f.advance(3600);
    expect((await software(f)).elapsed_duration).toBe(elapsedPaused);
    expect((await call(f, 'PATCH', '/api/cluster/software?action=pause', {})).status).toBe(400);

    expect((await call(f, 'PATCH', '/api/cluster/software?action=resume', {})).status).toBe(202);
    expect((await software(f)).state).toBe('in_progress');
    f.advance(1200 + 100); // reboot done: node 1 on the new version, node 2 not yet
    sw = await software(f);
    expect(sw.nodes.map((n: any) => n.version)).toEqual([TARGET_VERSION, BASE_VERSION]);
    expect(sw.version).toBe(BASE_VERSION);

    await advanceUntil(f, async () => (await software(f)).state === 'completed', 20_000, 60);
    sw = await software(f);
    expect(sw.nodes.map((n: any) => n.version)).toEqual([TARGET_VERSION, TARGET_VERSION]);
    expect(sw.version).toBe(TARGET_VERSION);
    expect(sw.pending_version).toBeUndefined();
    expect(sw.update_details.every((d: any) => d.state === 'completed')).toBe(true);
    const pre = sw.update_details.find((d: any) => d.phase === 'Pre-update checks');
    expect(pre.elapsed_duration).toBe(120);
    const hist = await get(f, `/api/cluster/software/history?to_version=${TARGET_VERSION}`);
    expect(hist.body.records.map((h: any) => [h.node.name, h.from_version, h.state])).toEqual([
      ['c1-01', BASE_VERSION, 'successful'], ['c1-02', BASE_VERSION, 'successful'],
    ]);
  });

  it('cancel goes through cancel_pending to canceled, leaving updated nodes updated', async () => {
    const f = await sim([SCENARIOS.idle!('c1')].map((s) => ({ ...s, nodes: 4 })));
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    f.advance(120 + 900 + 300 + 1200 + 100); // node 1 rebooted into the new image, giveback running
    expect((await call(f, 'PATCH', '/api/cluster/software?action=cancel', {})).status).toBe(202);
    expect((await software(f)).state).toBe('cancel_pending');
    f.advance(300);
    const sw = await software(f);
    expect(sw.state).toBe('canceled');
    expect(sw.nodes.map((n: any) => n.version)).toEqual([TARGET_VERSION, BASE_VERSION, BASE_VERSION, BASE_VERSION]);
    const states = (await get(f, `/api/cluster/software/history?to_version=${TARGET_VERSION}&fields=state`)).body.records.map((h: any) => h.state);
    expect(states).toEqual(['successful', 'canceled', 'canceled', 'canceled']);
    expect((await call(f, 'PATCH', '/api/cluster/software?action=cancel', {})).status).toBe(400);
  });

  it('return_timeout waits for the job and answers 200', async () => {
    const f = await sim(idle2(), { manual: false, speed: 2000 });
    const r = await call(f, 'PATCH', '/api/cluster/software?validate_only=true&return_timeout=5', { version: TARGET_VERSION });
    expect(r.status).toBe(200);
    expect(r.body.job.uuid).toBeTruthy();
  });

  it('refuses bad requests with ONTAP errors', async () => {
    const f = await sim(idle2());
    const cases: Array<[string, unknown, number, string]> = [
      ['/api/cluster/software', {}, 400, '2'],
      ['/api/cluster/software', { version: '9.99.1' }, 400, '10551325'],
      ['/api/cluster/software?action=explode', {}, 400, '262179'],
      ['/api/cluster/software?action=resume', {}, 400, '10551369'],
      ['/api/cluster/software?validate_only=maybe', { version: TARGET_VERSION }, 400, '262179'],
      ['/api/cluster/software?return_timeout=500', { version: TARGET_VERSION }, 400, '262179'],
      ['/api/cluster/software', { version: TARGET_VERSION, state: 'completed' }, 400, '262186'],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await call(f, 'PATCH', path, body);
      expect([path, r.status, r.body.error.code]).toEqual([path, status, code]);
      expect(typeof r.body.error.message).toBe('string');
    }
    expect((await get(f, '/api/cluster/nope')).status).toBe(404);
    expect((await call(f, 'DELETE', '/api/cluster/software')).status).toBe(405);
    expect((await get(f, '/api/cluster/jobs/00000000-0000-0000-0000-000000000000')).body.error.code).toBe('4');
  });
});

describe('8 nodes and MetroCluster', () => {
  it('8 or more nodes update in two batches', async () => {
    const f = await sim('upgrade-8node');
    f.advance(120 + 900 + 300 + 1200 + 70); // past the LIF move at giveback
    const versions = (await software(f)).nodes.map((n: any) => n.version);
    expect(versions.filter((v: string) => v === TARGET_VERSION)).toHaveLength(4);
    expect(versions.filter((_: string, i: number) => i % 2 === 0).every((v: string) => v === TARGET_VERSION)).toBe(true);
    await advanceUntil(f, async () => (await software(f)).state === 'completed', 20_000, 120);
  });

  it('MetroCluster reports each site with state and durations', async () => {
    const f = await sim('metrocluster');
    f.advance(120 + 900 + 70);
    let mc = (await software(f)).metrocluster;
    expect(mc.clusters.map((c: any) => [c.name, c.state])).toEqual([['cluster-001_siteA', 'in_progress'], ['cluster-001_siteB', 'waiting']]);
    expect(mc.progress_summary.message).toBeTruthy();
    await advanceUntil(f, async () => (await software(f)).metrocluster.clusters[0].state === 'completed', 20_000, 60);
    mc = (await software(f)).metrocluster;
    expect(mc.clusters[0].elapsed_duration).toBeGreaterThan(0);
    await advanceUntil(f, async () => (await software(f)).state === 'completed', 20_000, 120);
    mc = (await software(f)).metrocluster;
    expect(mc.clusters.map((c: any) => c.state)).toEqual(['completed', 'completed']);
    expect(mc.progress_summary.message).toBe('MetroCluster updated successfully.');
  });

  it('the management address is unreachable while node 1 is taken over, then answers again', async () => {
    const f = await sim('upgrade-2node');
    f.advance(120 + 900 + 5);
    await expect(get(f, '/api/cluster/software')).rejects.toThrow();
    f.advance(60);
    expect((await get(f, '/api/cluster/software')).status).toBe(200);
  });
});
