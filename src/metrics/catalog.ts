// Every metric family the exporter serves, declared once as a value: the contract alerts and
// dashboards rely on. samples.ts emits through these values (a misspelt family does not compile),
// and docs/metrics-reference.md is generated from them (npm run docs:metrics).
// One catalog rather than descriptors beside each emitter: the order of families in /metrics is
// one contract (goldens pin it) and the store caches text per family index, so both come from
// the order of declaration in this file.

import { TARGET_STATES } from '../campaign/campaign.js';
import type { ExporterLabel } from '../config/labels.js';
import { SCRAPE_ENDPOINTS } from '../core/endpoints.js';
import { SUPPORT_PHASES, SUPPORT_STATES } from '../core/support.js';
import { DOWNLOAD_STATES, HISTORY_STATES, UPDATE_STATES, VALIDATION_STATUSES as STATUSES } from '../core/states.js';
import { ERROR_REASONS } from '../ontap/errors.js';
import type { ClusterFamily, ExporterFamily, Family, FamilySpec } from './family.js';


const LAST = 'From the last successful poll.';

// The vocabularies are core/states.ts'; copies here, typed as the state sets take them.
export const KNOWN_UPDATE_STATES: string[] = [...UPDATE_STATES];
export const KNOWN_DOWNLOAD_STATES: string[] = [...DOWNLOAD_STATES];
export const KNOWN_HISTORY_STATES: string[] = [...HISTORY_STATES];
export const VALIDATION_STATUSES: string[] = [...STATUSES];

const CFG = 'From the configuration.';

/** Cluster families in the order /metrics serves them; family() appends. */
const CLUSTER_FAMILIES: ClusterFamily[] = [];

// Not exported: a family made elsewhere would have no place in CLUSTER_FAMILIES.
function family<L extends ExporterLabel = never>(spec: FamilySpec<L>): Family<L> {
  const f: Family<L> = { ...spec, index: CLUSTER_FAMILIES.length, sample: (labels, value) => ({ family: f, labels, value }) };
  CLUSTER_FAMILIES.push(f);
  return f;
}

// Each series also carries `cluster`, `datacenter` and the cluster's `labels:` from the config.
export const clusterInfo = family({ name: 'ontap_cluster_info', type: 'gauge', labels: ['ontap_name', 'uuid', 'version'],
  help: `The cluster as ONTAP names it (GET /api/cluster, read every 10 minutes), value 1. ${LAST}`,
  doc: '`version` as ONTAP writes it (`9.16.1`, `9.13.1P17`).' });
export const softwareInfo = family({ name: 'ontap_software_info', type: 'gauge', labels: ['version'],
  help: `ONTAP version the cluster runs (its lowest node version), value 1. ${LAST}` });
export const softwareNodeInfo = family({ name: 'ontap_software_node_info', type: 'gauge', labels: ['node', 'version'],
  help: `ONTAP version each node runs, value 1. ${LAST}` });
export const softwareNodeVersions = family({ name: 'ontap_software_node_versions', type: 'gauge', labels: [],
  help: `Number of distinct ONTAP versions among the cluster's nodes (above 1: mixed versions). ${LAST}` });
export const softwarePendingVersionInfo = family({ name: 'ontap_software_pending_version_info', type: 'gauge', labels: ['pending_version'],
  help: `Version being installed, value 1, only while one is pending. ${LAST}` });
export const softwareUpdateState = family({ name: 'ontap_software_update_state', type: 'gauge', labels: ['state'],
  help: `Update state: one series, value 1, label state = the current state; none before any update. ${LAST}`,
  values: { state: KNOWN_UPDATE_STATES } });
export const softwareUpdateElapsedSeconds = family({ name: 'ontap_software_update_elapsed_seconds', type: 'gauge', labels: [],
  help: `Elapsed time of the update or validation. ${LAST}` });
export const softwareUpdateEstimatedSeconds = family({ name: 'ontap_software_update_estimated_seconds', type: 'gauge', labels: [],
  help: `Estimated duration of the whole update or validation, for every release (up to 9.9 ONTAP reports the time remaining: elapsed is added). ${LAST}`,
  doc: 'When neither /cluster/software nor /api/cluster gives a release the exporter can read, neither this nor the remaining and expected-end families is served: a guessed meaning would be wrong for one generation.' });
