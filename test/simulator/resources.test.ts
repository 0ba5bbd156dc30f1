import { describe, expect, it } from 'vitest';
import { SCENARIOS, TARGET_VERSION, BASE_VERSION } from '../../src/simulator/scenarios.js';
import { call, get, sim } from '../helpers/sim.js';

describe('download', () => {
  it('GET shows not_started, a POST runs to success and adds the package', async () => {
    const f = await sim('idle');
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'not_started', code: 10551384 });
    const r = await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/images/9.16.1_q_image.tgz', username: 'u', password: 'p' });
    expect(r.status).toBe(202);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'running', code: 10551382 });
    const again = await call(f, 'POST', '/api/cluster/software/download', { url: 'https://srv/images/9.16.2_q_image.tgz' });
    expect([again.status, again.body.error.code]).toEqual([409, '10551382']);
    f.advance(600);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'success', code: 0 });
    expect((await get(f, r.body.job._links.self.href)).body.state).toBe('success');
    expect((await get(f, '/api/cluster/software/packages/9.16.1')).body.version).toBe('9.16.1');
    const dup = await call(f, 'POST', '/api/cluster/software/download', { url: 'ftp://srv/9.16.1_q_image.tgz' });
    expect([dup.status, dup.body.error.code]).toEqual([409, '10551327']);
  });

  it('a failing download ends in failure with its code', async () => {
    const f = await sim('download-failed');
    f.advance(301);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'failure', code: 10551381 });
  });

  it('one that runs past an hour fails with 10551383', async () => {
    const f = await sim([{ ...SCENARIOS.idle!('c'), timeline: [{ at: 0, action: 'download', url: 'https://x/9.16.1.tgz', seconds: 5000 }] }]);
    f.advance(3599);
    expect((await get(f, '/api/cluster/software/download')).body.state).toBe('running');
    f.advance(2);
    expect((await get(f, '/api/cluster/software/download')).body).toMatchObject({ state: 'failure', code: 10551383 });
  });

  it('refuses bad URLs with the 9.16.1 codes', async () => {
    const f = await sim('idle');
    const bad = await call(f, 'POST', '/api/cluster/software/download', { url: 'not a url' });
    expect([bad.status, bad.body.error.code]).toEqual([400, '39387137']);
    const scheme = await call(f, 'POST', '/api/cluster/software/download', { url: 'gopher://srv/9.16.1.tgz' });
    expect([scheme.status, scheme.body.error.code]).toEqual([400, '39387138']);
    const missing = await call(f, 'POST', '/api/cluster/software/download', {});
    expect(missing.body.error.target).toBe('url');
  });
});

