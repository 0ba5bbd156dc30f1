// Firmware series (issue 18): SP/BMC per node, the firmware history's last outcome per node and
// kind, shelf modules and disks per model and version, automatic updates that are not done.
// Every family here is bounded by nodes x kinds or by the 50 model/version pairs the collectors keep.

import {
  FIRMWARE_ENDPOINTS, SCRAPE_ENDPOINTS, type FirmwareHistoryRecord, type FirmwareWorker, type ScrapeEndpoint,
} from '../core/endpoints.js';
import type { ErrorReason } from '../ontap/errors.js';
import type { ClusterSnapshot, EndpointState } from '../poll/snapshot.js';
import {
  firmwareAutoUpdateOldestChangeTimestampSeconds, firmwareAutoUpdates, firmwareDisks, firmwareShelfModules, firmwareSpHaPairsMixed,
  firmwareSpInfo, firmwareSpLastUpdateFailed, firmwareSpState, firmwareUpdateFailedWorkers, firmwareUpdateLastDurationSeconds,
  firmwareUpdateLastErrorCode, firmwareUpdateLastStartTimestampSeconds,
} from './catalog.js';
import type { Sample } from './family.js';

/** The kind of firmware a history record's file holds, from its name (all_disk_fw.zip, all_shelf_fw.zip, SP_FW.zip, qual_devices.zip...). */
export function firmwareKind(file: string): string {
  const f = file.toLowerCase();
  if (/qual|dqp/.test(f)) return 'dqp';
  if (f.includes('disk')) return 'disk';
  if (f.includes('shelf')) return 'shelf';
  if (f.includes('acp')) return 'acp';
  if (/(^|[^a-z])(sp|bmc)([^a-z]|$)|service.?processor/.test(f)) return 'sp_bmc';
  return 'other';
}

export function spSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.sp.data;
  if (!d) return [];
  const out: Sample[] = [];
  const version = new Map<string, string | undefined>();
  for (const n of d.nodes) {
    version.set(n.node, n.version);
    out.push(firmwareSpInfo.sample({ node: n.node, version: n.version ?? '' }, 1));
    if (n.state !== undefined && n.state !== 'online') out.push(firmwareSpState.sample({ node: n.node, state: n.state }, 1));
    // Only while failed: a passed update is the usual case and would cost a series per node for nothing.
    if (n.lastUpdate === 'failed') out.push(firmwareSpLastUpdateFailed.sample({ node: n.node }, 1));
  }
  // Each pair once (a<b); a partner the response does not list is not a pair we can judge.
  let pairs = 0;
  let mixed = 0;
  for (const n of d.nodes) {
    if (n.partner === undefined || !version.has(n.partner) || n.partner <= n.node) continue;
    pairs++;
    const other = version.get(n.partner);
    if (n.version !== undefined && other !== undefined && n.version !== other) mixed++;
  }
  if (pairs > 0) out.push(firmwareSpHaPairsMixed.sample({}, mixed));
  return out;
}

export function firmwareHistorySamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.firmware_history.data;
  if (!d) return [];
  const latest = new Map<string, { r: FirmwareHistoryRecord; w: FirmwareWorker; node: string; kind: string }>();
  const failed = new Map<string, number>();
  for (const r of d.records) {
    const kind = firmwareKind(r.file);
    if (!failed.has(kind)) failed.set(kind, 0);
    // A request without worker rows still tells the requesting node's outcome through its own state.
    const workers: FirmwareWorker[] = r.workers.length > 0 ? r.workers : [{ node: r.node, ...(r.state !== undefined ? { state: r.state } : {}) }];
    for (const w of workers) {
      if (w.state === 'failed') failed.set(kind, (failed.get(kind) ?? 0) + 1);
      const node = w.node || r.node;
      if (node === '' || r.start === undefined) continue;
      const key = `${node}\u0000${kind}`;
      const prev = latest.get(key);
      if (!prev || (prev.r.start ?? 0) <= r.start) latest.set(key, { r, w, node, kind });
    }
  }
  const out: Sample[] = [];
  for (const { r, w, node, kind } of latest.values()) {
    out.push(firmwareUpdateLastStartTimestampSeconds.sample({ node, kind, state: w.state ?? r.state ?? 'unknown' }, r.start as number));
    if (r.end !== undefined) out.push(firmwareUpdateLastDurationSeconds.sample({ node, kind }, Math.max(0, r.end - (r.start as number))));
    if (w.errorCode !== undefined && w.errorCode !== 0) out.push(firmwareUpdateLastErrorCode.sample({ node, kind }, w.errorCode));
  }
  for (const [kind, n] of failed) out.push(firmwareUpdateFailedWorkers.sample({ kind }, n));
  return out;
}

