// Snapshot -> samples: a pure function, so golden tests check exactly what /metrics serves.

import { ENDPOINTS, type HistoryRecord } from '../core/endpoints.js';
import { normaliseEstimate } from '../core/estimate.js';
import { findRelease } from '../core/release.js';
import { ERROR_REASONS } from '../ontap/errors.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import { campaignSamples } from './campaign-samples.js';
import type { Sample } from './family.js';
import { KNOWN_DOWNLOAD_STATES, KNOWN_HISTORY_STATES, KNOWN_UPDATE_STATES, VALIDATION_STATUSES } from './catalog.js';


/** A state set: every known state, plus the current one if it is new to us (never dropped). */
function stateSet(name: string, known: string[], current: string | undefined, extra: Record<string, string> = {}): Sample[] {
  const states = current !== undefined && !known.includes(current) ? [...known, current] : known;
  return states.map((state) => ({ name, labels: { ...extra, state }, value: state === current ? 1 : 0 }));
}

function opt(name: string, value: number | undefined, labels: Record<string, string> = {}): Sample[] {
  return value === undefined ? [] : [{ name, labels, value }];
}

/**
 * The version that gives estimated_duration its meaning: the one /cluster/software reports in
 * the same response (the effective cluster version), else the one /api/cluster reported.
 */
export function clusterVersion(snap: ClusterSnapshot): string | undefined {
  const sw = snap.endpoints.software.data?.version;
  return findRelease(sw) !== undefined ? sw : snap.endpoints.cluster.data?.version;
}

export function identitySamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.cluster.data;
  if (!d || (d.name === undefined && d.uuid === undefined)) return [];
  return [{ name: 'ontap_cluster_info', labels: { ontap_name: d.name ?? '', uuid: d.uuid ?? '', version: d.version ?? '' }, value: 1 }];
}

export function softwareSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.software.data;
  if (!d) return [];
  const out: Sample[] = [];
  if (d.version) out.push({ name: 'ontap_software_info', labels: { version: d.version }, value: 1 });
  const nodeVersions = new Set<string>();
  for (const n of d.nodes) {
    out.push({ name: 'ontap_software_node_info', labels: { node: n.name, version: n.version ?? '' }, value: 1 });
    if (n.version) nodeVersions.add(n.version);
  }
  if (d.nodes.length > 0) out.push({ name: 'ontap_software_node_versions', labels: {}, value: nodeVersions.size });
  if (d.pendingVersion) out.push({ name: 'ontap_software_pending_version_info', labels: { pending_version: d.pendingVersion }, value: 1 });
  out.push(...stateSet('ontap_software_update_state', KNOWN_UPDATE_STATES, d.state));
  out.push(...opt('ontap_software_update_elapsed_seconds', d.elapsed));
  const est = normaliseEstimate(d, clusterVersion(snap), snap.endpoints.software.lastSuccess ?? 0);
  out.push(...opt('ontap_software_update_estimated_seconds', est.estimatedSeconds), ...opt('ontap_software_update_remaining_seconds', est.remainingSeconds),
    ...opt('ontap_software_update_expected_end_timestamp_seconds', est.expectedEndSeconds));
  const seenPhase = new Set<string>();
  for (const p of d.phases) {
    const key = `${p.node}\u0000${p.phase}`;
    if (seenPhase.has(key)) continue; // ONTAP repeats nothing here, but a duplicate must not collide
    seenPhase.add(key);
    const l = { node: p.node, phase: p.phase };
    out.push({ name: 'ontap_software_update_phase_state', labels: { ...l, state: p.state ?? 'unknown' }, value: 1 });
    out.push(...opt('ontap_software_update_phase_elapsed_seconds', p.elapsed, l), ...opt('ontap_software_update_phase_estimated_seconds', p.estimated, l));
  }
  for (const s of d.statusDetails) out.push({ name: 'ontap_software_status_detail_state', labels: { node: s.node, name: s.name, state: s.state }, value: 1 });
  const counts = new Map<string, number>(VALIDATION_STATUSES.map((s) => [s, 0]));
  const seenCheck = new Set<string>();
  for (const v of d.validation) {
    counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
    const key = `${v.check}\u0000${v.status}`;
    if (seenCheck.has(key)) continue;
    seenCheck.add(key);
    out.push({ name: 'ontap_software_validation_result', labels: { update_check: v.check, status: v.status }, value: 1 });
  }
  for (const [status, n] of counts) out.push({ name: 'ontap_software_validation_checks', labels: { status }, value: n });
  for (const s of d.sites) {
    out.push(...stateSet('ontap_software_metrocluster_site_state', KNOWN_UPDATE_STATES, s.state, { site: s.name }));
    out.push(...opt('ontap_software_metrocluster_site_elapsed_seconds', s.elapsed, { site: s.name }));
    out.push(...opt('ontap_software_metrocluster_site_estimated_seconds', s.estimated, { site: s.name }));
  }
  return out;
}

