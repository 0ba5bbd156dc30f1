// Who the cluster is and what it runs: `/api/cluster` and `/api/cluster/nodes`.
// NetApp's clients read the release here first and gate their options on it.
//
// This release parser is a copy ON PURPOSE: the simulator keeps its own reading of
// ONTAP's vocabulary (releases, states, messages) because it is the oracle the
// exporter is tested against. It must never import the exporter's src/core: a
// mistake there would then be in both and no test could see it.

import { ontapTime } from './clock.js';
import { renderSp } from './firmware.js';
import type { ClusterModel, SimNode } from './model.js';
import { clusterVersion } from './render.js';

type Json = Record<string, unknown>;

export interface Release { generation: number; major: number; minor: number; patch: string }

// Its own reading of a release, not the exporter's core/release.ts, on purpose: the simulator is the tests' oracle.
/** "9.13.1P17" -> 9, 13, 1, "P17"; "9.6.0" -> 9, 6, 0. */
export function parseRelease(version: string): Release {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(version);
  if (!m) return { generation: 0, major: 0, minor: 0, patch: '' };
  return { generation: Number(m[1]), major: Number(m[2]), minor: Number(m[3] ?? 0), patch: m[4] ?? '' };
}

/** True when `version` is at least generation.major.minor (patch level ignored, as clients do). */
export function atLeast(version: string, min: [number, number, number]): boolean {
  const r = parseRelease(version);
  const [g, M, m] = min;
  return r.generation !== g ? r.generation > g : r.major !== M ? r.major > M : r.minor >= m;
}

/** ONTAP's `version` object; `full` is the banner `version` prints on the CLI. */
function versionObject(version: string, builtAt: number): Json {
  const r = parseRelease(version);
  const built = new Date(builtAt).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4');
  return { full: `NetApp Release ${version}: ${built}`, generation: r.generation, major: r.major, minor: r.minor };
}

/** Simulated build date of a release: fixed per version so `full` never changes between polls. */
function buildTime(version: string): number {
  const r = parseRelease(version);
  return Date.UTC(2017 + Math.floor(r.major / 2), (r.minor * 3) % 12, 10, 13, 33, 41);
}

export const CLUSTER_FIELDS = new Set(['name', 'uuid', 'version', 'location', 'contact', 'timezone', '_links']);

export function renderCluster(m: ClusterModel): Json {
  const v = clusterVersion(m);
  return {
    name: m.name, uuid: m.uuid, version: versionObject(v, buildTime(v)),
    location: 'ontap-simulator', contact: '', timezone: { name: 'Etc/UTC' },
    _links: { self: { href: '/api/cluster' } },
  };
}

export const NODE_FIELDS = new Set(['uuid', 'name', 'version', 'model', 'serial_number', 'state', 'membership', 'ha', 'uptime', 'date', 'location', 'service_processor', '_links']);

export function renderNode(m: ClusterModel, n: SimNode, now: number): Json {
  const i = m.nodes.indexOf(n);
  const partner = m.nodes[i % 2 === 0 ? i + 1 : i - 1];
  return {
    uuid: n.uuid, name: n.name, version: versionObject(n.version, buildTime(n.version)), model: n.model,
    serial_number: String(721_000_000_000 + i * 1_013), state: 'up', membership: 'member', location: '',
    date: ontapTime(now), uptime: 86_400 * 30,
    ha: { enabled: partner !== undefined, ...(partner ? { partners: [{ name: partner.name, uuid: partner.uuid }] } : {}) },
    ...(m.firmware ? { service_processor: renderSp(m, m.firmware, i, now, atLeast(clusterVersion(m), [9, 10, 1])) } : {}),
    _links: { self: { href: `/api/cluster/nodes/${n.uuid}` } },
  };
}