export const softwareUpdateRemainingSeconds = family({ name: 'ontap_software_update_remaining_seconds', type: 'gauge', labels: [],
  help: `Estimated time left in the update or validation (0 once past the estimate), while it runs or is paused. ${LAST}` });
export const softwareUpdateExpectedEndTimestampSeconds = family({ name: 'ontap_software_update_expected_end_timestamp_seconds', type: 'gauge', labels: [],
  help: `When the update or validation is expected to end (Unix time): poll time plus remaining, while it runs or is paused. ${LAST}` });
export const softwareUpdatePhaseState = family({ name: 'ontap_software_update_phase_state', type: 'gauge', labels: ['node', 'phase', 'state'],
  help: `One series per update phase row, value 1, label state = its current state (node="" for a cluster-level row); gone an hour after an update completed. ${LAST}` });
export const softwareUpdatePhaseElapsedSeconds = family({ name: 'ontap_software_update_phase_elapsed_seconds', type: 'gauge', labels: ['node', 'phase'],
  help: `Elapsed time of an update phase. ${LAST}` });
export const softwareUpdatePhaseEstimatedSeconds = family({ name: 'ontap_software_update_phase_estimated_seconds', type: 'gauge', labels: ['node', 'phase'],
  help: `Estimated duration of an update phase. ${LAST}` });
export const softwareStatusDetailState = family({ name: 'ontap_software_status_detail_state', type: 'gauge', labels: ['node', 'name', 'state'],
  help: `One series per update step and node, value 1, label state = the step's latest state; gone an hour after an update completed. ${LAST}` });
export const softwareValidationResult = family({ name: 'ontap_software_validation_result', type: 'gauge', labels: ['update_check', 'status'],
  help: `A validation check that reported a warning or an error, value 1. ${LAST}`,
  values: { status: VALIDATION_STATUSES } });
export const softwareValidationChecks = family({ name: 'ontap_software_validation_checks', type: 'gauge', labels: ['status'],
  help: `Validation checks by status (error and warning always present). ${LAST}`,
  values: { status: VALIDATION_STATUSES } });
export const softwarePostUpdateCheckResult = family({ name: 'ontap_software_post_update_check_result', type: 'gauge', labels: ['update_check', 'status'],
  help: `A post-update check that reported a warning or an error after the last update, value 1. ${LAST}`,
  values: { status: VALIDATION_STATUSES },
  doc: 'Asked for from ONTAP 9.9 on, once the cluster\'s release is known; absent on older releases.' });
export const softwarePostUpdateChecks = family({ name: 'ontap_software_post_update_checks', type: 'gauge', labels: ['status'],
  help: `Post-update checks by status (error and warning always present where the release reports them). ${LAST}`,
  values: { status: VALIDATION_STATUSES },
  doc: 'Absent (not 0) where ONTAP does not report post-update checks (before 9.9) or the release is not known yet.' });
export const softwareMetroclusterSiteState = family({ name: 'ontap_software_metrocluster_site_state', type: 'gauge', labels: ['site', 'state'],
  help: `MetroCluster site update state: one series per site, value 1, label state = the current state. ${LAST}`,
  values: { state: KNOWN_UPDATE_STATES } });
export const softwareMetroclusterSiteElapsedSeconds = family({ name: 'ontap_software_metrocluster_site_elapsed_seconds', type: 'gauge', labels: ['site'],
  help: `Elapsed update time of a MetroCluster site. ${LAST}` });
export const softwareMetroclusterSiteEstimatedSeconds = family({ name: 'ontap_software_metrocluster_site_estimated_seconds', type: 'gauge', labels: ['site'],
  help: `Estimated update time of a MetroCluster site. ${LAST}` });
export const softwareDownloadState = family({ name: 'ontap_software_download_state', type: 'gauge', labels: ['state'],
  help: `Package download state: one series, value 1, label state = the current state. ${LAST}`,
  values: { state: KNOWN_DOWNLOAD_STATES } });
export const softwareDownloadCode = family({ name: 'ontap_software_download_code', type: 'gauge', labels: [],
  help: `ONTAP code of the download's status message (0: none). ${LAST}` });
export const softwarePackages = family({ name: 'ontap_software_packages', type: 'gauge', labels: [],
  help: `Number of software packages in the cluster's repository. ${LAST}` });
