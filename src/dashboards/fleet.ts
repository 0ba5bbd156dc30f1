// Fleet: which clusters run what, which are upgrading and how far along, what is stuck.

import { firmwareFleetPanels } from './firmware.js';
import { SEL, UIDS, clusterLink, dashboard, hide, panel, row, stateMappings, type Dashboard } from './grafana.js';
import { fleetPostUpdatePanel } from './post-update.js';


export function fleetDashboard(): Dashboard {
  return dashboard(UIDS.fleet, 'ONTAP upgrades: fleet', 'Every cluster\'s ONTAP version and software update, at a glance.', [
    row('Versions and updates'),
    panel('stat', {
      title: 'Clusters updating now', unit: 'short', w: 6, h: 5,
      description: 'Clusters whose software update or validation is running or paused mid-way.',
      targets: [{ expr: `sum(cluster:ontap_software_update_active:max{${SEL}}) or vector(0)`, instant: true }],
      options: { colorMode: 'value', graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('stat', {
      title: 'Clusters the exporter cannot reach', unit: 'short', w: 6, h: 5,
      description: 'Clusters whose last poll of /api/cluster/software failed (ontap_up 0).',
      targets: [{ expr: `count(ontap_up{${SEL}} == 0) or vector(0)`, instant: true }],
      fieldConfig: { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] } },
      options: { colorMode: 'background', graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('piechart', {
      title: 'Clusters by version', unit: 'short', w: 12, h: 10,
      description: 'How many clusters run each ONTAP version (the cluster version is its lowest node version).',
      targets: [{ expr: `count by (version) (ontap_software_info{${SEL}})`, legend: '{{version}}', instant: true }],
      options: { legend: { displayMode: 'table', placement: 'right', values: ['value'] }, pieType: 'donut', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('bargauge', {
      title: 'Update progress', unit: 'percentunit', w: 12, h: 5,
      description: 'Elapsed time over ONTAP\'s estimate of the whole update for each cluster with an update running or paused (capped at 100%; ONTAP often underestimates).',
      targets: [{ expr: `cluster:ontap_software_update_progress:ratio{${SEL}}`, legend: '{{cluster}}', instant: true }],
      fieldConfig: { min: 0, max: 1, links: [clusterLink] },
      options: { displayMode: 'gradient', orientation: 'horizontal', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('table', {
      title: 'Clusters', unit: 'none', w: 24, h: 12,
      description: 'One row per cluster: version, pending version, update state, validation errors and warnings, when its last update ended, and whether the exporter reaches it. Click a cluster to open its dashboard.',
      targets: [
        { expr: `ontap_software_info{${SEL}}`, table: true },
        { expr: `ontap_software_update_state{${SEL}} == 1`, table: true },
        { expr: `ontap_software_validation_checks{${SEL},status="error"}`, table: true },
        { expr: `ontap_software_validation_checks{${SEL},status="warning"}`, table: true },
        { expr: `max by (cluster, datacenter) (ontap_software_last_update_end_timestamp_seconds{${SEL}}) * 1000`, table: true },
        { expr: `ontap_up{${SEL}}`, table: true },
        { expr: `ontap_software_pending_version_info{${SEL}}`, table: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        {
          id: 'organize',
          options: {
            excludeByName: hide('Time', '__name__', 'instance', 'job', 'status', 'Value #A', 'Value #B', 'Value #G'),
            renameByName: { 'Value #C': 'Validation errors', 'Value #D': 'Validation warnings', 'Value #E': 'Last update ended', 'Value #F': 'Up', pending_version: 'Pending version', state: 'Update state', version: 'Version' },
            indexByName: { cluster: 0, datacenter: 1, version: 2, pending_version: 3, state: 4, 'Value #C': 5, 'Value #D': 6, 'Value #E': 7, 'Value #F': 8 },
          },
        },
      ],
      fieldConfig: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
      options: { showHeader: true, sortBy: [{ displayName: 'cluster', desc: false }] },
    }),
    row('Problems'),
    fleetPostUpdatePanel(),
    panel('table', {
      title: 'Firing upgrade alerts', unit: 'none', w: 24, h: 8,
      description: 'ONTAP upgrade alerts firing now (Prometheus ALERTS), most severe first.',
      targets: [{ expr: `ALERTS{alertname=~"Ontap.+",alertstate="firing",datacenter=~"$datacenter",cluster=~"$cluster"}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide('Time', '__name__', 'alertstate', 'Value', 'instance', 'job') } }],
      options: { sortBy: [{ displayName: 'severity', desc: false }] },
    }),
    panel('timeseries', {
      title: 'Node updates recorded in history', unit: 'short', w: 12, h: 8,
      description: 'Software history records (one per node per update) across the selected clusters, by outcome. A step up is a finished update.',
      targets: [{ expr: `sum by (state) (ontap_software_history_updates{${SEL}})`, legend: '{{state}}' }],
    }),
    panel('piechart', {
      title: 'Download states', unit: 'short', w: 6, h: 8,
      description: 'Clusters by the state of their last software package download.',
      targets: [{ expr: `count by (state) (ontap_software_download_state{${SEL}} == 1)`, legend: '{{state}}', instant: true }],
      fieldConfig: { mappings: stateMappings },
      options: { pieType: 'pie', reduceOptions: { calcs: ['lastNotNull'] }, legend: { displayMode: 'list', placement: 'bottom' } },
    }),
    panel('bargauge', {
      title: 'Package repository size', unit: 'short', w: 6, h: 8,
      description: 'Software packages in each cluster\'s repository (old images take root-volume space).',
      targets: [{ expr: `topk(20, ontap_software_packages{${SEL}})`, legend: '{{cluster}}', instant: true }],
      fieldConfig: { links: [clusterLink] },
      options: { displayMode: 'basic', orientation: 'horizontal', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    ...firmwareFleetPanels(),
  ]);
}

