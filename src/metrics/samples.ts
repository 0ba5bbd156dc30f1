// Snapshot -> samples: a pure function, so golden tests check exactly what /metrics serves.
// Every sample is made by its family's value (catalog.ts): a misspelt family or label does not compile.

import type { ExporterLabel } from '../config/labels.js';
import { ENDPOINTS, type HistoryRecord } from '../core/endpoints.js';
import { normaliseEstimate } from '../core/estimate.js';
import { findRelease } from '../core/release.js';
import { ERROR_REASONS } from '../ontap/errors.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import { updateRowsKey, updateRowsShown } from './budget.js';
import { campaignKey, campaignSamples } from './campaign-samples.js';
import { supportKey, supportSamples } from './support-samples.js';
import { checkSamples, postUpdateSamples } from './post-update-samples.js';
import { autoUpdateSamples, disksSamples, firmwareHistorySamples, scrapeGroups, shelvesSamples, spSamples } from './firmware-samples.js';
import type { Family, LabelValues, Sample } from './family.js';
import {
  clusterInfo, exporterPollIntervalSeconds, scrapeDurationSeconds, scrapeErrorsTotal, scrapeFailuresTotal, scrapeLastSuccessTimestampSeconds, scrapeSuccess,
  softwareDownloadCode, softwareDownloadState, softwareHistoryUpdates, softwareInfo, softwareLastUpdateDurationSeconds,
  softwareLastUpdateEndTimestampSeconds, softwareMetroclusterSiteElapsedSeconds, softwareMetroclusterSiteEstimatedSeconds,
  softwareMetroclusterSiteState, softwareNodeInfo, softwareNodeVersions, softwarePackageCreatedTimestampSeconds, softwarePackages,
  softwarePendingVersionInfo, softwareStatusDetailState, softwareUpdateElapsedSeconds, softwareUpdateEstimatedSeconds,
  softwareUpdateExpectedEndTimestampSeconds, softwareUpdatePhaseElapsedSeconds, softwareUpdatePhaseEstimatedSeconds, softwareUpdatePhaseState,
  softwareUpdateRemainingSeconds, softwareUpdateState, softwareValidationChecks, softwareValidationResult, up,
} from './catalog.js';

/**
 * A state set as one series: the current state, value 1 (none while there is no state). The known
 * states at 0 beside it cost series on every idle cluster and answer no query `{state="x"} == 1`
 * does not (docs/metrics.md, series budget). `sample` makes the state's sample.
 */
function stateSet(out: Sample[], current: string | undefined, sample: (state: string, value: number) => Sample): void {
  if (current !== undefined) out.push(sample(current, 1));
}

/** A sample only when there is a value. */
function opt<L extends ExporterLabel>(out: Sample[], f: Family<L>, labels: LabelValues<NoInfer<L>>, value: number | undefined): void {
  if (value !== undefined) out.push(f.sample(labels, value));
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
  return [clusterInfo.sample({ ontap_name: d.name ?? '', uuid: d.uuid ?? '', version: d.version ?? '' }, 1)];
}

