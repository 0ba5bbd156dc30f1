// GET /api/cluster/software: version, state, durations, phases, status details, validation, MetroCluster.

import { asArray, isObj, nodeName, seconds, stateOf, str, enumValue, unique, type Warn } from './parse.js';
import type { SoftwareData } from '../core/endpoints.js';
import { compareReleases, parseRelease, type Release } from '../core/release.js';
import type { Collector } from './collector.js';

// Fields every release from 9.6 on knows (asking for a newer one is an error on older clusters).
const FIELDS = 'version,pending_version,state,elapsed_duration,estimated_duration,nodes,update_details,status_details,validation_results,metrocluster';

/**
 * The first release asked for post_update_checks. The 9.9 reference is the first to document it;
 * NetApp's 9.8 Python client lists it too, but no 9.8 reference page does, and a wrong guess would
 * fail every software poll of a 9.8 cluster (an unknown field fails the request), where a missed
 * one costs post-update checks on a release past its end of support.
 */
export const POST_UPDATE_CHECKS_SINCE = parseRelease('9.9.0') as Release; // so 9.9.1RC1 counts

/** The query for a release: post_update_checks only where the release is known to have it. */
export function softwareQuery(release: Release | undefined): Record<string, string> {
  const knows = release !== undefined && compareReleases(release, POST_UPDATE_CHECKS_SINCE) >= 0;
  return knows ? WITH_CHECKS : BASE_QUERY;
}
// The same objects every poll: the poller and the client remember what they derive from a query by its object.
const BASE_QUERY = { fields: FIELDS };
const WITH_CHECKS = { fields: `${FIELDS},post_update_checks` };

/** validation_results[] and post_update_checks[]: the checks that reported a warning or an error. */
function checks(v: unknown, w: string, warn: Warn): Array<{ check: string; status: string }> {
  return unique(asArray(v, w, warn).map((r, i) => {
    const at = `${w}[${i}]`;
    const status = str(r, 'status', at, warn);
    return { check: str(r, 'update_check', at, warn) ?? '', status: status === undefined ? '' : enumValue(status) };
  }).filter((r) => r.check !== '' && r.status !== ''), (r) => `${r.check}\u0000${r.status}`, w, warn);
}

export const softwareCollector: Collector<'software'> = {
  endpoint: 'software',
  path: '/api/cluster/software',
  query: BASE_QUERY,
  queryFor: softwareQuery,
  paginated: false,
  parse(pages, warn, query): SoftwareData {
    const b = pages[0];
    if (!isObj(b)) throw new Error('expected a JSON object');
    // Seen on 9.15.1P12 while a validation ran (netapp.ontap issue 330): `_links` and nothing else.
    // No field is no data, not "no update": failing the poll keeps the last good data.
    if (Object.keys(b).every((k) => k === '_links')) throw new Error('no field in the answer (only _links)');
    const w = 'software';
    const nodes = unique(asArray(b.nodes, `${w}.nodes`, warn).map((n, i) => ({
      // The 9.7 examples name the node as "node"; the schema says "name".
      name: str(n, 'name', `${w}.nodes[${i}]`, warn) ?? str(n, 'node', `${w}.nodes[${i}]`, warn) ?? '',
      version: str(n, 'version', `${w}.nodes[${i}]`, warn),
    })).filter((n) => n.name !== ''), (n) => n.name, `${w}.nodes`, warn);
    const phases = unique(asArray(b.update_details, `${w}.update_details`, warn).map((r, i) => {
      const at = `${w}.update_details[${i}]`;
      return {
        node: nodeName(r, at, warn), phase: str(r, 'phase', at, warn) ?? '', state: stateOf(r, at, warn),
        elapsed: seconds(r, 'elapsed_duration', at, warn), estimated: seconds(r, 'estimated_duration', at, warn),
      };
    }).filter((r) => r.phase !== ''), (r) => `${r.node}\u0000${r.phase}`, `${w}.update_details`, warn);
    // The same name/node can repeat (a step run again); the last row is the current one.
    const status = new Map<string, { node: string; name: string; state: string }>();
    asArray(b.status_details, `${w}.status_details`, warn).forEach((r, i) => {
      const at = `${w}.status_details[${i}]`;
      const row = { node: nodeName(r, at, warn), name: str(r, 'name', at, warn) ?? '', state: stateOf(r, at, warn) ?? 'unknown' };
      status.set(`${row.node}\u0000${row.name}`, row);
    });
    const validation = checks(b.validation_results, `${w}.validation_results`, warn);
    // Asked for: absent means none failed (ONTAP leaves empty lists out). Not asked: unknown.
    const asked = (query?.fields ?? '').split(',').includes('post_update_checks');
    const post = asked ? { postUpdateChecks: checks(b.post_update_checks, `${w}.post_update_checks`, warn) } : {};
    const mc = isObj(b.metrocluster) ? b.metrocluster : undefined;
    const sites = unique(asArray(mc?.clusters, `${w}.metrocluster.clusters`, warn).map((c, i) => {
      const at = `${w}.metrocluster.clusters[${i}]`;
      return { name: str(c, 'name', at, warn) ?? '', state: stateOf(c, at, warn), elapsed: seconds(c, 'elapsed_duration', at, warn), estimated: seconds(c, 'estimated_duration', at, warn) };
    }).filter((c) => c.name !== ''), (c) => c.name, `${w}.metrocluster.clusters`, warn);
    const state = stateOf(b, w, warn);
    return {
      version: str(b, 'version', w, warn), pendingVersion: str(b, 'pending_version', w, warn), state,
      elapsed: seconds(b, 'elapsed_duration', w, warn),
      estimated: seconds(b, 'estimated_duration', w, warn),
      nodes, phases, statusDetails: [...status.values()], validation, ...post, sites,
    };
  },
};
