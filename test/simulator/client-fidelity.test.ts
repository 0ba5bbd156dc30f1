// What NetApp's own clients send (issue 9, points 2 and 4-8): each must work
// as it does against ONTAP. Point 1 and 3 live in identity.test.ts.

import { describe, expect, it } from 'vitest';
import { SCENARIOS, TARGET_VERSION, BASE_VERSION, type ClusterSetup } from '../../src/simulator/scenarios.js';
import { classifyDownload } from '../../src/simulator/images.js';
import { parseScript } from '../../src/simulator/script.js';
import { advanceUntil, call, get, sim, software } from '../helpers/sim.js';

const at = (version: string, nodes = 2, packages = [version, '9.16.1']): ClusterSetup =>
  ({ ...SCENARIOS.idle!('c'), version, nodes, packages });
const noLif = { timing: { lifMove: 0 } };
const settled = (f: Awaited<ReturnType<typeof sim>>) =>
  advanceUntil(f, async () => ['completed', 'failed', 'paused_on_error'].includes((await software(f)).state), 40_000, 60);

describe('2: /api/cluster/jobs collection', () => {
  it('lists jobs, filters by description wildcard and state, and projects fields', async () => {
    const f = await sim('idle');
    await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/9161_q_image.tgz' });
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: TARGET_VERSION });
    const all = await get(f, '/api/cluster/jobs');
    expect(all.body.num_records).toBe(2);
    expect(Object.keys(all.body.records[0]).sort()).toEqual(['_links', 'uuid']);
    const sw = await get(f, '/api/cluster/jobs?description=*software*&fields=description,state');
    expect(sw.body.records.map((j: any) => j.description).sort()).toEqual(['PATCH /api/cluster/software', 'POST /api/cluster/software/download']);
    expect((await get(f, '/api/cluster/jobs?description=*download*')).body.num_records).toBe(1);
    f.advance(700);
    expect((await get(f, '/api/cluster/jobs?state=running')).body.num_records).toBe(0);
    expect((await get(f, '/api/cluster/jobs?state=success&return_records=false')).body.num_records).toBe(2);
    expect((await get(f, '/api/cluster/jobs?colour=red')).status).toBe(400);
    expect((await call(f, 'POST', '/api/cluster/jobs', {})).status).toBe(405);
  });
});

describe('4: query booleans in any case', () => {
  it('accepts True/False as NetApp\'s Python clients send them, refuses other words', async () => {
    const f = await sim([{ ...SCENARIOS['validation-warnings']!('c'), timeline: [] }]);
    const v = await call(f, 'PATCH', '/api/cluster/software?validate_only=True', { version: TARGET_VERSION });
    expect(v.status).toBe(202);
    f.advance(200);
    expect((await software(f)).pending_version).toBeUndefined();
    const u = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=True&validate_only=FALSE', { version: TARGET_VERSION });
    expect(u.status).toBe(202);
    expect((await software(f)).pending_version).toBe(TARGET_VERSION);
    expect((await get(f, '/api/cluster/software/history?return_records=False')).body).toEqual(
      expect.not.objectContaining({ records: expect.anything() }),
    );
    const bad = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=yes', { version: TARGET_VERSION });
    expect([bad.status, bad.body.error.code, bad.body.error.target]).toEqual([400, '262179', 'skip_warnings']);
  });
});

describe('5: collection parameters on the software singletons', () => {
  it('accepts max_records, return_records and order_by on /cluster/software and /download, and checks their values', async () => {
    const f = await sim('idle');
    for (const path of ['/api/cluster/software', '/api/cluster/software/download']) {
      const r = await get(f, `${path}?max_records=1024&return_records=true&order_by=state%20desc&fields=state`);
      expect([r.status, r.body.state]).toEqual([200, path.endsWith('download') ? 'not_started' : 'completed']);
      expect((await get(f, `${path}?max_records=0`)).status).toBe(400);
      expect((await get(f, `${path}?order_by=colour`)).status).toBe(400);
      expect((await get(f, `${path}?return_records=maybe`)).status).toBe(400);
    }
  });
});

