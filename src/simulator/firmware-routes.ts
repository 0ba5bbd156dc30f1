// The firmware resources of one simulated cluster (issue 18): GET only, each on the releases that
// have it (an older release answers as ONTAP does for an API it lacks: 404, code 3).

import { queryCollection, type CollectionSpec } from './collection.js';
import { OntapError } from './errors.js';
import { renderAutoUpdates, renderDisks, renderFirmwareHistory, renderShelves } from './firmware.js';
import { atLeast } from './identity.js';
import type { ClusterModel } from './model.js';
import { clusterVersion } from './render.js';
import { uuidFor } from './scenarios.js';

type Json = Record<string, unknown>;

const spec = (base: string, known: string[], keys: string[]): CollectionSpec => ({ base, known: new Set([...known, '_links']), keys, defaultAll: false });
const HISTORY = spec('/api/cluster/firmware/history', ['fw_file_name', 'fw_update_state', 'job', 'node', 'start_time', 'end_time', 'update_status'], []);
const SHELVES = spec('/api/storage/shelves', ['uid', 'name', 'id', 'model', 'module_type', 'state', 'frus'], ['uid']);
const DISKS = spec('/api/storage/disks', ['name', 'model', 'vendor', 'state', 'firmware_version', 'node'], ['name']);
const AUTO = spec('/api/support/auto-update/updates', ['uuid', 'content_category', 'content_type', 'description', 'state', 'creation_time', 'last_state_change_time', 'status'], ['uuid']);

/** Where each resource starts: [path, spec, first release, records]. */
function resources(m: ClusterModel, now: number): Array<[CollectionSpec, [number, number, number], () => Json[]]> {
  const fw = m.firmware;
  if (!fw) return [];
  return [
    [HISTORY, [9, 8, 0], () => renderFirmwareHistory(fw, now)],
    [SHELVES, [9, 6, 0], () => renderShelves(m, fw, now, uuidFor)],
    [DISKS, [9, 6, 0], () => renderDisks(m, fw, now)],
    [AUTO, [9, 10, 1], () => renderAutoUpdates(fw)],
  ];
}

/** The answer for a firmware path, or undefined when `path` is not one. */
export function routeFirmware(m: ClusterModel, method: string, path: string, q: URLSearchParams, now: number): { status: number; body: Json } | undefined {
  const r = resources(m, now).find(([s]) => s.base === path);
  if (!r) return undefined;
  const [s, since, records] = r;
  if (!atLeast(clusterVersion(m), since)) throw new OntapError(404, '3', `API not found: ${path}`);
  if (method !== 'GET') throw new OntapError(405, '3', 'The method is not allowed for this API.');
  return { status: 200, body: queryCollection(records(), q, s) };
}
