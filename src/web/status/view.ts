// What the status page shows, as plain data: each cluster's one state and what explains it, the
// summary counts, the rows the filters let through, most urgent first. Everything that depends
// on the time is settled here (ages, time left, a missed deadline); html.ts only writes it out.
// Credentials are never part of it: the URL is cut to scheme, host, port and path.

import { ACTIVE_UPDATE_STATES, ERROR_UPDATE_STATES } from '../../core/states.js';
import { READINESS_CHECKS, eta, readiness, targetState, type ReadinessCheck } from '../../campaign/campaign.js';
import { ENDPOINTS, isFirmwareEndpoint } from '../../core/endpoints.js';
import type { Target } from '../../poll/poller.js';
import { nameMismatch, type ClusterSnapshot } from '../../poll/snapshot.js';
import { filterHref, type Filters } from './filters.js';
import { supportCell, supportCounts, type SupportCell } from './support.js';
import { firmwareView, type FirmwareView } from './firmware.js';

/** A cluster's one state on the page, most urgent first. */
export const PAGE_STATES = ['unreachable', 'failing', 'updating', 'behind', 'on_target', 'ahead', 'unknown', 'no_target', 'pending'] as const;
export type PageState = (typeof PAGE_STATES)[number];

/** Summary buckets: "on target" counts clusters past their target too. */
const SUMMARY: Array<{ key: string; label: string; states: PageState[] }> = [
  { key: 'on_target', label: 'On target', states: ['on_target', 'ahead'] },
  { key: 'behind', label: 'Behind', states: ['behind'] },
  { key: 'updating', label: 'Updating', states: ['updating'] },
  { key: 'failing', label: 'Failing', states: ['failing'] },
  { key: 'unreachable', label: 'Unreachable', states: ['unreachable'] },
];


/** A running update's progress bar. */
interface UpdateView {
  /** 0..100. */
  percent: number;
  paused: boolean;
  /** Unix seconds. */
  expectedEnd: number;
  /** Negative: overdue. */
  secondsLeft: number;
  /** The expected end comes from how long this cluster's last update took, not ONTAP's estimate. */
  fromHistory: boolean;
}

export interface ClusterView {
  name: string;
  datacenter: string;
  url: string;
  version?: string;
  target?: string;
  /** The target_deadline day (YYYY-MM-DD), and whether it has passed with the cluster not there. */
  deadline?: { day: string; missed: boolean };
  state: PageState;
  /** What the state means here, e.g. "paused on error" or "validation errors". */
  detail: string;
  update?: UpdateView;
  validationErrors: string[];
  /** Post-update checks that reported an error after the last update (9.9+). */
  postUpdateErrors: string[];
  /** Readiness checks that fail, shown while the cluster is behind or failing (else empty). */
  failingChecks: ReadinessCheck[];
  /** How old the validation results are, shown while the cluster is behind or failing. */
  validationAgeSeconds?: number;
  pollError?: string;
  /** A 429/503 with Retry-After holds the next poll back: said, or the pause looks like a hang. */
  backoff?: { until: number; requestedSeconds: number };
  /** Undefined: never polled. */
  pollAgeSeconds?: number;
  /** The name ONTAP reports when it is not the configured one (a wrong URL in the config?). */
  ontapName?: string;
  /** Release support phase of the version it runs (undefined before the first poll). */
  support?: SupportCell;
  /** This cluster's row could not be made (bad data from it): why. The other rows stand. */
  rowError?: string;
  /** SP/BMC versions and failed firmware updates, once the firmware endpoints were read. */
  firmware?: FirmwareView;
}

export interface StatusView {
  now: number;
  exporterVersion: string;
  clusterCount: number;
  filters: Filters;
  /** Counted within the datacenter filter; `href` selects the bucket, or clears it when selected. */
  summary: Array<{ key: string; label: string; count: number; selected: boolean; href: string }>;
  /** Every datacenter to pick from (a cluster without one cannot be picked by one). */
  datacenters: string[];
  rows: ClusterView[];
  /** Clusters per release support phase, within the datacenter filter. */
  support: ReturnType<typeof supportCounts>;
}

