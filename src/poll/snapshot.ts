// A cluster's state as the exporter knows it: per endpoint, the data of the
// last good poll and how the last poll went. A failed poll keeps the last good
// data (ontap_scrape_last_success_timestamp_seconds says how old it is): a
// management LIF moving during takeover must not blank an upgrade's view.

import { ENDPOINTS, type Endpoint, type EndpointData } from '../core/endpoints.js';
import type { ErrorReason } from '../ontap/errors.js';
import { updateMoving } from '../core/states.js';
import type { SupportTable } from '../core/support.js';


export interface EndpointState<E extends Endpoint> {
  data?: EndpointData[E];
  success: boolean;
  durationSeconds: number;
  /** Unix seconds of the last successful poll. */
  lastSuccess?: number;
  lastError?: { reason: ErrorReason; message: string; at: number };
  errors: Partial<Record<ErrorReason, number>>;
  /** Per reason, when it last failed so (Unix seconds): a reason quiet for long leaves /metrics (metrics/samples.ts). */
  errorsAt: Partial<Record<ErrorReason, number>>;
}

export interface ClusterSnapshot {
  cluster: string;
  datacenter: string;
  /** Configured poll interval, seconds (exported so alerts can tell stale data). */
  interval: number;
  endpoints: { [E in Endpoint]: EndpointState<E> };
  /** Unix seconds the last poll finished; undefined before the first. */
  lastPoll?: number;
  /** The cluster answered 429/503 with Retry-After: no poll before `until` (Unix seconds, bounded). */
  backoff?: { until: number; requestedSeconds: number };
  /** The campaign's goal for this cluster, from the config. */
  target?: CampaignTarget;
  /**
   * When the exporter first saw the current validation results: ONTAP reports neither when a
   * validation ran nor against which version, so their age is what the exporter observed.
   */
  validationSeen?: { key: string; at: number };
  /** The release support table (built in, plus the config's `releases:`); absent: the built-in one. */
  support?: SupportTable;
  /** Per endpoint, the release family ("9.9.1") that refused a release-dependent field (poll/query.ts). */
  fieldsRefused?: Partial<Record<Endpoint, string>>;
}

export interface CampaignTarget { version: string; deadline?: number }

export function emptySnapshot(cluster: string, datacenter: string, interval: number, target?: CampaignTarget): ClusterSnapshot {
  const endpoints = Object.fromEntries(ENDPOINTS.map((e) => [e, { success: false, durationSeconds: 0, errors: {}, errorsAt: {} }]));
  return { cluster, datacenter, interval, endpoints: endpoints as ClusterSnapshot['endpoints'], ...(target ? { target } : {}) };
}

export type PollOutcome<E extends Endpoint> =
  | { ok: true; data: EndpointData[E]; durationSeconds: number }
  | { ok: false; reason: ErrorReason; message: string; durationSeconds: number; retryAfterSeconds?: number };

export function recordOutcome<E extends Endpoint>(snap: ClusterSnapshot, endpoint: E, o: PollOutcome<E>, now: number): void {
  const st = snap.endpoints[endpoint] as EndpointState<E>;
  st.durationSeconds = o.durationSeconds;
  st.success = o.ok;
  if (o.ok) {
    const changed = st.data !== o.data;
    st.data = o.data;
    st.lastSuccess = now;
    if (endpoint === 'software' && changed) noteValidation(snap, now);
  } else {
    st.lastError = { reason: o.reason, message: o.message, at: now };
    st.errors[o.reason] = (st.errors[o.reason] ?? 0) + 1;
    st.errorsAt[o.reason] = now;
  }
}

/** New validation results, or a validation seen running that has ended, restart the validation's age. */
function noteValidation(snap: ClusterSnapshot, now: number): void {
  const d = snap.endpoints.software.data;
  if (!d || d.validation.length === 0) {
    delete snap.validationSeen;
    return;
  }
  const running = d.state === 'in_progress' && d.phases.length === 0;
  const key = `${running ? 'running' : 'done'}\u0000${JSON.stringify(d.validation)}`;
  if (snap.validationSeen?.key !== key) snap.validationSeen = { key, at: now };
}

/** An update, validation or download is moving: poll faster. */
export function isBusy(snap: ClusterSnapshot): boolean {
  return updateMoving(snap.endpoints.software.data?.state) || snap.endpoints.download.data?.state === 'running';
}

/** The name ONTAP reports when it differs from the configured `cluster` name, else undefined. */
export function nameMismatch(snap: ClusterSnapshot): string | undefined {
  const name = snap.endpoints.cluster.data?.name;
  return name !== undefined && name !== snap.cluster ? name : undefined;
}