describe('packages', () => {
  it('lists keys by default, fields on request, paginates and filters', async () => {
    const f = await sim('many-packages');
    const all = await get(f, '/api/cluster/software/packages');
    expect(all.body.num_records).toBeGreaterThan(30);
    expect(Object.keys(all.body.records[0]).sort()).toEqual(['_links', 'version']);
    const page = await get(f, '/api/cluster/software/packages?fields=create_time&max_records=10');
    expect(page.body.records).toHaveLength(10);
    expect(page.body.records[0].create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    let next = page.body._links.next?.href as string | undefined;
    let seen = 10;
    while (next) {
      const p = await get(f, next);
      seen += p.body.num_records;
      next = p.body._links.next?.href;
    }
    expect(seen).toBe(all.body.num_records);
    expect((await get(f, '/api/cluster/software/packages?version=9.9.*')).body.num_records).toBe(4);
    expect((await get(f, '/api/cluster/software/packages?return_records=false')).body).toEqual(
      expect.objectContaining({ num_records: all.body.num_records }),
    );
    expect((await get(f, '/api/cluster/software/packages?colour=red')).status).toBe(400);
  });

  it('delete answers with a job, and fails with the reference codes', async () => {
    const f = await sim([{ ...SCENARIOS.idle!('c'), packages: [BASE_VERSION, TARGET_VERSION, '9.12.1'] }]);
    const r = await call(f, 'DELETE', '/api/cluster/software/packages/9.12.1');
    expect(r.status).toBe(202);
    f.advance(30);
    expect((await get(f, r.body.job._links.self.href)).body.state).toBe('success');
    const gone = await get(f, '/api/cluster/software/packages/9.12.1');
    expect([gone.status, gone.body.error.code]).toEqual([404, '10551325']);
    const missing = await call(f, 'DELETE', '/api/cluster/software/packages/9.12.1');
    expect([missing.status, missing.body.error.code]).toEqual([404, '10551325']);
    await call(f, 'PATCH', '/api/cluster/software?validate_only=true', { version: TARGET_VERSION });
    const validating = await call(f, 'DELETE', `/api/cluster/software/packages/${TARGET_VERSION}`);
    expect(validating.body.error.code).toBe('10551346');
    f.advance(200);
    await call(f, 'PATCH', '/api/cluster/software?skip_warnings=true', { version: TARGET_VERSION });
    const updating = await call(f, 'DELETE', `/api/cluster/software/packages/${TARGET_VERSION}`);
    expect(updating.body.error.code).toBe('10551347');
  });

  it('an empty store answers 10551315', async () => {
    const f = await sim([{ ...SCENARIOS.idle!('c'), packages: [] }]);
    expect((await call(f, 'DELETE', '/api/cluster/software/packages/9.1.0')).body.error.code).toBe('10551315');
  });
});

describe('history', () => {
  it('filters, orders, paginates and counts', async () => {
    const f = await sim([{ ...SCENARIOS.idle!('c', ), nodes: 4, pastUpdates: [['9.12.1', '9.13.1', 90], ['9.13.1', '9.14.1', 30]] }]);
    const all = await get(f, '/api/cluster/software/history');
    expect(all.body.num_records).toBe(8);
    // History records carry every attribute by default (they have no self link).
    expect(Object.keys(all.body.records[0]).sort()).toEqual(['end_time', 'from_version', 'node', 'start_time', 'state', 'to_version']);
    expect((await get(f, '/api/cluster/software/history?node.name=c-02')).body.num_records).toBe(2);
    expect((await get(f, '/api/cluster/software/history?from_version=9.12.1|9.13.1&to_version=9.14.1')).body.num_records).toBe(4);
    expect((await get(f, '/api/cluster/software/history?state=!successful')).body.num_records).toBe(0);
    const uuid = all.body.records[0].node.uuid;
    expect((await get(f, `/api/cluster/software/history?node.uuid=${uuid}`)).body.num_records).toBe(2);
    const start = all.body.records[4].start_time;
    expect((await get(f, `/api/cluster/software/history?start_time=>=${encodeURIComponent(start)}`)).body.num_records).toBe(4);
    expect((await get(f, `/api/cluster/software/history?end_time=<${encodeURIComponent(start)}`)).body.num_records).toBe(4);
    const desc = await get(f, '/api/cluster/software/history?order_by=end_time%20desc&fields=end_time,node.name&max_records=3');
    expect(desc.body.records).toHaveLength(3);
    expect(Object.keys(desc.body.records[0]).sort()).toEqual(['end_time', 'node']);
    expect(Date.parse(desc.body.records[0].end_time)).toBeGreaterThanOrEqual(Date.parse(desc.body.records[1].end_time));
    expect(desc.body._links.next.href).toContain('start.index=3');
    expect((await get(f, '/api/cluster/software/history?return_records=false')).body).toMatchObject({ num_records: 8 });
    expect((await get(f, '/api/cluster/software/history?order_by=colour')).status).toBe(400);
  });
});

describe('software GET', () => {
  it('projects fields and rejects fields the release does not know', async () => {
    const f = await sim('idle');
    const r = await get(f, '/api/cluster/software?fields=version,state');
    expect(Object.keys(r.body).sort()).toEqual(['_links', 'state', 'version']);
    const bad = await get(f, '/api/cluster/software?fields=version,colour');
    expect([bad.status, bad.body.error.code, bad.body.error.target]).toEqual([400, '262197', 'fields']);
    const old = await sim('fresh-9.6');
    expect((await get(old, '/api/cluster/software?fields=post_update_checks')).status).toBe(400);
    expect((await get(f, '/api/cluster/software?fields=post_update_checks')).status).toBe(200);
    expect((await get(f, '/api/cluster/software?colour=red')).status).toBe(400);
  });
});

describe('jobs', () => {
  it('move from running to success or failure', async () => {
    const f = await sim('idle');
    const ok = await call(f, 'POST', '/api/cluster/software/download', { url: 'https://s/9.16.1.tgz' });
    const job = await get(f, ok.body.job._links.self.href);
    expect(job.body).toMatchObject({ state: 'running', description: 'POST /api/cluster/software/download' });
    f.advance(700);
    const bad = await call(f, 'POST', '/api/cluster/software/download', { url: 'https://s/fail-9.17.1.tgz' });
    f.advance(700);
    expect((await get(f, ok.body.job._links.self.href)).body.state).toBe('success');
    expect((await get(f, bad.body.job._links.self.href)).body).toMatchObject({ state: 'failure', code: 10551381 });
  });
});
