// Every metric family the exporter serves: the contract alerts and dashboards rely on.
// Each series also carries `cluster` and `datacenter`.

import { CAMPAIGN_FAMILIES } from './campaign-samples.js';
import type { Family } from './family.js';
import { DOWNLOAD_STATES, HISTORY_STATES, UPDATE_STATES, VALIDATION_STATUSES as STATUSES } from '../core/states.js';


const LAST = 'From the last successful poll.';

// The vocabularies are core/states.ts'; copies here, typed as the state sets take them.
export const KNOWN_UPDATE_STATES: string[] = [...UPDATE_STATES];
export const KNOWN_DOWNLOAD_STATES: string[] = [...DOWNLOAD_STATES];
export const KNOWN_HISTORY_STATES: string[] = [...HISTORY_STATES];
export const VALIDATION_STATUSES: string[] = [...STATUSES];

export const FAMILIES: Family[] = [
  { name: 'ontap_cluster_info', help: `The cluster as ONTAP names it (GET /api/cluster, read every 10 minutes), value 1. ${LAST}`, type: 'gauge', labels: ['ontap_name', 'uuid', 'version'] },
  { name: 'ontap_software_info', help: `ONTAP version the cluster runs (its lowest node version), value 1. ${LAST}`, type: 'gauge', labels: ['version'] },
  { name: 'ontap_software_node_info', help: `ONTAP version each node runs, value 1. ${LAST}`, type: 'gauge', labels: ['node', 'version'] },
  { name: 'ontap_software_node_versions', help: `Number of distinct ONTAP versions among the cluster's nodes (above 1: mixed versions). ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_pending_version_info', help: `Version being installed, value 1, only while one is pending. ${LAST}`, type: 'gauge', labels: ['pending_version'] },
  { name: 'ontap_software_update_state', help: `Update state as a state set: 1 for the current state, 0 for the others; all 0 before any update. ${LAST}`, type: 'gauge', labels: ['state'] },
  { name: 'ontap_software_update_elapsed_seconds', help: `Elapsed time of the update or validation. ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_update_estimated_seconds', help: `Estimated duration of the whole update or validation, for every release (up to 9.9 ONTAP reports the time remaining: elapsed is added). ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_update_remaining_seconds', help: `Estimated time left in the update or validation (0 once past the estimate), while it runs or is paused. ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_update_expected_end_timestamp_seconds', help: `When the update or validation is expected to end (Unix time): poll time plus remaining, while it runs or is paused. ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_update_phase_state', help: `One series per update phase row, value 1, label state = its current state (node="" for a cluster-level row). ${LAST}`, type: 'gauge', labels: ['node', 'phase', 'state'] },
  { name: 'ontap_software_update_phase_elapsed_seconds', help: `Elapsed time of an update phase. ${LAST}`, type: 'gauge', labels: ['node', 'phase'] },
  { name: 'ontap_software_update_phase_estimated_seconds', help: `Estimated duration of an update phase. ${LAST}`, type: 'gauge', labels: ['node', 'phase'] },
  { name: 'ontap_software_status_detail_state', help: `One series per update step and node, value 1, label state = the step's latest state. ${LAST}`, type: 'gauge', labels: ['node', 'name', 'state'] },
  { name: 'ontap_software_validation_result', help: `A validation check that reported a warning or an error, value 1. ${LAST}`, type: 'gauge', labels: ['update_check', 'status'] },
  { name: 'ontap_software_validation_checks', help: `Validation checks by status (error and warning always present). ${LAST}`, type: 'gauge', labels: ['status'] },
  { name: 'ontap_software_metrocluster_site_state', help: `MetroCluster site update state as a state set. ${LAST}`, type: 'gauge', labels: ['site', 'state'] },
  { name: 'ontap_software_metrocluster_site_elapsed_seconds', help: `Elapsed update time of a MetroCluster site. ${LAST}`, type: 'gauge', labels: ['site'] },
  { name: 'ontap_software_metrocluster_site_estimated_seconds', help: `Estimated update time of a MetroCluster site. ${LAST}`, type: 'gauge', labels: ['site'] },
  { name: 'ontap_software_download_state', help: `Package download state as a state set. ${LAST}`, type: 'gauge', labels: ['state'] },
  { name: 'ontap_software_download_code', help: `ONTAP code of the download's status message (0: none). ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_packages', help: `Number of software packages in the cluster's repository. ${LAST}`, type: 'gauge', labels: [] },
  { name: 'ontap_software_package_created_timestamp_seconds', help: `When each package was loaded into the repository (Unix time). ${LAST}`, type: 'gauge', labels: ['version'] },
  { name: 'ontap_software_history_updates', help: `Software history records (one per node per update) by state. ${LAST}`, type: 'gauge', labels: ['state'] },
  { name: 'ontap_software_last_update_end_timestamp_seconds', help: `When each node's latest update ended (Unix time), label state = its outcome. ${LAST}`, type: 'gauge', labels: ['node', 'state'] },
  { name: 'ontap_software_last_update_duration_seconds', help: `How long each node's latest update took. ${LAST}`, type: 'gauge', labels: ['node'] },
  ...CAMPAIGN_FAMILIES,
  { name: 'ontap_up', help: 'Whether the last poll of /api/cluster/software succeeded (1) or not (0).', type: 'gauge', labels: [] },
  { name: 'ontap_scrape_success', help: 'Whether the last poll of the endpoint succeeded.', type: 'gauge', labels: ['endpoint'] },
  { name: 'ontap_scrape_duration_seconds', help: 'How long the last poll of the endpoint took.', type: 'gauge', labels: ['endpoint'] },
  { name: 'ontap_scrape_last_success_timestamp_seconds', help: 'When the endpoint was last polled successfully (Unix time).', type: 'gauge', labels: ['endpoint'] },
  { name: 'ontap_exporter_poll_interval_seconds', help: 'Configured poll interval of the cluster while idle (it is polled faster while something moves).', type: 'gauge', labels: [] },
  { name: 'ontap_scrape_errors_total', help: 'Failed polls of the endpoint by reason.', type: 'counter', labels: ['endpoint', 'reason'] },
];

export const FAMILY_NAMES = new Set([
  ...FAMILIES.map((f) => f.name), 'ontap_exporter_build_info', 'ontap_exporter_clusters', 'ontap_exporter_shard_info',
  'ontap_exporter_config_last_reload_successful', 'ontap_exporter_config_last_reload_success_timestamp_seconds',
]);
