// Every scenario, walked through simulated time, answers only what ONTAP's schema allows for the
// cluster's release (src/simulator/schema.ts: NetApp's reference and the netapp_ontap 9.17.1
// client's schemas): no unknown field, no wrong type, no enum value the newest client rejects. And
// the calls the newest client makes (a job polled with fields=message,state,error) are answered.

import { describe, expect, it } from 'vitest';
import { createCluster, syncCluster, type SimCluster } from '../../src/simulator/cluster.js';
import { OntapError } from '../../src/simulator/errors.js';
import { mutateBody, type ActiveFault } from '../../src/simulator/faults.js';
import { clusterVersion } from '../../src/simulator/render.js';
import { route } from '../../src/simulator/routes.js';
import { SCENARIO_NAMES, SCENARIOS, TARGET_VERSION, type ClusterSetup } from '../../src/simulator/scenarios.js';
import {
  atLeastRelease, CLUSTER, COLLECTION, DOWNLOAD, HISTORY_RECORD, JOB, NODE, PACKAGE_RECORD, softwareSchema, violations, type Schema,
} from '../../src/simulator/schema.js';

type Json = Record<string, unknown>;
const T0 = Date.UTC(2026, 0, 1);

const RELEASES: Array<[string, ClusterSetup['shape']]> = [['9.7.0', '9.7'], ['9.8.0', '9.7'], ['9.9.1', '9.7'], ['9.11.1', '9.16'], ['9.17.1', '9.16']];

/** A scenario on another release (named `<prefix>9.8.0`). */
function at(scenario: string, prefix: string, version: string, shape: ClusterSetup['shape']): ClusterSetup {
  const s = (SCENARIOS[scenario] as (n: string) => ClusterSetup)(`${prefix}${version}`);
  return { ...s, version, shape, packages: [version, TARGET_VERSION], pastUpdates: [['9.6.0', version, 30]] };
}

/** Each scenario as is, plus the post-update check scenarios on releases around each gate. */
function setups(): ClusterSetup[] {
  const all = SCENARIO_NAMES.map((s) => (SCENARIOS[s] as (n: string) => ClusterSetup)(s));
  return [...all, ...RELEASES.flatMap(([v, shape]) => [at('post-update-check-failed', 'idle-', v, shape), at('upgrade-post-check-failed', 'up-', v, shape)])];
}

async function ask(c: SimCluster, now: number, path: string, query = ''): Promise<{ status: number; body: Json }> {
  try {
    return await route(c, () => now, 'GET', path, new URLSearchParams(query), undefined);
  } catch (err) {
    if (err instanceof OntapError) return { status: err.status, body: { error: { code: err.code, message: err.message } } };
    throw err;
  }
}

function records(body: Json, schema: Schema, release: string, where: string): string[] {
  const out = violations(body, COLLECTION, release, where);
  for (const [i, r] of ((body.records as unknown[]) ?? []).entries()) out.push(...violations(r, schema, release, `${where}.records[${i}]`));
  return out;
}

/** Every resource of one cluster at `now`, checked; returns the violations. */
async function check(c: SimCluster, now: number): Promise<string[]> {
  syncCluster(c, now);
  const release = clusterVersion(c.engine.model);
  const tag = `${c.engine.model.name}@${(now - T0) / 1000}s (${release})`;
  const out: string[] = [];
  const ok = async (path: string, query = '') => {
    const r = await ask(c, now, path, query);
    if (r.status !== 200) out.push(`${tag} GET ${path}?${query}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const sw = softwareSchema(release);
  out.push(...violations(await ok('/api/cluster/software', 'fields=*'), sw, release, `${tag} software`));
  out.push(...violations(await ok('/api/cluster/software', 'fields=**'), sw, release, `${tag} software(**)`));
  if (atLeastRelease(release, '9.7.0')) out.push(...violations(await ok('/api/cluster/software/download', 'fields=*'), DOWNLOAD, release, `${tag} download`));
  out.push(...records(await ok('/api/cluster/software/history', 'fields=*'), HISTORY_RECORD, release, `${tag} history`));
  out.push(...records(await ok('/api/cluster/software/packages', 'fields=*'), PACKAGE_RECORD, release, `${tag} packages`));
  out.push(...violations(await ok('/api/cluster', 'fields=*'), CLUSTER, release, `${tag} cluster`));
  out.push(...records(await ok('/api/cluster/nodes', 'fields=*'), NODE, release, `${tag} nodes`));
  const jobs = await ok('/api/cluster/jobs', 'fields=*');
  out.push(...records(jobs, JOB, release, `${tag} jobs`));
  for (const j of (jobs.records as Json[] | undefined) ?? []) {
    // What netapp_ontap 9.17.1 asks whenever it polls a job.
    out.push(...violations(await ok(`/api/cluster/jobs/${j.uuid as string}`, 'fields=message,state,error'), JOB, release, `${tag} job`));
  }
  return out;
}

describe('simulator conformance to the ONTAP schema per release', () => {
  it('every scenario, every 5 simulated minutes for 6 hours, answers within the schema', async () => {
    const clusters = setups().map((s) => createCluster(s, T0));
    const found: string[] = [];
    for (let t = 0; t <= 6 * 3600; t += 300) {
      for (const c of clusters) found.push(...await check(c, T0 + t * 1000));
      if (found.length > 20) break;
    }
    expect(found.slice(0, 20)).toEqual([]);
  });

  it('the answers seen from real clusters stay within the schema too', async () => {
    const c = createCluster((SCENARIOS['upgrade-4node'] as (n: string) => ClusterSetup)('quirks'), T0);
    syncCluster(c, T0 + 600_000);
    const body = (await ask(c, T0 + 600_000, '/api/cluster/software', 'fields=*')).body;
    const release = clusterVersion(c.engine.model);
    for (const kind of ['links-only', 'bare-phases', 'ontap-updates-phase'] as const) {
      const fault: ActiveFault = { kind, id: 1, from: 0, until: Infinity };
      expect(violations(mutateBody(body, [fault]), softwareSchema(release), release), kind).toEqual([]);
    }
  });

  it('gates fields by release: post_update_checks from 9.8, job node from 9.11.1; an unknown field is refused', async () => {
    const by = Object.fromEntries(RELEASES.map(([v, shape]) => [v, createCluster(at('post-update-check-failed', 'idle-', v, shape), T0)]));
    const post = (v: string) => ask(by[v] as SimCluster, T0, '/api/cluster/software', 'fields=post_update_checks');
    expect((await post('9.7.0')).status).toBe(400);
    expect((await post('9.8.0')).body.post_update_checks).toEqual([
      { update_check: 'Aggregate Health Status', status: 'error', issue: { message: expect.any(String) }, action: { message: expect.any(String) } },
      expect.objectContaining({ update_check: 'HA Health Status', status: 'warning' }),
    ]);
    expect((await post('9.9.1')).body.post_update_checks).toHaveLength(2);
    // A job to look at: a validation.
    const job = async (v: string) => {
      const c = by[v] as SimCluster;
      await route(c, () => T0, 'PATCH', '/api/cluster/software', new URLSearchParams('validate_only=true'), { version: TARGET_VERSION });
      return ask(c, T0, '/api/cluster/jobs', 'fields=node');
    };
    expect((await job('9.9.1')).status).toBe(400);
    expect(((await job('9.11.1')).body.records as Json[])[0]?.node).toEqual({ name: 'idle-9.11.1-01' });
  });
});
