// GET /api/cluster/software: version, state, durations, phases, status details, validation, MetroCluster.

import { asArray, isObj, nodeName, seconds, stateOf, str, enumValue, unique } from './parse.js';
import type { SoftwareData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

// Fields every release from 9.6 on knows (asking for a newer one is an error on older clusters).
const FIELDS = 'version,pending_version,state,elapsed_duration,estimated_duration,nodes,update_details,status_details,validation_results,metrocluster';

export const softwareCollector: Collector<'software'> = {
  endpoint: 'software',
  path: '/api/cluster/software',
  query: { fields: FIELDS },
  paginated: false,
  parse(pages, warn): SoftwareData {
    const b = pages[0];
    if (!isObj(b)) throw new Error('expected a JSON object');
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
    const validation = unique(asArray(b.validation_results, `${w}.validation_results`, warn).map((r, i) => {
      const at = `${w}.validation_results[${i}]`;
      const status = str(r, 'status', at, warn);
      return { check: str(r, 'update_check', at, warn) ?? '', status: status === undefined ? '' : enumValue(status) };
    }).filter((r) => r.check !== '' && r.status !== ''), (r) => `${r.check}\u0000${r.status}`, `${w}.validation_results`, warn);
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
      nodes, phases, statusDetails: [...status.values()], validation, sites,
    };
  },
};