/** The URL without anything but scheme, host, port and path (it never holds credentials, but be sure). */
function safeUrl(u: string): string {
  const url = new URL(u);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

function pollErrorOf(s: ClusterSnapshot): string | undefined {
  // Firmware endpoints a release lacks are never asked: not asked is not failed.
  const failed = ENDPOINTS.filter((e) => !s.endpoints[e].success && (!isFirmwareEndpoint(e) || s.endpoints[e].lastError !== undefined));
  if (s.lastPoll === undefined || failed.length === 0) return undefined;
  // A 429/503 with Retry-After holds the next poll back: say so, or the pause looks like a hang.
  const backoff = s.backoff ? `; Retry-After ${s.backoff.requestedSeconds}s: next poll not before ${new Date(s.backoff.until * 1000).toISOString()}` : '';
  return `failed: ${failed.map((e) => `${e} (${s.endpoints[e].lastError?.reason ?? '?'})`).join(', ')}: ${failed.map((e) => s.endpoints[e].lastError?.message).find(Boolean) ?? ''}${backoff}`;
}

/** The cluster's one state, and what explains it. */
function stateOf(s: ClusterSnapshot, validationErrors: string[], postUpdateErrors: string[] = []): { state: PageState; detail: string } {
  const d = s.endpoints.software.data;
  const target = s.target?.version;
  if (s.lastPoll === undefined) return { state: 'pending', detail: '' };
  if (!s.endpoints.software.success) return { state: 'unreachable', detail: s.endpoints.software.lastError?.reason ?? '' };
  if (d?.state !== undefined && ERROR_UPDATE_STATES.has(d.state)) {
    // A validate-only run that failed has no update phases.
    return { state: 'failing', detail: d.phases.length === 0 && d.pendingVersion === undefined ? 'validation failed' : `update ${d.state.replace(/_/g, ' ')}` };
  }
  if (validationErrors.length > 0) return { state: 'failing', detail: 'validation errors' };
  // The update completed, but ONTAP's checks after it found the cluster unhealthy (it pages).
  if (postUpdateErrors.length > 0 && !(d?.state !== undefined && ACTIVE_UPDATE_STATES.has(d.state))) return { state: 'failing', detail: 'post-update checks failed' };
  if (s.endpoints.download.data?.state === 'failure') return { state: 'failing', detail: 'package download failed' };
  if (d?.state !== undefined && ACTIVE_UPDATE_STATES.has(d.state)) {
    return { state: 'updating', detail: d.phases.length === 0 && d.pendingVersion === undefined ? 'validation running' : d.state.replace(/_/g, ' ') };
  }
  if (target === undefined) return { state: 'no_target', detail: '' };
  const position = targetState(d?.version, target);
  if (position === undefined) return { state: 'unknown', detail: 'version is not an ONTAP release number' };
  return { state: position, detail: position === 'behind' && readiness(s)?.ready ? 'ready to upgrade' : '' };
}

function updateOf(s: ClusterSnapshot, now: number): UpdateView | undefined {
  const e = eta(s);
  const polled = s.endpoints.software.lastSuccess;
  if (!e || polled === undefined || !(e.expectedEnd > e.start)) return undefined;
  const progress = Math.min(1, Math.max(0, (polled - e.start) / (e.expectedEnd - e.start)));
  return {
    percent: Math.round(progress * 100), paused: e.paused, expectedEnd: e.expectedEnd, secondsLeft: e.expectedEnd - now,
    fromHistory: e.historyEnd !== undefined && e.expectedEnd === e.historyEnd,
  };
}

function clusterView(t: Target, now: number): ClusterView {
  const s: ClusterSnapshot = t.snapshot;
  const d = s.endpoints.software.data;
  const validationErrors = (d?.validation ?? []).filter((v) => v.status === 'error').map((v) => v.check);
  const postUpdateErrors = (d?.postUpdateChecks ?? []).filter((v) => v.status === 'error').map((v) => v.check);
  const { state, detail } = stateOf(s, validationErrors, postUpdateErrors);
  const behindOrFailing = state === 'behind' || state === 'failing';
  const r = readiness(s);
  const deadline = s.target?.deadline;
  return {
    name: t.config.name, datacenter: t.config.datacenter, url: safeUrl(t.config.url), version: d?.version, target: s.target?.version,
    ...(deadline !== undefined ? {
      deadline: {
        day: new Date((deadline - 86_400) * 1000).toISOString().slice(0, 10),
        missed: now > deadline && (behindOrFailing || state === 'updating'),
      },
    } : {}),
    state, detail, update: updateOf(s, now), validationErrors, postUpdateErrors,
    // "Not validated" says nothing more when validation errors are listed.
    failingChecks: behindOrFailing && r ? READINESS_CHECKS.filter((c) => !r.checks[c] && (c !== 'validation_passed' || validationErrors.length === 0)) : [],
    validationAgeSeconds: behindOrFailing && s.validationSeen !== undefined ? now - s.validationSeen.at : undefined,
    pollError: pollErrorOf(s), backoff: s.backoff, pollAgeSeconds: s.lastPoll === undefined ? undefined : now - s.lastPoll, ontapName: nameMismatch(s),
    support: supportCell(s, now),
    firmware: firmwareView(s),
  };
}

function matches(v: ClusterView, f: Filters): boolean {
  if (f.dc.length > 0 && !f.dc.includes(v.datacenter)) return false;
  if (f.state.length === 0) return true;
  return f.state.some((s) => s === v.state || SUMMARY.find((b) => b.key === s)?.states.includes(v.state));
}

/** A cluster's row, or an error row naming it: one cluster's bad data never takes down the page. */
function isolatedView(t: Target, now: number): ClusterView {
  try {
    return clusterView(t, now);
  } catch (err) {
    return {
      name: t.config.name, datacenter: t.config.datacenter, url: '', state: 'unknown', detail: '', validationErrors: [], postUpdateErrors: [], failingChecks: [],
      rowError: `cannot show this cluster: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}`,
    };
  }
}

export function statusView(targets: Target[], exporterVersion: string, f: Filters, now: number): StatusView {
  const all = targets.map((t) => isolatedView(t, now));
  const rows = all.filter((v) => matches(v, f));
  // Most urgent first, then by name: the row to act on is at the top.
  rows.sort((a, b) => PAGE_STATES.indexOf(a.state) - PAGE_STATES.indexOf(b.state) || a.name.localeCompare(b.name));
  const inDc = all.filter((v) => f.dc.length === 0 || f.dc.includes(v.datacenter));
  const summary = SUMMARY.map((b) => {
    const selected = f.state.length === 1 && f.state[0] === b.key;
    return { key: b.key, label: b.label, count: inDc.filter((v) => b.states.includes(v.state)).length, selected, href: filterHref(f, { state: selected ? [] : [b.key] }) };
  });
  const datacenters = [...new Set(all.map((v) => v.datacenter))].filter((dc) => dc !== '').sort();
  return { now, exporterVersion, clusterCount: all.length, filters: f, summary, datacenters, rows, support: supportCounts(inDc.map((v) => v.support)) };
}