export const softwarePackageCreatedTimestampSeconds = family({ name: 'ontap_software_package_created_timestamp_seconds', type: 'gauge', labels: ['version'],
  help: `When each package was loaded into the repository (Unix time). ${LAST}` });
export const softwareHistoryUpdates = family({ name: 'ontap_software_history_updates', type: 'gauge', labels: ['state'],
  help: `Software history records (one per node per update) by state (the states the records have). ${LAST}`,
  values: { state: KNOWN_HISTORY_STATES } });
export const softwareLastUpdateEndTimestampSeconds = family({ name: 'ontap_software_last_update_end_timestamp_seconds', type: 'gauge', labels: ['node', 'state'],
  help: `When each node's latest update ended (Unix time), label state = its outcome. ${LAST}` });
export const softwareLastUpdateDurationSeconds = family({ name: 'ontap_software_last_update_duration_seconds', type: 'gauge', labels: ['node'],
  help: `How long each node's latest update took. ${LAST}` });

// Campaign
export const softwareTargetVersionInfo = family({ name: 'ontap_software_target_version_info', type: 'gauge', labels: ['target_version'],
  help: `The ONTAP release the cluster should run (target_version), value 1. ${CFG}`,
  doc: 'Only for clusters with a `target_version`.' });
export const softwareTargetDeadlineTimestampSeconds = family({ name: 'ontap_software_target_deadline_timestamp_seconds', type: 'gauge', labels: [],
  help: `End of the target_deadline day (Unix time, UTC): the cluster should be on target by then. ${CFG}` });
export const softwareTargetState = family({ name: 'ontap_software_target_state', type: 'gauge', labels: ['state'],
  help: `The cluster version against its target: one series, value 1, label state = on_target, behind or ahead. ${LAST}`,
  doc: 'Absent while the cluster version is unknown or not a release number.' });
export const softwareTargetNodes = family({ name: 'ontap_software_target_nodes', type: 'gauge', labels: ['state'],
  help: `Nodes on, behind and ahead of the cluster's target version. ${LAST}`,
  values: { state: TARGET_STATES } });
export const softwareUpgradeCheck = family({ name: 'ontap_software_upgrade_check', type: 'gauge', labels: ['check'],
  help: `Readiness checks for the target (1 passed, 0 failed): package_in_repository, validation_passed, no_update_running, nodes_on_one_version. ${LAST}` });
export const softwareUpgradeReady = family({ name: 'ontap_software_upgrade_ready', type: 'gauge', labels: [],
  help: `1 when the cluster is behind its target and passes every readiness check. ${LAST}` });
export const softwareValidationObservedTimestampSeconds = family({ name: 'ontap_software_validation_observed_timestamp_seconds', type: 'gauge', labels: [],
  help: 'When the exporter first saw the current validation results (ONTAP reports no validation time; an exporter restart resets it).' });
export const softwareUpdateHistoryExpectedEndTimestampSeconds = family({ name: 'ontap_software_update_history_expected_end_timestamp_seconds', type: 'gauge', labels: [],
  help: `When the update should end (Unix time) if each node takes as long as in this cluster's last update; while paused, if it resumed now. ${LAST}` });

// Release support (core/support.ts: built-in table plus the config's `releases:`)
export const softwareReleaseSupportState = family({ name: 'ontap_software_release_support_state', type: 'gauge', labels: ['state'],
  help: `NetApp support phase of the release the cluster runs: one series, value 1, label state = the phase (unknown: the release is not in the support table). ${LAST}`,
  values: { state: SUPPORT_STATES },
  doc: 'Patch and D builds count as their release (9.14.1P3D2 is 9.14.1). The phase moves at 24:00 UTC of its last day, at the first poll after it (no reload). Dates: docs/release-support.md; limited and self-service ends are derived from NetApp\'s policy unless the config gives them.' });
export const softwareReleaseSupportEndTimestampSeconds = family({ name: 'ontap_software_release_support_end_timestamp_seconds', type: 'gauge', labels: ['version', 'phase'],
  help: `When the current support phase of the cluster's release ends (Unix time, 24:00 UTC of its last day); version = the release family, phase = full, limited or self_service. ${LAST}`,
  values: { phase: SUPPORT_PHASES },
  doc: 'One series per cluster, absent when the state is unsupported or unknown. Only the current phase\'s end is served (the other dates are on the status page and in docs/release-support.md): one series instead of three per cluster.' });