export function softwareSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.software.data;
  if (!d) return [];
  const out: Sample[] = [];
  if (d.version) out.push(softwareInfo.sample({ version: d.version }, 1));
  const nodeVersions = new Set<string>();
  for (const n of d.nodes) {
    out.push(softwareNodeInfo.sample({ node: n.name, version: n.version ?? '' }, 1));
    if (n.version) nodeVersions.add(n.version);
  }
  if (d.nodes.length > 0) out.push(softwareNodeVersions.sample({}, nodeVersions.size));
  if (d.pendingVersion) out.push(softwarePendingVersionInfo.sample({ pending_version: d.pendingVersion }, 1));
  stateSet(out, d.state, (state, v) => softwareUpdateState.sample({ state }, v));
  // A completed update's durations go with its rows, an hour after it ended (series budget): the
  // history families keep how long each node took.
  const rows = updateRowsShown(snap);
  if (rows) opt(out, softwareUpdateElapsedSeconds, {}, d.elapsed);
  const est = normaliseEstimate(d, clusterVersion(snap), snap.endpoints.software.lastSuccess ?? 0);
  if (rows) opt(out, softwareUpdateEstimatedSeconds, {}, est.estimatedSeconds);
  opt(out, softwareUpdateRemainingSeconds, {}, est.remainingSeconds);
  opt(out, softwareUpdateExpectedEndTimestampSeconds, {}, est.expectedEndSeconds);
  const seenPhase = new Set<string>();
  for (const p of rows ? d.phases : []) {
    const key = `${p.node}\u0000${p.phase}`;
    if (seenPhase.has(key)) continue; // ONTAP repeats nothing here, but a duplicate must not collide
    seenPhase.add(key);
    out.push(softwareUpdatePhaseState.sample({ node: p.node, phase: p.phase, state: p.state ?? 'unknown' }, 1));
    const l = { node: p.node, phase: p.phase };
    opt(out, softwareUpdatePhaseElapsedSeconds, l, p.elapsed);
    opt(out, softwareUpdatePhaseEstimatedSeconds, l, p.estimated);
  }
  for (const s of rows ? d.statusDetails : []) out.push(softwareStatusDetailState.sample({ node: s.node, name: s.name, state: s.state }, 1));
  checkSamples(out, d.validation, softwareValidationResult, softwareValidationChecks);
  out.push(...postUpdateSamples(d));
  for (const s of d.sites) {
    const site = { site: s.name };
    stateSet(out, s.state, (state, v) => softwareMetroclusterSiteState.sample({ site: s.name, state }, v));
    opt(out, softwareMetroclusterSiteElapsedSeconds, site, s.elapsed);
    opt(out, softwareMetroclusterSiteEstimatedSeconds, site, s.estimated);
  }
  return out;
}

export function downloadSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.download.data;
  if (!d) return [];
  const out: Sample[] = [];
  stateSet(out, d.state, (state, v) => softwareDownloadState.sample({ state }, v));
  out.push(softwareDownloadCode.sample({}, d.code ?? 0));
  return out;
}

export function packagesSamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.packages.data;
  if (!d) return [];
  const out: Sample[] = [softwarePackages.sample({}, d.packages.length)];
  for (const p of d.packages) opt(out, softwarePackageCreatedTimestampSeconds, { version: p.version }, p.created);
  return out;
}

export function historySamples(snap: ClusterSnapshot): Sample[] {
  const d = snap.endpoints.history.data;
  if (!d) return [];
  // Counts of the states seen only (series budget): a state no record has is absent, not 0.
  const byState = new Map<string, number>();
  const latest = new Map<string, HistoryRecord>();
  for (const r of d.records) {
    const state = r.state ?? 'unknown';
    byState.set(state, (byState.get(state) ?? 0) + 1);
    if (r.node === '' || r.end === undefined) continue;
    const prev = latest.get(r.node);
    if (!prev || (prev.end ?? 0) <= r.end) latest.set(r.node, r);
  }
  const out: Sample[] = [];
  for (const [state, n] of byState) out.push(softwareHistoryUpdates.sample({ state }, n));
  for (const [node, r] of latest) {
    out.push(softwareLastUpdateEndTimestampSeconds.sample({ node, state: r.state ?? 'unknown' }, r.end as number));
    if (r.start !== undefined) out.push(softwareLastUpdateDurationSeconds.sample({ node }, Math.max(0, (r.end as number) - r.start)));
  }
  return out;
}

/** How each endpoint's last poll went; changes only when a poll succeeds or fails differently. */
export function pollStatusSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [exporterPollIntervalSeconds.sample({}, snap.interval)];
  if (snap.lastPoll !== undefined) out.push(up.sample({}, snap.endpoints.software.success ? 1 : 0));
  for (const st of scrapeGroups(snap)) {
    const endpoint = st.endpoint;
    if (snap.lastPoll !== undefined) out.push(scrapeSuccess.sample({ endpoint }, st.success ? 1 : 0));
    // The per-endpoint total is there from the start at 0, so rate() sees the first failure; a
    // reason only once it happened (its first increment is in the total, not in its own rate()),
    // and only while it recurs (reasonShown).
    let failures = 0;
    for (const reason of ERROR_REASONS) failures += st.errors[reason] ?? 0;
    out.push(scrapeFailuresTotal.sample({ endpoint }, failures));
    for (const reason of ERROR_REASONS) if (reasonShown(snap, st.errorsAt[reason])) opt(out, scrapeErrorsTotal, { endpoint, reason }, st.errors[reason]);
  }
  return out;
}

