// Firmware as ONTAP reports it (issue 18): each node's service processor / BMC, shelf modules and
// disks with their firmware versions, the firmware update history (GET /cluster/firmware/history,
// 9.8+) and the automatic updates ONTAP fetched (GET /support/auto-update/updates, 9.10.1+).
// A firmware .zip downloaded through /cluster/software/download starts an update that runs on every
// node (disk and shelf firmware for minutes, an SP/BMC for half an hour), then completes, or fails
// early on the node a scenario chose.
// Everything is computed from the simulated time a request looks at it (no timers).

import { ontapTime } from './clock.js';
import type { FirmwareModel, FwKind, FwUpdate, FwWorker } from './firmware-model.js';
import type { ClusterModel } from './model.js';

export type { FirmwareModel } from './firmware-model.js';

type Json = Record<string, unknown>;

/** How long a node's worker takes per kind of firmware; a failing worker gives up after FAIL_AFTER_SECONDS. */
export const FIRMWARE_UPDATE_SECONDS: Record<FwKind, number> = { disk: 120, shelf: 300, sp: 1800, other: 60 };
const FAIL_AFTER_SECONDS = 60;



/** What a scenario says about firmware: a node whose updates fail, automatic updates to start with. */
export interface FirmwareSetup { failNode?: number; autoUpdates?: Array<{ content_type: string; state: string; daysAgo: number }> }

const FAIL = { code: 2228325, message: 'Cannot open local staging ZIP file disk_firmware.zip' };
const AUTO_STATUS: Record<string, { code: string; message: string }> = {
  applied: { code: '131072105', message: 'Installation successful.' },
  failed: { code: '131072106', message: 'Installation failed.' },
  pending_confirmation: { code: '131072215', message: 'Update is waiting for confirmation.' },
};

function kindOf(file: string): FwKind {
  const f = file.toLowerCase();
  if (f.includes('disk') || f.includes('qual')) return 'disk';
  if (f.includes('shelf')) return 'shelf';
  if (/(^|[^a-z])(sp|bmc)([^a-z]|$)/.test(f)) return 'sp';
  return 'other';
}

export function initialFirmware(name: string, setup: FirmwareSetup | undefined, now: number, uuid: (seed: string) => string): FirmwareModel {
  return {
    updates: [],
    autoUpdates: (setup?.autoUpdates ?? [{ content_type: 'disk_fw', state: 'applied', daysAgo: 20 }]).map((a, i) => ({
      uuid: uuid(`${name}/auto-update/${i}`), content_type: a.content_type, description: `${a.content_type} version ${i + 2}.0`, state: a.state,
      created: now - (a.daysAgo + 1) * 86_400_000, changed: now - a.daysAgo * 86_400_000,
      status: AUTO_STATUS[a.state] ?? { code: '131072107', message: 'Update in progress.' },
    })),
    ...(setup?.failNode !== undefined ? { failNode: setup.failNode } : {}),
  };
}

/** A firmware package finished downloading: ONTAP updates every node's part with it in the background. */
export function startFirmwareUpdate(m: ClusterModel, fw: FirmwareModel, file: string, job: string, now: number): void {
  const first = m.nodes[0];
  if (!first) return;
  fw.updates.push({
    file, kind: kindOf(file), node: { name: first.name, uuid: first.uuid }, job, start: now,
    workers: m.nodes.map((n, i) => ({ node: n.name, uuid: n.uuid, outcome: fw.failNode === i ? 'failed' : 'complete' })),
  });
}

const workerEnd = (u: FwUpdate, w: FwWorker) => u.start + (w.outcome === 'failed' ? FAIL_AFTER_SECONDS : FIRMWARE_UPDATE_SECONDS[u.kind]) * 1000;
const workerDone = (u: FwUpdate, w: FwWorker, now: number) => now >= workerEnd(u, w);
const endOf = (u: FwUpdate) => Math.max(...u.workers.map((w) => workerEnd(u, w)));
const ended = (u: FwUpdate, now: number) => now >= endOf(u);

/** Updates of `kind` whose worker on `node` completed: each moves that node's firmware one version on. */
function applied(fw: FirmwareModel, kind: FwKind, node: string, now: number): number {
  return fw.updates.filter((u) => u.kind === kind && u.workers.some((w) => w.node === node && w.outcome === 'complete' && workerDone(u, w, now))).length;
}

