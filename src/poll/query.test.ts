import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../config/config.js';
import type { OntapClient } from '../ontap/client.js';
import { PollError } from '../ontap/poll-error.js';
import { manualClock } from '../runtime/clock.js';
import { createLogger } from '../runtime/log.js';
import { pollCluster, type Target } from './poller.js';
import { emptySnapshot } from './snapshot.js';

const CONFIG: ClusterConfig = {
  name: 'c1', url: 'https://c1.example.com', datacenter: 'dc1', username: 'u', password: 'p', insecureSkipVerify: false,
  interval: 60, fastInterval: 15, timeouts: { connect: 1, headers: 1, body: 1, poll: 10 }, maxResponseBytes: 1 << 20,
};
const log = createLogger('error', 'json', new Writable({ write(_c, _e, done) { done(); } }));
const sink = { apply: () => undefined, seriesCount: () => 0 };
const FAILED = [{ update_check: 'Aggregate Health Status', status: 'error', issue: { message: 'offline' } }];

/** A cluster on `release` answering software with `software()`; records the software queries. */
/** `release` 'hang': /api/cluster never answers. */
function cluster(release: string | undefined, software: () => object, config = CONFIG) {
  const asked: string[] = [];
  const client: OntapClient = {
    async get(path, query) {
      let body: object;
      if (path === '/api/cluster') {
        if (release === undefined) throw new PollError('http_5xx', 'HTTP 503');
        if (release === 'hang') return new Promise<never>(() => undefined);
        body = { name: 'c1', version: { full: `NetApp Release ${release}: Mon Jan 01 00:00:00 UTC 2024` } };
      } else if (path === '/api/cluster/software') {
        asked.push(query.fields ?? '');
        body = software();
        if ('refuse' in body && (query.fields ?? '').includes(String(body.refuse))) {
          throw new PollError('http_4xx', `HTTP 400: The value "${String(body.refuse)}" is invalid for field "fields" (code 262197)`);
        }
      } else {
        body = path.endsWith('download') ? {} : { records: [], num_records: 0 };
      }
      const raw = JSON.stringify(body);
      return { digest: createHash('sha1').update(raw).digest('base64'), pages: () => [JSON.parse(raw) as unknown] };
    },
    reset: () => undefined,
    close: async () => undefined,
  };
  const t: Target = { config, client, snapshot: emptySnapshot('c1', 'dc1', 60), polling: false, nextDue: 0 };
  return { t, asked };
}

const poll = (t: Target, at: number) => pollCluster(t, sink, log, { clock: manualClock(at * 1000) });

describe('post_update_checks asked for by release', () => {
  it('a first poll reads /api/cluster first: 9.9.1 and later are asked, and report their failed checks', async () => {
    const { t, asked } = cluster('9.9.1', () => ({ version: '9.9.1', state: 'completed', post_update_checks: FAILED }));
    await poll(t, 1000);
    expect(asked).toEqual([expect.stringMatching(/,post_update_checks$/)]);
    expect(t.snapshot.endpoints.software.data?.postUpdateChecks).toEqual([{ check: 'Aggregate Health Status', status: 'error' }]);
  });

  it('asked and absent (ONTAP leaves an empty list out) is none failed, not unknown', async () => {
    const { t } = cluster('9.16.1', () => ({ version: '9.16.1', state: 'completed' }));
    await poll(t, 1000);
    expect(t.snapshot.endpoints.software.data?.postUpdateChecks).toEqual([]);
  });

  it('9.8 is never asked (the field would fail the request if it did not know it): unknown', async () => {
    const { t, asked } = cluster('9.8', () => ({ version: '9.8.0', state: 'completed', post_update_checks: FAILED }));
    await poll(t, 1000);
    await poll(t, 1060);
    expect(asked.some((q) => q.includes('post_update_checks'))).toBe(false);
    expect(t.snapshot.endpoints.software.data?.postUpdateChecks).toBeUndefined();
  });

  it('identity failing on the first poll: the query every release knows, then the release from /cluster/software', async () => {
    const { t, asked } = cluster(undefined, () => ({ version: '9.13.1P4', state: 'completed' }));
    await poll(t, 1000);
    await poll(t, 1060);
    expect(asked.map((q) => q.includes('post_update_checks'))).toEqual([false, true]);
  });
});

describe('a release that refuses post_update_checks although its version says it has it', () => {
  it('falls back to the query every release knows after a failed poll or two, not on every poll', async () => {
    const { t, asked } = cluster('9.9.1', () => ({ version: '9.9.1', state: 'completed', refuse: 'post_update_checks' }));
    for (let i = 0; i < 5; i++) await poll(t, 1000 + i * 60);
    expect(asked.map((q) => q.includes('post_update_checks'))).toEqual([true, true, false, false, false]);
    expect(t.snapshot.endpoints.software.success).toBe(true);
  });
});

describe('a first poll whose /api/cluster hangs', () => {
  it('software waits half the poll deadline at most, then asks what every release knows', async () => {
    const { t, asked } = cluster('hang', () => ({ version: '9.16.1', state: 'completed' }), { ...CONFIG, timeouts: { ...CONFIG.timeouts, poll: 0.2 } });
    await poll(t, 1000);
    expect(asked).toEqual([expect.not.stringContaining('post_update_checks')]);
    expect(t.snapshot.endpoints.software.success).toBe(true);
    expect(t.snapshot.endpoints.cluster.success).toBe(false);
  });
});

describe('a software answer with only _links', () => {
  it('fails the poll as bad_response and keeps the last good data (no "no update" from nothing)', async () => {
    let body: object = { version: '9.15.1P12', state: 'in_progress', nodes: [{ name: 'n1', version: '9.15.1P12' }] };
    const { t } = cluster('9.15.1P12', () => body);
    await poll(t, 1000);
    const good = t.snapshot.endpoints.software.data;
    body = { _links: { self: { href: '/api/cluster/software' } } };
    await poll(t, 1060);
    const st = t.snapshot.endpoints.software;
    expect(st.success).toBe(false);
    expect(st.lastError?.reason).toBe('bad_response');
    expect(st.data).toBe(good);
    expect(st.data?.state).toBe('in_progress');
  });
});