export function shelvesSamples(snap: ClusterSnapshot): Sample[] {
  return (snap.endpoints.shelves.data?.modules ?? []).map((m) => firmwareShelfModules.sample({ model: m.model, version: m.version }, m.count));
}

export function disksSamples(snap: ClusterSnapshot): Sample[] {
  return (snap.endpoints.disks.data?.disks ?? []).map((m) => firmwareDisks.sample({ model: m.model, version: m.version }, m.count));
}

/** Done updates (applied, dismissed) are history, not state: only the others are counted. */
const DONE = new Set(['applied', 'dismissed']);

export function autoUpdateSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.auto_updates.data;
  if (!d) return [];
  const by = new Map<string, { type: string; state: string; n: number; oldest?: number }>();
  for (const u of d.updates) {
    if (DONE.has(u.state)) continue;
    const k = `${u.contentType}\u0000${u.state}`;
    const e = by.get(k) ?? { type: u.contentType, state: u.state, n: 0 };
    e.n++;
    if (u.changed !== undefined && (e.oldest === undefined || u.changed < e.oldest)) e.oldest = u.changed;
    by.set(k, e);
  }
  const out: Sample[] = [];
  for (const e of by.values()) {
    const l = { content_type: e.type, state: e.state };
    out.push(firmwareAutoUpdates.sample(l, e.n));
    if (e.oldest !== undefined) out.push(firmwareAutoUpdateOldestChangeTimestampSeconds.sample(l, e.oldest));
  }
  return out;
}

/** What ontap_scrape_* reports for one `endpoint` label. */
export interface ScrapeGroup {
  endpoint: ScrapeEndpoint;
  success: boolean;
  durationSeconds: number;
  lastSuccess?: number;
  errors: Partial<Record<ErrorReason, number>>;
  errorsAt: Partial<Record<ErrorReason, number>>;
}

/** Whether the exporter has asked the endpoint at least once (a release without it is never asked). */
function asked(st: EndpointState<never>): boolean {
  return st.lastSuccess !== undefined || st.lastError !== undefined;
}

/**
 * The ontap_scrape_* rows: one per endpoint, and the firmware endpoints as one `firmware` row,
 * present once any of them was asked (a release lacking them gets no firmware row, so nothing
 * fails there). The group succeeded when every endpoint asked did; its errors are their sum, its
 * duration the longest (they run in parallel), its last success the oldest.
 */
export function scrapeGroups(snap: ClusterSnapshot): ScrapeGroup[] {
  const out: ScrapeGroup[] = [];
  for (const endpoint of SCRAPE_ENDPOINTS) {
    if (endpoint !== 'firmware') {
      const st = snap.endpoints[endpoint];
      out.push({ endpoint, success: st.success, durationSeconds: st.durationSeconds, ...(st.lastSuccess !== undefined ? { lastSuccess: st.lastSuccess } : {}), errors: st.errors, errorsAt: st.errorsAt });
      continue;
    }
    const states = FIRMWARE_ENDPOINTS.map((e) => snap.endpoints[e] as EndpointState<never>).filter(asked);
    if (states.length === 0) continue;
    const errors: Partial<Record<ErrorReason, number>> = {};
    const errorsAt: Partial<Record<ErrorReason, number>> = {};
    for (const st of states) for (const [r, n] of Object.entries(st.errors) as Array<[ErrorReason, number]>) errors[r] = (errors[r] ?? 0) + n;
    for (const st of states) for (const [r, at] of Object.entries(st.errorsAt) as Array<[ErrorReason, number]>) errorsAt[r] = Math.max(errorsAt[r] ?? at, at);
    const last = states.map((s) => s.lastSuccess);
    out.push({
      endpoint, success: states.every((s) => s.success), durationSeconds: Math.max(...states.map((s) => s.durationSeconds)), errors, errorsAt,
      ...(last.every((t) => t !== undefined) ? { lastSuccess: Math.min(...(last)) } : {}),
    });
  }
  return out;
}

