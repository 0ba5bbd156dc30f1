// Post-update checks: what ONTAP's checks found after a cluster's last update (9.9 and later).
// Panels of their own, placed by cluster.ts and fleet.ts.

import { SEL, hide, panel, stateMappings, type PanelBuilder } from './grafana.js';

const common = ['Time', '__name__', 'instance', 'job'];

/** Cluster dashboard: each failed post-update check, and the counts by status. */
export function postUpdatePanels(): PanelBuilder[] {
  return [
    panel('table', {
      title: 'Post-update checks', unit: 'none', w: 12, h: 6,
      description: 'Checks ONTAP ran after the last update that reported a warning or an error (aggregate health, HA / storage failover health, ...). An error here pages (OntapSoftwarePostUpdateCheckFailed). Empty before ONTAP 9.9, which does not report them.',
      targets: [{ expr: `ontap_software_post_update_check_result{${SEL}}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'Value') } }],
      fieldConfig: { mappings: stateMappings },
    }),
    panel('table', {
      title: 'Post-update checks by status', unit: 'short', w: 12, h: 6,
      description: 'How many post-update checks reported errors and warnings after the last update (no row: the release does not report them).',
      targets: [{ expr: `ontap_software_post_update_checks{${SEL}}`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: hide(...common), renameByName: { Value: 'Checks' } } }],
    }),
  ];
}

/** Fleet dashboard: clusters whose last update left failed post-update checks. */
export function fleetPostUpdatePanel(): PanelBuilder {
  return panel('table', {
    title: 'Failed post-update checks', unit: 'short', w: 24, h: 6,
    description: 'Clusters whose post-update checks report errors after their last update: the update completed but the cluster is not healthy (ONTAP 9.9 and later).',
    targets: [{ expr: `ontap_software_post_update_checks{${SEL},status="error"} > 0`, table: true }],
    transformations: [{ id: 'organize', options: { excludeByName: hide(...common, 'status'), renameByName: { Value: 'Failed checks' } } }],
  });
}
