// npm run dashboards: writes dashboards/*.json from this source (a test keeps them in step).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignDashboard } from './campaign.js';
import { clusterDashboard } from './cluster.js';
import { exporterDashboard } from './exporter.js';
import { fleetDashboard } from './fleet.js';
import type { Dashboard } from './grafana.js';

export const DASHBOARDS: Record<string, () => Dashboard> = {
  'ontap-upgrade-fleet.json': fleetDashboard,
  'ontap-upgrade-cluster.json': clusterDashboard,
  'ontap-upgrade-exporter.json': exporterDashboard,
  'ontap-upgrade-campaign.json': campaignDashboard,
};

export const render = (d: Dashboard) => `${JSON.stringify(d, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dashboards';
  mkdirSync(dir, { recursive: true });
  for (const [file, make] of Object.entries(DASHBOARDS)) writeFileSync(join(dir, file), render(make()));
  console.log(`wrote ${Object.keys(DASHBOARDS).length} dashboards to ${dir}/`);
}
