// Campaign: where the fleet stands against its target versions, what is ready to go next, how the
// datacenters progress over time, when running updates should end, and when each update ran.

import { SEL, UIDS, annotation, clusterLink, dashboard, hide, panel, row, type Dashboard } from './grafana.js';
import { supportPanels } from './support.js';

const DC = 'datacenter=~"$datacenter"';
const common = ['Time', '__name__', 'instance', 'job'];
const stat = { colorMode: 'value' as const, graphMode: 'none' as const, reduceOptions: { calcs: ['lastNotNull'] } };

export function campaignDashboard(): Dashboard {
  return dashboard(UIDS.campaign, 'ONTAP upgrades: campaign', 'Clusters and nodes against their target versions (target_version in the exporter config): on target, behind, updating, ready next, ETAs.', [
    row('Where the campaign stands'),
    panel('stat', {
      title: 'Clusters on target', unit: 'short', w: 4, h: 5,
      description: 'Clusters whose version (their lowest node\'s) is their target_version or newer.',
      targets: [{ expr: `sum(ontap_software_target_state{${SEL},state=~"on_target|ahead"}) or vector(0)`, instant: true }],
      fieldConfig: { color: { mode: 'fixed', fixedColor: 'green' } }, options: { ...stat },
    }),
    panel('stat', {
      title: 'Clusters behind', unit: 'short', w: 4, h: 5,
      description: 'Clusters still on a version older than their target_version (updating ones included).',
      targets: [{ expr: `sum(ontap_software_target_state{${SEL},state="behind"}) or vector(0)`, instant: true }],
      fieldConfig: { color: { mode: 'fixed', fixedColor: 'orange' } }, options: { ...stat },
    }),
    panel('stat', {
      title: 'Clusters updating now', unit: 'short', w: 4, h: 5,
      description: 'Clusters with an update or validation running or paused mid-way.',
      targets: [{ expr: `sum(cluster:ontap_software_update_active:max{${SEL}}) or vector(0)`, instant: true }],
      fieldConfig: { color: { mode: 'fixed', fixedColor: 'blue' } }, options: { ...stat },
    }),
    panel('stat', {
      title: 'Ready to upgrade', unit: 'short', w: 4, h: 5,
      description: 'Clusters behind their target that pass every readiness check: package loaded, validation without errors, no update running, nodes on one version.',
      targets: [{ expr: `sum(ontap_software_upgrade_ready{${SEL}}) or vector(0)`, instant: true }],
      fieldConfig: { color: { mode: 'fixed', fixedColor: 'green' } }, options: { ...stat },
    }),
    panel('stat', {
      title: 'Behind after their deadline', unit: 'short', w: 4, h: 5,
      description: 'Clusters still behind their target after the end of their target_deadline day (OntapSoftwareBehindTargetDeadline).',
      targets: [{ expr: `count((time() > ontap_software_target_deadline_timestamp_seconds{${SEL}}) and on (cluster, datacenter) ontap_software_target_state{state="behind"} == 1) or vector(0)`, instant: true }],
      fieldConfig: { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] } },
      options: { ...stat, colorMode: 'background' },
    }),
    panel('piechart', {
      title: 'Nodes against their target', unit: 'short', w: 4, h: 5,
      description: 'Nodes on, behind and ahead of their cluster\'s target version.',
      targets: [{ expr: `sum by (state) (ontap_software_target_nodes{${SEL}})`, legend: '{{state}}', instant: true }],
      options: { pieType: 'donut', reduceOptions: { calcs: ['lastNotNull'] }, legend: { displayMode: 'list', placement: 'right', showLegend: true } },
    }),
    row('Progress over time, per datacenter'),
    panel('timeseries', {
      title: 'Share of clusters on target', unit: 'percentunit', w: 12, h: 8,
      description: 'Per datacenter, the share of clusters with a target that have reached it (recording rule datacenter:ontap_software_target_reached:ratio).',
      targets: [{ expr: `datacenter:ontap_software_target_reached:ratio{${DC}}`, legend: '{{datacenter}}' }],
      fieldConfig: { min: 0, max: 1, custom: { lineWidth: 2, fillOpacity: 10 } },
    }),
    panel('timeseries', {
      title: 'Clusters behind and updating', unit: 'short', w: 12, h: 8,
      description: 'Per datacenter: clusters behind their target, and clusters with an update running now.',
      targets: [
        { expr: `datacenter_state:ontap_software_target_clusters:sum{${DC},state="behind"}`, legend: '{{datacenter}} behind' },
        { expr: `datacenter:ontap_software_update_active:sum{${DC}}`, legend: '{{datacenter}} updating' },
      ],
      fieldConfig: { custom: { drawStyle: 'line', lineInterpolation: 'stepAfter' } },
    }),
    panel('timeseries', {
      title: 'Nodes by target state', unit: 'short', w: 12, h: 8,
      description: 'Per datacenter, nodes on, behind and ahead of their target, stacked.',
      targets: [{ expr: `datacenter_state:ontap_software_target_nodes:sum{${DC}}`, legend: '{{datacenter}} {{state}}' }],
      fieldConfig: { custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 30 } },
    }),
    panel('timeseries', {
      title: 'Nodes updating now', unit: 'short', w: 12, h: 8,
      description: 'Per datacenter, nodes whose own update phase is in progress (taken over, rebooting, giving back).',
      targets: [{ expr: `datacenter:ontap_software_nodes_updating:sum{${DC}}`, legend: '{{datacenter}}' }],
      fieldConfig: { custom: { drawStyle: 'bars', fillOpacity: 60 } },
    }),
    row('Running updates and what is next'),
    panel('table', {
      title: 'Expected end of running updates', unit: 'dateTimeAsIso', w: 12, h: 8,
      description: 'For each running update: when ONTAP\'s estimate says it ends, and when it ends if each node takes as long as in this cluster\'s last update (ONTAP\'s estimate runs short). The status page shows the later of the two.',
      targets: [
        { expr: `ontap_software_update_expected_end_timestamp_seconds{${SEL}} * 1000`, table: true },
        { expr: `ontap_software_update_history_expected_end_timestamp_seconds{${SEL}} * 1000`, table: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        { id: 'organize', options: { excludeByName: hide(...common), renameByName: { 'Value #A': 'ONTAP estimate', 'Value #B': 'From last update' } } },
      ],
      fieldConfig: { links: [clusterLink] },
    }),
    panel('table', {
      title: 'Ready to upgrade', unit: 'none', w: 12, h: 8,
      description: 'Clusters behind their target that pass every readiness check: pick the next ones to upgrade here.',
      targets: [{ expr: `(ontap_software_upgrade_ready{${SEL}} == 1) * on (cluster, datacenter) group_left (target_version) ontap_software_target_version_info`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'Value'), renameByName: { target_version: 'Target' } } }],
      fieldConfig: { links: [clusterLink] },
    }),
    panel('table', {
      title: 'Failing readiness checks', unit: 'none', w: 24, h: 8,
      description: 'For clusters behind their target: each readiness check that fails (package_in_repository, validation_passed, no_update_running, nodes_on_one_version).',
      targets: [{ expr: `(ontap_software_upgrade_check{${SEL}} == 0) and on (cluster, datacenter) ontap_software_target_state{state="behind"} == 1`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'Value'), renameByName: { check: 'Failing check' } } }],
      options: { sortBy: [{ displayName: 'cluster', desc: false }] },
    }),
    ...supportPanels(),
  ], [
    annotation('Updates', 'blue', `max by (cluster, datacenter, pending_version) (ontap_software_pending_version_info{${SEL}})`, {
      titleFormat: 'Update of {{cluster}} to {{pending_version}}', tagKeys: 'cluster,datacenter',
    }),
    annotation('Updates ended', 'green', `max by (cluster, datacenter) (ontap_software_last_update_end_timestamp_seconds{${SEL}}) * 1000`, {
      titleFormat: 'Update of {{cluster}} ended', tagKeys: 'cluster,datacenter', useValueForTime: true,
    }),
  ]);
}
