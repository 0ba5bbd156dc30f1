// GET /api/cluster: who the cluster is (name, uuid) and the release it runs.
// Identity changes rarely: poll/due.ts says when it is read again.

import { findRelease, formatRelease } from '../core/release.js';
import { isObj, num, str, type Obj, type Warn } from './parse.js';
import type { ClusterData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

/** Identifiers only: anything else (free text, control characters) is not a label value. */
function ident(o: Obj, key: string, where: string, warn: Warn): string | undefined {
  const v = str(o, key, where, warn);
  if (v === undefined) return undefined;
  if (/^[\w.:-]{1,128}$/.test(v)) return v;
  warn(`${where}.${key}: not an identifier: ${JSON.stringify(v).slice(0, 40)}`);
  return undefined;
}

/** As ONTAP writes it: `version.full` holds the patch level ("NetApp Release 9.13.1P17: ..."); else generation.major.minor. */
function versionOf(v: unknown, warn: Warn): string | undefined {
  if (typeof v === 'string') {
    return findRelease(v)?.text;
  }
  if (!isObj(v)) return undefined;
  const full = findRelease(str(v, 'full', 'cluster.version', warn));
  if (full) return full.text;
  const g = num(v, 'generation', 'cluster.version', warn);
  const ma = num(v, 'major', 'cluster.version', warn);
  if (g === undefined || ma === undefined) return undefined;
  return formatRelease({ generation: g, major: ma, minor: num(v, 'minor', 'cluster.version', warn) ?? 0, patch: 0, d: 0 });
}

export const clusterCollector: Collector<'cluster'> = {
  endpoint: 'cluster',
  path: '/api/cluster',
  query: { fields: 'name,uuid,version' },
  paginated: false,
  parse(pages, warn): ClusterData {
    const b = pages[0];
    if (!isObj(b)) throw new Error('expected a JSON object');
    return { name: ident(b, 'name', 'cluster', warn), uuid: ident(b, 'uuid', 'cluster', warn), version: versionOf(b.version, warn) };
  },
};
