// Campaign series: target version and deadline, where the cluster stands against the target,
// readiness checks, the validation's observed age and the history-based end of a running update.

import { READINESS_CHECKS, TARGET_STATES, eta, nodeTargetCounts, readiness, targetState } from '../campaign/campaign.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import type { Family, Sample } from './family.js';

const CFG = 'From the configuration.';
const LAST = 'From the last successful poll.';

export const CAMPAIGN_FAMILIES: Family[] = [
  { name: 'ontap_software_target_version_info', help: `The ONTAP release the cluster should run (target_version), value 1. ${CFG}`, type: 'gauge', labels: ['target_version'] },
  { name: 'ontap_software_target_deadline_timestamp_seconds', help: `End of the target_deadline day (Unix time, UTC): the cluster should be on target by then. ${CFG}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_target_state', help: `The cluster version against its target as a state set (on_target, behind, ahead). ${LAST}`, type: 'gauge', labels: ['state'] },
  { name: 'ontap_software_target_nodes', help: `Nodes on, behind and ahead of the cluster's target version. ${LAST}`, type: 'gauge', labels: ['state'] },
  { name: 'ontap_software_upgrade_check', help: `Readiness checks for the target (1 passed, 0 failed): package_in_repository, validation_passed, no_update_running, nodes_on_one_version. ${LAST}`, type: 'gauge', labels: ['check'] },
  { name: 'ontap_software_upgrade_ready', help: `1 when the cluster is behind its target and passes every readiness check. ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_validation_observed_timestamp_seconds', help: 'When the exporter first saw the current validation results (ONTAP reports no validation time; an exporter restart resets it).', type: 'gauge', labels: [] },
  { name: 'ontap_software_update_history_expected_end_timestamp_seconds', help: `When the update should end (Unix time) if each node takes as long as in this cluster's last update; while paused, if it resumed now. ${LAST}`, type: 'gauge', labels: [] },
];

export function campaignSamples(snap: ClusterSnapshot): Sample[] {
  const out: Sample[] = [];
  const d = snap.endpoints.software.data;
  const t = snap.target;
  if (t) {
    out.push({ name: 'ontap_software_target_version_info', labels: { target_version: t.version }, value: 1 });
    if (t.deadline !== undefined) out.push({ name: 'ontap_software_target_deadline_timestamp_seconds', labels: {}, value: t.deadline });
    const state = targetState(d?.version, t.version);
    if (d && state) {
      for (const s of TARGET_STATES) out.push({ name: 'ontap_software_target_state', labels: { state: s }, value: s === state ? 1 : 0 });
    }
    if (d && d.nodes.length > 0) {
      for (const [s, n] of Object.entries(nodeTargetCounts(d, t.version))) out.push({ name: 'ontap_software_target_nodes', labels: { state: s }, value: n });
    }
    const r = readiness(snap);
    if (r) {
      for (const c of READINESS_CHECKS) out.push({ name: 'ontap_software_upgrade_check', labels: { check: c }, value: r.checks[c] ? 1 : 0 });
      out.push({ name: 'ontap_software_upgrade_ready', labels: {}, value: r.ready ? 1 : 0 });
    }
  }
  if (snap.validationSeen) out.push({ name: 'ontap_software_validation_observed_timestamp_seconds', labels: {}, value: snap.validationSeen.at });
  const e = eta(snap);
  if (e?.historyEnd !== undefined) out.push({ name: 'ontap_software_update_history_expected_end_timestamp_seconds', labels: {}, value: e.historyEnd });
  return out;
}
