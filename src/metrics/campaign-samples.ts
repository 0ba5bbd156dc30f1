// Campaign series: target version and deadline, where the cluster stands against the target,
// readiness checks, the validation's observed age and the history-based end of a running update.

import { READINESS_CHECKS, eta, nodeTargetCounts, readiness, targetState } from '../campaign/campaign.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import {
  softwareTargetDeadlineTimestampSeconds, softwareTargetNodes, softwareTargetState, softwareTargetVersionInfo, softwareUpdateHistoryExpectedEndTimestampSeconds,
  softwareUpgradeCheck, softwareUpgradeReady, softwareValidationObservedTimestampSeconds,
} from './catalog.js';
import type { Sample } from './family.js';

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
