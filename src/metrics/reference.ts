// docs/metrics-reference.md, generated from the family values in catalog.ts, so the reference
// names exactly the families the exporter serves. `npm run docs:metrics` writes it;
// test/docs-metrics.test.ts fails when the committed file is not what this makes.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  EXPORTER_FAMILIES, FAMILIES, softwareDownloadState, softwareMetroclusterSiteState, softwareStatusDetailState, softwareTargetState,
  softwareUpdatePhaseState, softwareUpdateState,
} from './catalog.js';
import type { FamilySpec } from './family.js';

const code = (s: string) => `\`${s}\``;
// A table cell is one line and may not hold a bare pipe.
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function row(f: FamilySpec): string {
  const labels = f.labels.length > 0 ? f.labels.map(code).join(', ') : '—';
  let meaning = f.help;
  if (f.doc) meaning += ` ${f.doc}`;
  for (const label of f.labels) {
    const values = f.values?.[label];
    if (values) meaning += ` ${code(label)}: ${values.map(code).join(', ')}.`;
  }
  return `| ${code(f.name)} | ${f.type} | ${labels} | ${cell(meaning)} |`;
}

function table(labelsHeading: string, families: readonly FamilySpec[]): string[] {
  return [`| metric | type | ${labelsHeading} | meaning |`, '|---|---|---|---|', ...families.map(row)];
}

export function metricsReference(): string {
  const stateSets = [softwareUpdateState, softwareDownloadState, softwareMetroclusterSiteState, softwareTargetState].map((f) => code(f.name)).join(', ');
  const rows = [softwareUpdatePhaseState, softwareStatusDetailState].map((f) => code(f.name)).join(' and ');
  return [
    '# Metrics reference',
    '',
    '<!-- Generated from src/metrics/catalog.ts by `npm run docs:metrics`: edit the families there, not this file. -->',
    '',
    'Every metric family the exporter serves, in the order `/metrics` serves them, with the HELP text it serves. Where a label takes known values, they follow the text.',
    '',
    '## Cluster series',
    '',
    'Every series of a cluster carries `cluster` and `datacenter`, then the cluster\'s `labels:` from the configuration (whose keys may not be labels the exporter sets).',
    '',
    `States (${stateSets}) are one series, value 1, labelled with the current state (the known states follow the text; one that a newer ONTAP adds is exported too); when the state changes, the old series disappears. Query them as \`{state="x"} == 1\`. `
      + `Phase and step rows (${rows}) export one series per row, labelled with its current state, until an hour after an update completed. `
      + 'Nothing ONTAP stopped reporting survives the next poll. Free-text messages never become labels.',
    '',
    ...table('labels (besides `cluster`, `datacenter`)', FAMILIES),
    '',
    '## Exporter series',
    '',
    'The exporter\'s own series carry no cluster labels. Besides these, prom-client serves the `process_*` and `nodejs_*` families.',
    '',
    ...table('labels', EXPORTER_FAMILIES),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'docs/metrics-reference.md';
  writeFileSync(file, metricsReference());
  console.log(`wrote ${file}`);
}