// Firmware (issue 18): read every 30 minutes (5 while an update or download moves), only on
// releases that have the endpoint; aggregated so that an idle cluster adds a handful of series.
const FW = 'From the last successful read of the firmware endpoints (every 30 minutes; every 5 while an update or download moves).';
export const firmwareSpInfo = family({ name: 'ontap_firmware_sp_info', type: 'gauge', labels: ['node', 'version'],
  help: `Service processor / BMC firmware version of each node (GET /api/cluster/nodes), value 1. ${FW}` });
export const firmwareSpState = family({ name: 'ontap_firmware_sp_state', type: 'gauge', labels: ['node', 'state'],
  help: `Service processor / BMC state of a node, value 1, only while it is not online (updating, rebooting, offline...). ${FW}` });
export const firmwareSpLastUpdateFailed = family({ name: 'ontap_firmware_sp_last_update_failed', type: 'gauge', labels: ['node'],
  help: `1 when the last service processor / BMC firmware update of the node failed (absent when it passed); ONTAP 9.10.1 and later. ${FW}` });
export const firmwareSpHaPairsMixed = family({ name: 'ontap_firmware_sp_ha_pairs_mixed', type: 'gauge', labels: [],
  help: `HA pairs whose two nodes run different service processor / BMC firmware versions. ${FW}` });
export const firmwareUpdateLastStartTimestampSeconds = family({ name: 'ontap_firmware_update_last_start_timestamp_seconds', type: 'gauge', labels: ['node', 'kind', 'state'],
  help: `When the latest firmware update of each kind started on each node (Unix time), label state = that node's worker state. ${FW}`,
  doc: 'From GET /api/cluster/firmware/history (9.8+). `kind` is read from the firmware file name: `disk`, `shelf`, `sp_bmc`, `acp`, `dqp` (disk qualification package) or `other`. `state`: `idle`, `working`, `complete`, `failed`, `waiting_to_retry`.',
  values: { kind: ['disk', 'shelf', 'sp_bmc', 'acp', 'dqp', 'other'] } });
export const firmwareUpdateLastDurationSeconds = family({ name: 'ontap_firmware_update_last_duration_seconds', type: 'gauge', labels: ['node', 'kind'],
  help: `How long the latest firmware update of each kind took on each node, once it ended. ${FW}` });
export const firmwareUpdateLastErrorCode = family({ name: 'ontap_firmware_update_last_error_code', type: 'gauge', labels: ['node', 'kind'],
  help: `ONTAP error code of the latest firmware update of each kind on each node, only when it reports one (not 0). ${FW}` });
export const firmwareUpdateFailedWorkers = family({ name: 'ontap_firmware_update_failed_workers', type: 'gauge', labels: ['kind'],
  help: `Node workers that failed in the firmware update history, per kind of firmware (kinds in the history only). ${FW}` });
export const firmwareShelfModules = family({ name: 'ontap_firmware_shelf_modules', type: 'gauge', labels: ['model', 'version'],
  help: `Shelf I/O modules per shelf model and module firmware version (GET /api/storage/shelves, 9.8+). ${FW}` });
export const firmwareDisks = family({ name: 'ontap_firmware_disks', type: 'gauge', labels: ['model', 'version'],
  help: `Disks per disk model and firmware version (GET /api/storage/disks). ${FW}`,
  doc: 'At most 50 model/version pairs; past that the rest count under `model="other"`.' });
export const firmwareAutoUpdates = family({ name: 'ontap_firmware_auto_updates', type: 'gauge', labels: ['content_type', 'state'],
  help: `Automatic updates ONTAP fetched (firmware, system files) per content type and state, except applied and dismissed ones (9.10.1+). ${FW}`,
  doc: '`content_type` as ONTAP names it (`disk_fw`, `shelf_fw`, `sp_fw`, ...), normalised to lower snake case. `state`: `pending_confirmation`, `downloading`, `applying`, `scheduled`, `failed`, `aborted`.' });
export const firmwareAutoUpdateOldestChangeTimestampSeconds = family({ name: 'ontap_firmware_auto_update_oldest_change_timestamp_seconds', type: 'gauge', labels: ['content_type', 'state'],
  help: `Oldest last state change (Unix time) among the automatic updates counted by ontap_firmware_auto_updates: a stuck one is old. ${FW}` });

