// Real Prometheus scraping the demo fleet with the shipped rules: every panel's query returns data.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SCENARIOS } from '../src/demo/cli.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { panelsOf } from './helpers/dashboards.js';
import { exporterFor } from './helpers/exporter.js';
import { ROOT, RULE_FILES } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startPrometheus, type Proc } from './helpers/stack.js';

const procs: Proc[] = [];
afterAll(async () => { await Promise.all(procs.map((p) => p.stop())); });

/** What Grafana would put in for the variables and interval macros (All selected). */
function substitute(expr: string): string {
  return expr.replace(/\$datacenter|\$cluster/g, '.*').replace(/\$__rate_interval/g, '1m').replace(/\$__interval/g, '15s').replace(/\$__range/g, '1h');
}

describe('dashboards against real Prometheus', () => {
  it('every panel query and every variable returns at least one series for the demo fleet', async () => {
    const fleet = await sim(fleetSetups(DEMO_SCENARIOS.length, DEMO_SCENARIOS, 'demo'), { manual: false, speed: 600 });
    const { exporter } = await exporterFor(fleet, () => ({ interval: 1, fastInterval: 1, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 } }), true);
    const prometheus = await startPrometheus(exporter.url, RULE_FILES);
    procs.push(prometheus);

    const queries: Array<[string, string]> = [];
    for (const f of readdirSync(join(ROOT, 'dashboards')).filter((x) => x.endsWith('.json'))) {
      const d = JSON.parse(readFileSync(join(ROOT, 'dashboards', f), 'utf8'));
      for (const p of panelsOf(d)) for (const t of p.targets) queries.push([`${d.uid} / ${p.title} / ${t.refId}`, substitute(t.expr)]);
      for (const a of d.annotations.list) queries.push([`${d.uid} / annotation ${a.name}`, substitute(a.target.expr)]);
      for (const v of d.templating.list.filter((x: any) => x.type === 'query')) {
        const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query.query);
        if (m) queries.push([`${d.uid} / variable ${v.name}`, `count by (${m[2]}) (${substitute(m[1] as string)})`]);
      }
    }
    expect(queries.length).toBeGreaterThan(40);

    const empty = async () => {
      const out: string[] = [];
      for (const [name, q] of queries) {
        const r = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json();
        if (r.status !== 'success') out.push(`${name}: ${r.error}`);
        else if (r.data.result.length === 0) out.push(`${name}: no series for ${q}`);
      }
      return out;
    };
    // Rates need two scrapes, recording rules an evaluation, and the failing update a few seconds to fail.
    const deadline = Date.now() + 45_000;
    let missing = await empty();
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      missing = await empty();
    }
    expect(missing).toEqual([]);
  });
});
