// Firmware panels (issue 18): a row on the cluster dashboard (SP/BMC per node, the firmware update
// history's last outcome per node and kind, automatic updates not done) and a fleet view of firmware
// currency (which SP/BMC, disk and shelf module versions run where).

import { SEL, clusterLink, hide, panel, row, stateMappings, type PanelBuilder } from './grafana.js';

const common = ['Time', '__name__', 'instance', 'job'];

export function firmwareClusterPanels(): PanelBuilder[] {
  return [
    row('Firmware'),
    panel('table', {
      title: 'SP/BMC firmware per node', unit: 'none', w: 8, h: 7,
      description: 'The service processor / BMC firmware version each node runs (read every 30 minutes), its state while not online, and a failed last SP/BMC update (9.10.1+).',
      targets: [
        { expr: `ontap_firmware_sp_info{${SEL}}`, table: true },
        { expr: `ontap_firmware_sp_state{${SEL}}`, table: true },
        { expr: `ontap_firmware_sp_last_update_failed{${SEL}}`, table: true },
      ],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common, 'Value #A', 'Value #B'), renameByName: { 'Value #C': 'Last update failed' } } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'Firmware updates: last per node and kind', unit: 's', w: 16, h: 7,
      description: 'The latest firmware update of each kind (disk, shelf, SP/BMC, ...) on each node: the node\'s worker state, when it started, how long it took and ONTAP\'s error code (9.8+ firmware history).',
      targets: [
        { expr: `ontap_firmware_update_last_start_timestamp_seconds{${SEL}} * 1000`, table: true },
        { expr: `ontap_firmware_update_last_duration_seconds{${SEL}}`, table: true },
        { expr: `ontap_firmware_update_last_error_code{${SEL}}`, table: true },
      ],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common), renameByName: { 'Value #A': 'Started (ms)', 'Value #B': 'Duration', 'Value #C': 'Error code' } } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'Disk and shelf module firmware', unit: 'short', w: 12, h: 7,
      description: 'Disks per model and firmware version, and shelf I/O modules per shelf model and firmware version.',
      targets: [{ expr: `label_replace(ontap_firmware_disks{${SEL}}, "part", "disk", "", "")`, table: true }, { expr: `label_replace(ontap_firmware_shelf_modules{${SEL}}, "part", "shelf module", "", "")`, table: true }],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common), renameByName: { 'Value #A': 'Disks', 'Value #B': 'Modules' } } }],
    }),
    panel('table', {
      title: 'Automatic updates not done', unit: 'short', w: 12, h: 7,
      description: 'Updates ONTAP fetched by itself (firmware, system files) that are not applied or dismissed: pending, scheduled, running, failed (9.10.1+). An old state change means a stuck update.',
      targets: [{ expr: `ontap_firmware_auto_updates{${SEL}}`, table: true }, { expr: `ontap_firmware_auto_update_oldest_change_timestamp_seconds{${SEL}} * 1000`, table: true }],
      transformations: [{ id: 'merge', options: {} }, { id: 'organize', options: { excludeByName: hide(...common), renameByName: { 'Value #A': 'Updates', 'Value #B': 'Oldest change (ms)' } } }],
      fieldConfig: { mappings: stateMappings },
    }),
  ];
}

export function firmwareFleetPanels(): PanelBuilder[] {
  return [
    row('Firmware currency'),
    panel('table', {
      title: 'SP/BMC firmware versions', unit: 'short', w: 8, h: 8,
      description: 'How many nodes run each service processor / BMC firmware version.',
      targets: [{ expr: `sort_desc(count by (version) (ontap_firmware_sp_info{${SEL}}))`, table: true, instant: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Nodes' } } }],
    }),
    panel('table', {
      title: 'Disk firmware by model', unit: 'short', w: 8, h: 8,
      description: 'Disks per model and firmware version across the selected clusters: more than one version of a model is firmware not yet current somewhere.',
      targets: [{ expr: `sort_desc(sum by (model, version) (ontap_firmware_disks{${SEL}}))`, table: true, instant: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Disks' } } }],
    }),
    panel('table', {
      title: 'Shelf module firmware by model', unit: 'short', w: 8, h: 8,
      description: 'Shelf I/O modules per shelf model and firmware version across the selected clusters.',
      targets: [{ expr: `sort_desc(sum by (model, version) (ontap_firmware_shelf_modules{${SEL}}))`, table: true, instant: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Modules' } } }],
    }),
    panel('table', {
      title: 'Clusters with failed firmware updates', unit: 'short', w: 24, h: 6,
      description: 'Failed firmware updates per cluster: node workers that failed the latest update of a kind, SP/BMC updates that failed, automatic updates that failed.',
      targets: [{
        expr: `count by (cluster) (ontap_firmware_update_last_start_timestamp_seconds{${SEL},state="failed"}) or count by (cluster) (ontap_firmware_sp_last_update_failed{${SEL}} == 1) or sum by (cluster) (ontap_firmware_auto_updates{${SEL},state="failed"})`,
        table: true, instant: true,
      }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Failures' } } }],
      fieldConfig: { links: [clusterLink] },
    }),
  ];
}