// Poll status
export const up = family({ name: 'ontap_up', type: 'gauge', labels: [],
  help: 'Whether the last poll of /api/cluster/software succeeded (1) or not (0).' });
export const scrapeSuccess = family({ name: 'ontap_scrape_success', type: 'gauge', labels: ['endpoint'],
  help: 'Whether the last poll of the endpoint succeeded.',
  values: { endpoint: SCRAPE_ENDPOINTS } });
export const scrapeDurationSeconds = family({ name: 'ontap_scrape_duration_seconds', type: 'gauge', labels: ['endpoint'],
  help: 'How long the last poll of the endpoint took.',
  values: { endpoint: SCRAPE_ENDPOINTS } });
export const scrapeLastSuccessTimestampSeconds = family({ name: 'ontap_scrape_last_success_timestamp_seconds', type: 'gauge', labels: ['endpoint'],
  help: 'When the endpoint was last polled successfully (Unix time): always for software, for another endpoint while it fails.',
  values: { endpoint: SCRAPE_ENDPOINTS } });
export const exporterPollIntervalSeconds = family({ name: 'ontap_exporter_poll_interval_seconds', type: 'gauge', labels: [],
  help: 'Configured poll interval of the cluster while idle (it is polled faster while something moves).' });
export const scrapeErrorsTotal = family({ name: 'ontap_scrape_errors_total', type: 'counter', labels: ['endpoint', 'reason'],
  help: 'Failed polls of the endpoint by reason.',
  values: { endpoint: SCRAPE_ENDPOINTS, reason: ERROR_REASONS },
  doc: 'A reason appears at its first failure (its first increment is not in its own `rate()`: rate `ontap_scrape_failures_total` for how often, read this for why) and leaves after 60 poll intervals without one; should it recur, the series goes on from its kept count. OpenMetrics names the family without `_total`.' });
export const scrapeFailuresTotal = family({ name: 'ontap_scrape_failures_total', type: 'counter', labels: ['endpoint'],
  help: 'Failed polls of the endpoint, whatever the reason; there from the start at 0, so rate() sees the first failure.',
  values: { endpoint: SCRAPE_ENDPOINTS } });

/** Every cluster family, in the order /metrics serves them (FAMILIES[f.index] === f). */
export const FAMILIES: readonly ClusterFamily[] = CLUSTER_FAMILIES;

// The exporter's own gauges, served through prom-client without cluster labels (their labels are
// not cluster labels, so not ExporterLabel). In the order store.ts registers them.
const exporterFamily = <L extends string = never>(spec: ExporterFamily<L>): ExporterFamily<L> => spec;

export const exporterClusters = exporterFamily({ name: 'ontap_exporter_clusters', type: 'gauge', labels: [],
  help: 'Clusters this exporter polls (its shard of the configuration).' });
export const exporterBuildInfo = exporterFamily({ name: 'ontap_exporter_build_info', type: 'gauge', labels: ['version', 'node_version'],
  help: 'Exporter version and the Node.js it runs on, value 1.' });
export const exporterShardInfo = exporterFamily({ name: 'ontap_exporter_shard_info', type: 'gauge', labels: ['shard', 'shards'],
  help: 'Which shard of the fleet this exporter polls (shard of shards, 0-based), value 1.', doc: '`0` of `1` when not sharded.' });
export const exporterConfigLastReloadSuccessful = exporterFamily({ name: 'ontap_exporter_config_last_reload_successful', type: 'gauge', labels: [],
  help: 'Whether the last configuration reload succeeded (1) or kept the previous configuration (0).', doc: 'The start-up load counts as one; absent until the first load.' });
export const exporterConfigLastReloadSuccessTimestampSeconds = exporterFamily({ name: 'ontap_exporter_config_last_reload_success_timestamp_seconds', type: 'gauge', labels: [],
  help: 'When the configuration was last loaded successfully (Unix time).' });

export const EXPORTER_FAMILIES: readonly ExporterFamily[] = [
  exporterClusters, exporterBuildInfo, exporterShardInfo, exporterConfigLastReloadSuccessful, exporterConfigLastReloadSuccessTimestampSeconds,
];

/** Every family name the exporter serves (besides prom-client's process_* and nodejs_*). */
export const FAMILY_NAMES: ReadonlySet<string> = new Set([...FAMILIES, ...EXPORTER_FAMILIES].map((f) => f.name));
