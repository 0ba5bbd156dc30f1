// Campaign series: target version and deadline, where the cluster stands against the target,
// readiness checks, the validation's observed age and the history-based end of a running update.

import { READINESS_CHECKS, eta, nodeTargetCounts, readiness, targetState } from '../campaign/campaign.js';
import { ACTIVE_UPDATE_STATES } from '../core/states.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import {
  softwareTargetDeadlineTimestampSeconds, softwareTargetNodes, softwareTargetState, softwareTargetVersionInfo, softwareUpdateHistoryExpectedEndTimestampSeconds,
  softwareUpgradeCheck, softwareUpgradeReady, softwareValidationObservedTimestampSeconds,
} from './catalog.js';
import type { Sample } from './family.js';

/** A number per object, so a key can say "the same objects" in one string. */
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object | undefined): number {
  if (o === undefined) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/**
 * Equal while the samples are: they read the target and the software, packages, history and
 * identity data (each kept as the same object while its response is), the validation's first
 * sighting, and the poll's time only while an update runs (its end estimate moves with it).
 */
export function campaignKey(snap: ClusterSnapshot): string {
  const e = snap.endpoints;
  const running = e.software.data?.state !== undefined && ACTIVE_UPDATE_STATES.has(e.software.data.state);
  return `${idOf(snap.target)} ${idOf(e.software.data)} ${idOf(e.packages.data)} ${idOf(e.history.data)} ${idOf(e.cluster.data)} ${snap.validationSeen?.at ?? ''} ${running ? String(e.software.lastSuccess) : ''}`;
}

export function campaignSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [];
  const d = snap.endpoints.software.data;
  const t = snap.target;
  if (t) {
    out.push(softwareTargetVersionInfo.sample({ target_version: t.version }, 1));
    if (t.deadline !== undefined) out.push(softwareTargetDeadlineTimestampSeconds.sample({}, t.deadline));
    const state = targetState(d?.version, t.version);
    if (d && state) {
      out.push(softwareTargetState.sample({ state }, 1)); // one series: the current state (samples.ts stateSet)
    }
    if (d && d.nodes.length > 0) {
      for (const [s, n] of Object.entries(nodeTargetCounts(d, t.version))) out.push(softwareTargetNodes.sample({ state: s }, n));
    }
    const r = readiness(snap);
    if (r) {
      for (const c of READINESS_CHECKS) out.push(softwareUpgradeCheck.sample({ check: c }, r.checks[c] ? 1 : 0));
      out.push(softwareUpgradeReady.sample({}, r.ready ? 1 : 0));
    }
  }
  if (snap.validationSeen) out.push(softwareValidationObservedTimestampSeconds.sample({}, snap.validationSeen.at));
  const e = eta(snap);
  if (e?.historyEnd !== undefined) out.push(softwareUpdateHistoryExpectedEndTimestampSeconds.sample({}, e.historyEnd));
  return out;
}