describe('6: PATCH parameters by release', () => {
  it('each release accepts what it introduced and refuses the rest as an unexpected argument', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['9.7.0', 'stabilize_minutes=10', false],
      ['9.8.0', 'stabilize_minutes=10', true],
      ['9.8.0', 'nodes_to_update=c-01', false],
      ['9.9.1', 'nodes_to_update=c-01', true],
      ['9.9.1', 'estimate_only=true', true],
      ['9.10.1', 'show_validation_details=true', false],
      ['9.12.1', 'show_validation_details=true&validate_only=true', true],
      ['9.14.1', 'skip_nodes_at_target_version=false', false],
      ['9.16.1', 'skip_nodes_at_target_version=false', true],
    ];
    for (const [release, query, accepted] of cases) {
      const f = await sim([at(release, 2, [release, '9.17.1'])]);
      const r = await call(f, 'PATCH', `/api/cluster/software?${query}&skip_warnings=true`, { version: '9.17.1' });
      const name = query.split('=')[0];
      if (accepted) expect(r.status, `${release} ${query}`).toBe(202);
      else expect([r.status, r.body.error.code, r.body.error.message, r.body.error.target], `${release} ${query}`)
        .toEqual([400, '262179', `Unexpected argument "${name}".`, name]);
      await f.stop();
    }
  });

  it('nodes_to_update updates only those nodes and leaves the cluster on mixed versions; the rest follow later', async () => {
    const f = await sim([at(BASE_VERSION, 4, [BASE_VERSION, TARGET_VERSION])], noLif);
    const r = await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true&nodes_to_update=c-01,c-02', { version: TARGET_VERSION });
    expect(r.status).toBe(202);
    expect((await software(f)).update_details.filter((d: any) => d.node).map((d: any) => d.node.name)).toEqual(['c-01', 'c-02']);
    await settled(f);
    const sw = await software(f);
    expect(sw.state).toBe('completed');
    expect(sw.nodes.map((n: any) => n.version)).toEqual([TARGET_VERSION, TARGET_VERSION, BASE_VERSION, BASE_VERSION]);
    expect(sw.version).toBe(BASE_VERSION);
    const history = (await get(f, `/api/cluster/software/history?to_version=${TARGET_VERSION}`)).body.records;
    expect(history.map((h: any) => h.node.name).sort()).toEqual(['c-01', 'c-02']);
    // The second run skips the nodes already at the target (the default).
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    expect((await software(f)).update_details.filter((d: any) => d.node).map((d: any) => d.node.name)).toEqual(['c-03', 'c-04']);
    await settled(f);
    expect((await software(f)).version).toBe(TARGET_VERSION);
    const bad = await call(f, 'PATCH', '/api/cluster/software?nodes_to_update=c-09', { version: TARGET_VERSION });
    expect([bad.status, bad.body.error.target]).toEqual([400, 'nodes_to_update']);
  });

  it('scripts can use nodes_to_update and stabilize_minutes too, with the same limits', async () => {
    const script = (extra: string) => `clusters: [{ name: e, nodes: 4 }]\ntimeline: [{ at: 0, cluster: e, action: update, version: ${TARGET_VERSION}, skip_warnings: true, ${extra} }]`;
    const f = await sim(parseScript(script('nodes_to_update: [e-03, e-04], stabilize_minutes: 12'), 'inline'), noLif);
    await settled(f);
    expect((await software(f)).nodes.map((n: any) => n.version)).toEqual([BASE_VERSION, BASE_VERSION, TARGET_VERSION, TARGET_VERSION]);
    expect(() => parseScript(script('stabilize_minutes: 61'), 's.yml')).toThrow(/s\.yml: timeline\.0/);
  });

  it('skip_nodes_at_target_version=false takes every selected node through the update again', async () => {
    const f = await sim([{ ...at('9.16.1', 2, ['9.16.1', '9.17.1']), nodes: 2 }], noLif);
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true&nodes_to_update=c-01', { version: '9.17.1' });
    await settled(f);
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true&skip_nodes_at_target_version=false', { version: '9.17.1' });
    expect((await software(f)).update_details.filter((d: any) => d.node)).toHaveLength(2);
    await settled(f);
    expect((await get(f, '/api/cluster/software/history?to_version=9.17.1&node.name=c-01')).body.num_records).toBe(2);
  });

  it('estimate_only answers an estimate in its job and changes nothing', async () => {
    const f = await sim([at(BASE_VERSION, 4, [BASE_VERSION, TARGET_VERSION])]);
    const before = await software(f);
    const r = await call(f, 'PATCH', '/api/cluster/software?estimate_only=true&stabilize_minutes=18', { version: TARGET_VERSION });
    expect(r.status).toBe(202);
    const job = (await get(f, r.body.job._links.self.href)).body;
    expect(job.state).toBe('success');
    // 600 + 4 x (2310 + 10 x 60) + 600 seconds.
    expect(job.message).toContain('12840 seconds');
    expect(await software(f)).toEqual(before);
    const plain = await call(f, 'PATCH', '/api/cluster/software?estimate_only=true', { version: TARGET_VERSION });
    expect((await get(f, plain.body.job._links.self.href)).body.message).toContain(`${600 + 4 * 2310 + 600} seconds`);
  });

  it('stabilize_minutes lengthens each node\'s stabilize step and the estimate', async () => {
    const f = await sim([at(BASE_VERSION, 2, [BASE_VERSION, TARGET_VERSION])], noLif);
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true&stabilize_minutes=30', { version: TARGET_VERSION });
    const sw = await software(f);
    expect(sw.estimated_duration).toBe(600 + 2 * (2310 + 22 * 60) + 600);
    await settled(f);
    const rows = (await software(f)).status_details.filter((s: any) => s.name === 'stabilize');
    expect(rows).toHaveLength(2);
    for (const row of rows) expect((Date.parse(row.end_time) - Date.parse(row.start_time)) / 1000).toBe(1800);
    const bad = await call(f, 'PATCH', '/api/cluster/software?stabilize_minutes=61', { version: TARGET_VERSION });
    expect([bad.status, bad.body.error.target]).toEqual([400, 'stabilize_minutes']);
  });

  it('show_validation_details reports each finding per node', async () => {
    const f = await sim([{ ...SCENARIOS['validation-warnings']!('c'), timeline: [] }]);
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: TARGET_VERSION });
    f.advance(200);
    const short = (await software(f)).validation_results;
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true&show_validation_details=true', { version: TARGET_VERSION });
    f.advance(200);
    const long = (await software(f)).validation_results;
    expect(long).toHaveLength(short.length * 2);
    expect(long[0].issue.message).toBe(`Node c-01: ${short[0].issue.message}`);
    // The same holds for an update's own pre-update checks.
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true&show_validation_details=true', { version: TARGET_VERSION });
    f.advance(200);
    expect((await software(f)).validation_results).toHaveLength(short.length * 2);
  });

  it('a cluster already at the target refuses the update, a MetroCluster included, unless forced', async () => {
    const mc = await sim([{ ...SCENARIOS.metrocluster!('m'), version: '9.16.1', packages: ['9.16.1'], timeline: [] }]);
    const r = await call(mc, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: '9.16.1' });
    expect([r.status, r.body.error.code]).toEqual([400, '10551352']);
    const forced = await call(mc, 'PATCH', '/api/cluster/software?skip_warnings=true&skip_nodes_at_target_version=false', { version: '9.16.1' });
    expect(forced.status).toBe(202);
    expect((await get(mc, '/api/cluster/software?fields=pending_version')).body.pending_version).toBe('9.16.1');
  });
});

