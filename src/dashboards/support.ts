// Release support rows for the campaign dashboard: how many clusters run a release in each NetApp
// support phase, and per cluster the phase and when it ends (ontap_software_release_support_*).

import { SEL, clusterLink, hide, panel, row, type PanelBuilder } from './grafana.js';

const common = ['Time', '__name__', 'instance', 'job'];

export function supportPanels(): PanelBuilder[] {
  return [
    row('Release support'),
    panel('piechart', {
      title: 'Clusters by release support', unit: 'short', w: 8, h: 8,
      description: 'Clusters per NetApp support phase of the release they run: full, limited (critical fixes only), self_service (no fixes), unsupported, unknown (release not in the exporter\'s table).',
      targets: [{ expr: `sum by (state) (ontap_software_release_support_state{${SEL}})`, legend: '{{state}}', instant: true }],
      options: { pieType: 'donut', reduceOptions: { calcs: ['lastNotNull'] }, legend: { displayMode: 'list', placement: 'right', showLegend: true } },
    }),
    panel('table', {
      title: 'Release support per cluster', unit: 'dateTimeAsIso', w: 16, h: 8,
      description: 'Each cluster\'s release family, its support phase and when that phase ends (none once unsupported). Past limited support alerts (OntapSoftwareReleaseUnsupported), as does full or limited support ending within 180 days (OntapSoftwareReleaseSupportEnding).',
      targets: [
        { expr: `(ontap_software_release_support_state{${SEL}} == 1)`, table: true },
        { expr: `ontap_software_release_support_end_timestamp_seconds{${SEL}} * 1000`, table: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        { id: 'organize', options: { excludeByName: hide(...common, 'Value #A'), renameByName: { state: 'Support', version: 'Release', phase: 'Phase ending', 'Value #B': 'Ends' } } },
      ],
      fieldConfig: { links: [clusterLink] },
      options: { sortBy: [{ displayName: 'Ends', desc: false }] },
    }),
  ];
}