export function downloadSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.download.data;
  if (!d) return [];
  return [...stateSet('ontap_software_download_state', KNOWN_DOWNLOAD_STATES, d.state), { name: 'ontap_software_download_code', labels: {}, value: d.code ?? 0 }];
}

export function packagesSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.packages.data;
  if (!d) return [];
  const out: Sample[] = [{ name: 'ontap_software_packages', labels: {}, value: d.packages.length }];
  for (const p of d.packages) out.push(...opt('ontap_software_package_created_timestamp_seconds', p.created, { version: p.version }));
  return out;
}

export function historySamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.history.data;
  if (!d) return [];
  const byState = new Map<string, number>(KNOWN_HISTORY_STATES.map((s) => [s, 0]));
  const latest = new Map<string, HistoryRecord>();
  for (const r of d.records) {
    const state = r.state ?? 'unknown';
    byState.set(state, (byState.get(state) ?? 0) + 1);
    if (r.node === '' || r.end === undefined) continue;
    const prev = latest.get(r.node);
    if (!prev || (prev.end ?? 0) <= r.end) latest.set(r.node, r);
  }
  const out: Sample[] = [...byState].map(([state, n]) => ({ name: 'ontap_software_history_updates', labels: { state }, value: n }));
  for (const [node, r] of latest) {
    out.push({ name: 'ontap_software_last_update_end_timestamp_seconds', labels: { node, state: r.state ?? 'unknown' }, value: r.end as number });
    if (r.start !== undefined) out.push({ name: 'ontap_software_last_update_duration_seconds', labels: { node }, value: Math.max(0, (r.end as number) - r.start) });
  }
  return out;
}

/** How each endpoint's last poll went; changes only when a poll succeeds or fails differently. */
export function pollStatusSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [{ name: 'ontap_exporter_poll_interval_seconds', labels: {}, value: snap.interval }];
  if (snap.lastPoll !== undefined) out.push({ name: 'ontap_up', labels: {}, value: snap.endpoints.software.success ? 1 : 0 });
  for (const endpoint of ENDPOINTS) {
    const st = snap.endpoints[endpoint];
    if (snap.lastPoll !== undefined) out.push({ name: 'ontap_scrape_success', labels: { endpoint }, value: st.success ? 1 : 0 });
    // Counters start at 0 for every reason so the first failure shows in rate().
    for (const reason of ERROR_REASONS) out.push({ name: 'ontap_scrape_errors_total', labels: { endpoint, reason }, value: st.errors[reason] ?? 0 });
  }
  return out;
}

/** Durations and last-success times: new on every poll. */
export function pollTimingSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [];
  for (const endpoint of ENDPOINTS) {
    const st = snap.endpoints[endpoint];
    if (snap.lastPoll !== undefined) out.push({ name: 'ontap_scrape_duration_seconds', labels: { endpoint }, value: st.durationSeconds });
    out.push(...opt('ontap_scrape_last_success_timestamp_seconds', st.lastSuccess, { endpoint }));
  }
  return out;
}

function statusKey(snap: ClusterSnapshot): string {
  // Error counts only grow: their total moves whenever one of them does.
  let ok = 0;
  let errors = 0;
  ENDPOINTS.forEach((endpoint, i) => {
    const st = snap.endpoints[endpoint];
    if (st.success) ok |= 1 << i;
    for (const reason of ERROR_REASONS) errors += st.errors[reason] ?? 0;
  });
  return `${snap.interval} ${snap.lastPoll !== undefined} ${ok} ${errors}`;
}

/**
 * A cluster's samples in parts, each with a key that is equal (===) as long as its samples are:
 * the store re-renders only the parts whose key moved. An endpoint's data keeps its object when the
 * poller saw the same response body, so an idle cluster's poll re-renders only its timings.
 */
export const SAMPLE_PARTS: ReadonlyArray<{ key(snap: ClusterSnapshot): unknown; samples(snap: ClusterSnapshot): Sample[] }> = [
  { key: (s) => s.endpoints.cluster.data, samples: identitySamples },
  { key: (s) => s.endpoints.software.data, samples: softwareSamples },
  { key: (s) => s.endpoints.download.data, samples: downloadSamples },
  { key: (s) => s.endpoints.history.data, samples: historySamples },
  { key: (s) => s.endpoints.packages.data, samples: packagesSamples },
  // Campaign series read several endpoints, the config's target and the clock: always re-rendered.
  { key: () => NaN, samples: campaignSamples },
  { key: statusKey, samples: pollStatusSamples },
  { key: () => NaN, samples: pollTimingSamples }, // NaN !== NaN: always re-rendered
];

/** Every sample for a cluster (the renderer adds its cluster and datacenter labels). */
export function clusterSamples(snap: ClusterSnapshot): Sample[] {
  return SAMPLE_PARTS.flatMap((p) => p.samples(snap));
}