/** Durations and last-success times: new on every poll. */
export function pollTimingSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [];
  for (const st of scrapeGroups(snap)) {
    const endpoint = st.endpoint;
    if (snap.lastPoll !== undefined) out.push(scrapeDurationSeconds.sample({ endpoint }, st.durationSeconds));
    // Series budget: the software endpoint's always (the staleness alert reads it, and it shows a
    // wedged poller); another endpoint's only while it fails, when its age says how old its data is.
    if (endpoint === 'software' || !st.success) opt(out, scrapeLastSuccessTimestampSeconds, { endpoint }, st.lastSuccess);
  }
  return out;
}

/**
 * Polls a reason's ontap_scrape_errors_total stays after it last failed so. A fault that is over
 * must not cost Prometheus series for the life of the process (a cluster that saw every reason on
 * every endpoint once would carry 80 of them): after 60 intervals (an hour at the default) without
 * that reason, the series leaves; its count is kept, so should the reason come back, the series
 * goes on from where it stopped (rate() and increase() read one series across the gap), and
 * ontap_scrape_failures_total, always there, has counted every failure meanwhile.
 */
export const ERROR_REASON_RETENTION_POLLS = 60;

function reasonShown(snap: ClusterSnapshot, at: number | undefined): boolean {
  return at !== undefined && (snap.lastPoll ?? at) - at < ERROR_REASON_RETENTION_POLLS * snap.interval;
}

function statusKey(snap: ClusterSnapshot): string {
  // Error counts only grow: their total moves whenever one of them does; a reason leaving moves `shown`.
  let ok = 0;
  let errors = 0;
  let shown = 0;
  ENDPOINTS.forEach((endpoint, i) => {
    const st = snap.endpoints[endpoint];
    if (st.success) ok |= 1 << i;
    for (const reason of ERROR_REASONS) {
      errors += st.errors[reason] ?? 0;
      if (reasonShown(snap, st.errorsAt[reason])) shown += 1;
    }
  });
  return `${snap.interval} ${snap.lastPoll !== undefined} ${ok} ${errors} ${shown}`;
}

/**
 * A cluster's samples in parts, each with a key that is equal (===) as long as its samples are:
 * the store re-renders only the parts whose key moved. An endpoint's data keeps its object when the
 * poller saw the same response body, so an idle cluster's poll re-renders only its timings.
 */
export const SAMPLE_PARTS: ReadonlyArray<{ key(snap: ClusterSnapshot): unknown; samples(snap: ClusterSnapshot): Sample[] }> = [
  { key: (s) => s.endpoints.cluster.data, samples: identitySamples },
  { key: updateRowsKey, samples: softwareSamples },
  { key: (s) => s.endpoints.download.data, samples: downloadSamples },
  { key: (s) => s.endpoints.history.data, samples: historySamples },
  { key: (s) => s.endpoints.packages.data, samples: packagesSamples },
  // Firmware (issue 18): families sit after the campaign's in /metrics; a part's place here only sets when it renders.
  { key: (s) => s.endpoints.sp.data, samples: spSamples },
  { key: (s) => s.endpoints.firmware_history.data, samples: firmwareHistorySamples },
  { key: (s) => s.endpoints.shelves.data, samples: shelvesSamples },
  { key: (s) => s.endpoints.disks.data, samples: disksSamples },
  { key: (s) => s.endpoints.auto_updates.data, samples: autoUpdateSamples },
  // Campaign series read several endpoints, the config's target and, while an update runs, the poll's time.
  { key: campaignKey, samples: campaignSamples },
  { key: supportKey, samples: supportSamples },
  { key: statusKey, samples: pollStatusSamples },
  { key: () => NaN, samples: pollTimingSamples }, // NaN !== NaN: always re-rendered
];

/** Every sample for a cluster (the renderer adds its cluster and datacenter labels). */
export function clusterSamples(snap: ClusterSnapshot): Sample[] {
  return SAMPLE_PARTS.flatMap((p) => p.samples(snap));
}