describe('7: NetApp image names and firmware', () => {
  it('reads the release from dotless image names', () => {
    expect(classifyDownload('https://srv/9171_q_image.tgz')).toEqual({ kind: 'image', version: '9.17.1' });
    expect(classifyDownload('https://srv/9131P17_q_image.tgz')).toEqual({ kind: 'image', version: '9.13.1P17' });
    expect(classifyDownload('ftp://srv/a/9101_q_image.tgz')).toEqual({ kind: 'image', version: '9.10.1' });
    expect(classifyDownload('https://srv/98P3_q_image.tgz')).toEqual({ kind: 'image', version: '9.8P3' });
    expect(classifyDownload('https://srv/9.16.1_q_image.tgz')).toEqual({ kind: 'image', version: '9.16.1' });
    expect(classifyDownload('https://srv/qual_devices.zip')).toEqual({ kind: 'firmware', file: 'qual_devices.zip' });
    expect(classifyDownload('https://srv/306-02765_A0_SP_3.10P1_SPFW.zip')).toEqual({ kind: 'firmware', file: '306-02765_A0_SP_3.10P1_SPFW.zip' });
    expect(classifyDownload('https://srv/notes.tgz')).toEqual({ kind: 'unknown' });
  });

  it('downloads them: an image becomes a package, firmware is processed without one', async () => {
    const f = await sim('idle');
    await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/9131P17_q_image.tgz' });
    f.advance(700);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'success', code: 0 });
    expect((await get(f, '/api/cluster/software/packages/9.13.1P17')).status).toBe(200);
    const before = (await get(f, '/api/cluster/software/packages')).body.num_records;
    await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/qual_devices.zip' });
    f.advance(700);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'success', code: 0 });
    expect((await get(f, '/api/cluster/software/packages')).body.num_records).toBe(before);
    await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/notes.tgz' });
    f.advance(700);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'failure', code: 10551359 });
  });

  it('a download that finishes within return_timeout answers 201, one still running 202', async () => {
    const fast = await sim('idle', { timing: { download: 0 } });
    const done = await call(fast, 'POST', '/api/cluster/software/download?return_timeout=5', { url: 'https://srv/9171_q_image.tgz' });
    expect(done.status).toBe(201);
    expect(done.body.job.uuid).toBeTruthy();
    const slow = await sim('idle');
    const running = await call(slow, 'POST', '/api/cluster/software/download?return_timeout=1', { url: 'https://srv/9171_q_image.tgz' });
    expect(running.status).toBe(202);
  });
});

describe('8: deleting packages', () => {
  it('the running release\'s package may go once the update that used it is done', async () => {
    const f = await sim([at(BASE_VERSION, 2, [BASE_VERSION, TARGET_VERSION, '9.12.1'])], noLif);
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    const busy = await call(f, 'DELETE', `/api/cluster/software/packages/${TARGET_VERSION}`);
    expect([busy.status, busy.body.error.code]).toEqual([409, '10551347']);
    // A package the update does not use can go meanwhile.
    expect((await call(f, 'DELETE', '/api/cluster/software/packages/9.12.1')).status).toBe(202);
    await settled(f);
    expect((await software(f)).version).toBe(TARGET_VERSION);
    const r = await call(f, 'DELETE', `/api/cluster/software/packages/${TARGET_VERSION}`);
    expect(r.status).toBe(202);
    f.advance(30);
    expect((await get(f, r.body.job._links.self.href)).body.state).toBe('success');
    expect((await get(f, `/api/cluster/software/packages/${TARGET_VERSION}`)).status).toBe(404);
    expect((await get(f, '/api/cluster/software/packages')).body.records.map((p: any) => p.version)).toEqual([BASE_VERSION]);
  });
});
