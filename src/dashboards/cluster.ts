// One cluster (or a few): the update's state over time, its phases per node, versions,
// validation, status details, MetroCluster sites, download, packages and history.

import { firmwareClusterPanels } from './firmware.js';
import { SEL, UIDS, dashboard, hide, panel, row, stateMappings, type Dashboard } from './grafana.js';
import { postUpdatePanels } from './post-update.js';

const common = ['Time', '__name__', 'instance', 'job'];

export function clusterDashboard(): Dashboard {
  return dashboard(UIDS.cluster, 'ONTAP upgrades: cluster', 'One cluster\'s software update: state, phases per node, versions, validation and history.', [
    row('Update'),
    panel('state-timeline', {
      title: 'Update state', unit: 'none', w: 12, h: 6,
      description: 'The software update state over time (in progress, paused, completed, failed, ...).',
      targets: [{ expr: `ontap_software_update_state{${SEL}} == 1`, legend: '{{cluster}}: {{state}}' }],
      fieldConfig: { mappings: [{ type: 'value', options: { 1: { text: 'current', color: 'blue' } } }] },
      options: { showValue: 'never', mergeValues: true },
    }),
    panel('gauge', {
      title: 'Overall progress', unit: 'percentunit', w: 6, h: 6,
      description: 'Elapsed over ONTAP\'s estimate of the whole update running now, the same meaning on every release (empty when none runs, or when the release is unknown).',
      targets: [{ expr: `cluster:ontap_software_update_progress:ratio{${SEL}}`, legend: '{{cluster}}', instant: true }],
      fieldConfig: { min: 0, max: 1, thresholds: { mode: 'absolute', steps: [{ color: 'blue', value: null }, { color: 'orange', value: 0.9 }] } },
    }),
    panel('stat', {
      title: 'Expected end', unit: 'dateTimeAsIso', w: 6, h: 6,
      description: 'When the update or validation running now (or paused: if resumed now) is expected to end, from ONTAP\'s estimate.',
      targets: [{ expr: `ontap_software_update_expected_end_timestamp_seconds{${SEL}} * 1000`, legend: '{{cluster}}', instant: true }],
      options: { colorMode: 'none', graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('timeseries', {
      title: 'Elapsed, estimated and remaining time', unit: 's', w: 12, h: 8,
      description: 'Elapsed time of the update against ONTAP\'s estimate of the whole update, and the time left (the exporter gives the estimate one meaning on every release: up to 9.9 ONTAP reports the time remaining).',
      targets: [
        { expr: `ontap_software_update_elapsed_seconds{${SEL}}`, legend: '{{cluster}} elapsed' },
        { expr: `ontap_software_update_estimated_seconds{${SEL}}`, legend: '{{cluster}} estimated' },
        { expr: `ontap_software_update_remaining_seconds{${SEL}}`, legend: '{{cluster}} remaining' },
      ],
    }),
    panel('state-timeline', {
      title: 'Phases per node', unit: 'none', w: 12, h: 8,
      description: 'Each update phase row over time; node is empty for cluster-level rows.',
      targets: [{ expr: `ontap_software_update_phase_state{${SEL}} == 1`, legend: '{{node}} {{phase}}: {{state}}' }],
      options: { showValue: 'never', mergeValues: true },
    }),
    panel('table', {
      title: 'Phases: elapsed against estimated', unit: 's', w: 24, h: 8,
      description: 'Each phase row now: its state, elapsed and estimated time, and the ratio between them.',
      targets: [
        { expr: `ontap_software_update_phase_state{${SEL}} == 1`, table: true },
        { expr: `ontap_software_update_phase_elapsed_seconds{${SEL}}`, table: true },
        { expr: `ontap_software_update_phase_estimated_seconds{${SEL}}`, table: true },
        { expr: `cluster_node_phase:ontap_software_update_phase:ratio{${SEL}}`, table: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        { id: 'organize', options: { excludeByName: hide(...common, 'Value #A'), renameByName: { 'Value #B': 'Elapsed', 'Value #C': 'Estimated', 'Value #D': 'Elapsed / estimated' } } },
      ],
      fieldConfig: { mappings: stateMappings },
    }),
    row('Versions'),
    panel('stat', {
      title: 'Distinct node versions', unit: 'short', w: 6, h: 6,
      description: 'How many ONTAP versions the nodes run: above 1 is normal mid-update and a problem after it.',
      targets: [{ expr: `ontap_software_node_versions{${SEL}}`, legend: '{{cluster}}', instant: true }],
      fieldConfig: { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: 2 }] } },
      options: { colorMode: 'background', graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('table', {
      title: 'Node versions', unit: 'none', w: 18, h: 6,
      description: 'The ONTAP version each node runs now, and the version pending.',
      targets: [{ expr: `ontap_software_node_info{${SEL}}`, table: true }, { expr: `ontap_software_pending_version_info{${SEL}}`, table: true }],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common, 'Value #A', 'Value #B') } }],
    }),
    row('Validation and steps'),
    panel('table', {
      title: 'Validation results', unit: 'none', w: 12, h: 8,
      description: 'Checks that reported a warning or an error at the last validation or pre-update check (passing checks are not listed).',
      targets: [{ expr: `ontap_software_validation_result{${SEL}}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'Value') } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'Status details', unit: 'none', w: 12, h: 8,
      description: 'Each update step per node and its latest state (initialize, do-download-job, do-failover, do-giveback, ...).',
      targets: [{ expr: `ontap_software_status_detail_state{${SEL}}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'Value') } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'MetroCluster sites', unit: 's', w: 12, h: 6,
      description: 'Each MetroCluster site\'s update state, elapsed and estimated time (empty for a cluster without MetroCluster).',
      targets: [
        { expr: `ontap_software_metrocluster_site_state{${SEL}} == 1`, table: true },
        { expr: `ontap_software_metrocluster_site_elapsed_seconds{${SEL}}`, table: true },
        { expr: `ontap_software_metrocluster_site_estimated_seconds{${SEL}}`, table: true },
      ],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common, 'Value #A'), renameByName: { 'Value #B': 'Elapsed', 'Value #C': 'Estimated' } } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'Validation checks by status', unit: 'short', w: 12, h: 6,
      description: 'How many checks reported errors and warnings.',
      targets: [{ expr: `ontap_software_validation_checks{${SEL}}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Checks' } } }],
    }),
    ...postUpdatePanels(),
    row('Packages and history'),
    panel('stat', {
      title: 'Download', unit: 'none', w: 6, h: 6,
      description: 'State of the last package download to the cluster, and ONTAP\'s code for it.',
      targets: [{ expr: `ontap_software_download_state{${SEL}} == 1`, legend: '{{cluster}}: {{state}}', instant: true }, { expr: `ontap_software_download_code{${SEL}}`, legend: '{{cluster}} code', instant: true }],
      options: { colorMode: 'none', graphMode: 'none', textMode: 'name', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('table', {
      title: 'Packages', unit: 'dateTimeAsIso', w: 9, h: 6,
      description: 'Software packages in the cluster\'s repository and when each was loaded.',
      targets: [{ expr: `ontap_software_package_created_timestamp_seconds{${SEL}} * 1000`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Loaded' } } }],
    }),
    panel('table', {
      title: 'Update history', unit: 's', w: 9, h: 6,
      description: 'Each node\'s latest update: outcome, when it ended and how long it took.',
      targets: [{ expr: `ontap_software_last_update_duration_seconds{${SEL}}`, table: true }, { expr: `ontap_software_last_update_end_timestamp_seconds{${SEL}} * 1000`, table: true }],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common), renameByName: { 'Value #A': 'Duration', 'Value #B': 'Ended (ms)' } } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('timeseries', {
      title: 'History records by outcome', unit: 'short', w: 24, h: 6,
      description: 'Software history records of the selected clusters by outcome over time.',
      targets: [{ expr: `sum by (cluster, state) (ontap_software_history_updates{${SEL}})`, legend: '{{cluster}} {{state}}' }],
    }),
    ...firmwareClusterPanels(),
  ]);
}
