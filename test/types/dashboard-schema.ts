// Compile-time checks (npm run typecheck, part of npm test): dashboards are typed against Grafana's
// published schema, so each mistake below must fail the build. If typing loosens, TypeScript
// reports an unused @ts-expect-error and the build fails.

import { panel } from '../../src/dashboards/grafana.js';

const base = { title: 't', description: 'd', unit: 'short', targets: [{ expr: 'up' }] };

export const checks = [
  // A correct panel compiles.
  panel('stat', { ...base, options: { colorMode: 'background', reduceOptions: { calcs: ['lastNotNull'] } } }),
  // @ts-expect-error misspelt stat option
  panel('stat', { ...base, options: { colourMode: 'background' } }),
  // @ts-expect-error a value the option does not take
  panel('bargauge', { ...base, options: { displayMode: 'gradiant' } }),
  // @ts-expect-error an option of another panel type (table's) on a timeseries
  panel('timeseries', { ...base, options: { showHeader: true } }),
  // @ts-expect-error misspelt field config key
  panel('table', { ...base, fieldConfig: { thresold: { mode: 'absolute', steps: [] } } }),
  // @ts-expect-error unknown custom field option for a timeseries
  panel('timeseries', { ...base, fieldConfig: { custom: { lineWidht: 2 } } }),
  // @ts-expect-error a panel type Grafana's schema is not used for here
  panel('graph', base),
  // @ts-expect-error misspelt panel field
  panel('stat', { ...base, descripton: 'x' }),
];
