// Exposition text for the ontap_* families (Prometheus text 0.0.4 and OpenMetrics 1.0).
// A cluster's lines are rendered once per poll; /metrics only joins them.

import type { FamilySpec, Sample } from './family.js';

const NEEDS_ESCAPE = /[\\\n"]/;

export function escapeLabel(v: string): string {
  // Almost every value needs no escaping; test once rather than run three replaces.
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function familyHeader(f: FamilySpec, openMetrics: boolean): string {
  // OpenMetrics names a counter family without its _total suffix.
  const name = openMetrics && f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name;
  return `# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${f.type}\n`;
}

/** One cluster's lines, grouped per family: [family index, text] for each family it has lines in. */
export function renderCluster(prefix: string, samples: readonly Sample[]): Array<[number, string]> {
  // A sample carries its family (catalog.ts), so there is no name to look up and none to drop.
  // samples.ts emits a family's samples together: consecutive runs, no map needed (a family that
  // comes back later is merged into its first run). Each run collects the lines' pieces and joins
  // them once: no intermediate string per label or per line (the largest share of a poll's
  // allocations, docs/benchmarks.md), and join() gives flat strings where += would keep rope nodes.
  const runs: Array<[number, string[]]> = [];
  let run: string[] = [];
  let current = -1;
  for (const s of samples) {
    const f = s.family;
    if (f.index !== current) {
      current = f.index;
      const found = runs.find(([i]) => i === current)?.[1];
      if (found) run = found;
      else runs.push([current, (run = [])]);
    }
    run.push(f.name, '{', prefix);
    for (const l of f.labels) run.push(',', l, '="', escapeLabel(s.labels[l] ?? ''), '"');
    run.push('} ', formatValue(s.value), '\n');
  }
  return runs.map(([i, pieces]) => [i, pieces.join('')]);
}