export function renderFirmwareHistory(fw: FirmwareModel, now: number): Json[] {
  return fw.updates.filter((u) => u.start <= now).map((u) => {
    const done = ended(u, now);
    const allFailed = u.workers.every((w) => w.outcome === 'failed');
    return {
      fw_file_name: u.file, fw_update_state: !done ? 'waiting_on_workers' : allFailed ? 'failed' : 'completed',
      job: { uuid: u.job, _links: { self: { href: `/api/cluster/jobs/${u.job}` } } },
      node: { name: u.node.name, uuid: u.node.uuid }, start_time: ontapTime(u.start),
      ...(done ? { end_time: ontapTime(endOf(u)) } : {}),
      update_status: u.workers.map((w) => {
        const wd = workerDone(u, w, now);
        return {
          worker: {
            node: { name: w.node, uuid: w.uuid }, state: !wd ? 'working' : w.outcome,
            ...(wd ? { error: w.outcome === 'failed' ? FAIL : { code: 0, message: 'Success' } } : {}),
          },
        };
      }),
      _links: { self: { href: `/api/cluster/firmware/history/${encodeURIComponent(ontapTime(u.start))}/${u.job}` } },
    };
  });
}

/** The service_processor object of node `i` (last_update_state only from 9.10.1, as ONTAP). */
export function renderSp(m: ClusterModel, fw: FirmwareModel, i: number, now: number, since910: boolean): Json {
  const n = m.nodes[i];
  if (!n) return {};
  const mine = fw.updates.filter((u) => u.kind === 'sp' && u.start <= now).flatMap((u) => u.workers.filter((w) => w.node === n.name).map((w) => ({ u, w })));
  const running = mine.some(({ u, w }) => !workerDone(u, w, now));
  const lastOutcome = mine.filter(({ u, w }) => workerDone(u, w, now)).at(-1)?.w.outcome;
  return {
    firmware_version: `3.${16 + applied(fw, 'sp', n.name, now)}`, state: running ? 'updating' : 'online', link_status: 'up', type: 'bmc',
    ...(since910 ? { last_update_state: lastOutcome === 'failed' ? 'failed' : 'passed' } : {}),
  };
}

/** Two DS224-12 shelves per HA pair; both modules of a shelf take the firmware of the pair's first node. */
export function renderShelves(m: ClusterModel, fw: FirmwareModel, now: number, uuid: (seed: string) => string): Json[] {
  return m.nodes.filter((_n, i) => i % 2 === 0).flatMap((n, p) => [0, 1].map((k) => {
    const id = `${p + 1}.${k}`;
    const v = `02${String(20 + 20 * applied(fw, 'shelf', n.name, now)).padStart(2, '0')}`;
    return {
      uid: uuid(`${m.name}/shelf/${id}`).replace(/\D/g, '').slice(0, 19), name: id, id, model: 'DS224-12', module_type: 'iom12', state: 'ok',
      frus: [0, 1].map((f) => ({ type: 'module', id: f, firmware_version: v, state: 'ok', installed: true })).concat([{ type: 'psu', id: 1, firmware_version: '0311', state: 'ok', installed: true }]),
      _links: { self: { href: `/api/storage/shelves/${id}` } },
    };
  }));
}

/** 12 disks per node; a node's disks move to the next firmware with each disk update its worker completed. */
export function renderDisks(m: ClusterModel, fw: FirmwareModel, now: number): Json[] {
  return m.nodes.flatMap((n, i) => Array.from({ length: 12 }, (_x, d) => ({
    name: `${Math.floor(i / 2) + 1}.${i % 2}.${d}`, model: 'X4011WBORA3T84', vendor: 'NETAPP', state: 'present',
    firmware_version: `NA0${2 + applied(fw, 'disk', n.name, now)}`, node: { name: n.name, uuid: n.uuid },
    _links: { self: { href: `/api/storage/disks/${Math.floor(i / 2) + 1}.${i % 2}.${d}` } },
  })));
}

export function renderAutoUpdates(fw: FirmwareModel): Json[] {
  return fw.autoUpdates.map((a) => ({
    uuid: a.uuid, content_category: 'Firmware', content_type: a.content_type, description: a.description, state: a.state,
    creation_time: ontapTime(a.created), last_state_change_time: ontapTime(a.changed), status: a.status,
    _links: { self: { href: `/api/support/auto-update/updates/${a.uuid}` } },
  }));
}
