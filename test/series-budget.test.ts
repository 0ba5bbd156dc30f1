// The series budget, measured: the simulated demo fleet (the same clusters and configuration as
// `ontap-upgrade-exporter demo`) polled in-process on a manual clock, series counted per cluster
// from /metrics as the store renders it, by the cluster's state, and compared with the table in
// docs/metrics.md ("Series per cluster"). A change that moves a count fails here until the docs say so.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_SCENARIOS, demoClusters } from '../src/demo/cli.js';
import { startExporter, type Exporter } from '../src/exporter/exporter.js';
import { createLogger } from '../src/runtime/log.js';
import { manualClock } from '../src/runtime/clock.js';
import { DEFAULT_AUTH, fleetSetups, startFleet, type Fleet } from '../src/simulator/fleet.js';

let fleet: Fleet;
let exporter: Exporter;
const clock = manualClock();

beforeAll(async () => {
  fleet = await startFleet({ host: '127.0.0.1', port: 0, clusters: fleetSetups(DEMO_SCENARIOS.length, DEMO_SCENARIOS, 'demo'), manual: true, auth: DEFAULT_AUTH });
  clock.setWall(fleet.clock.now());
  exporter = await startExporter({ clusters: demoClusters(fleet.clusters), host: '127.0.0.1', port: 0, log: createLogger('error', 'json'), schedule: false, clock });
});
afterAll(async () => { await exporter.stop(); await fleet.stop(); });

/** Simulated and exporter time forward together, then a poll of every cluster. */
async function at(seconds: number): Promise<Measured> {
  fleet.advance(seconds);
  clock.advance(seconds * 1000);
  await exporter.pollAll();
  const text = [...(await exporter.store.render(false)).parts].map(String).join('');
  const series = new Map<string, number>();
  for (const m of text.matchAll(/^ontap_\w+\{cluster="([^"]+)"/gm)) series.set(m[1] as string, (series.get(m[1] as string) ?? 0) + 1);
  const state = new Map<string, string>();
  for (const m of text.matchAll(/^ontap_software_update_state\{cluster="([^"]+)".*state="(\w+)"\} 1$/gm)) state.set(m[1] as string, m[2] as string);
  return { series, state };
}
interface Measured { series: Map<string, number>; state: Map<string, string> }

const name = (scenario: string) => `demo-${String(DEMO_SCENARIOS.indexOf(scenario) + 1).padStart(3, '0')}`;

it('the series per cluster by state are those docs/metrics.md gives', async () => {
  const rows: string[] = [];
  const counts: number[] = [];
  const take = (m: Measured, what: string, scenario: string) => {
    const n = m.series.get(name(scenario)) as number;
    counts.push(n);
    rows.push(`| ${what} | \`${scenario}\` | ${m.state.get(name(scenario)) ?? ''} | ${n} |`);
  };
  // Start: the validations and downloads have reported; two minutes in, the updates run.
  const start = await at(0);
  take(start, 'package download running', 'download-running');
  // Idle as it stays: the second poll also reads firmware (release known), read again every 30 minutes.
  const settled = await at(60);
  take(settled, 'idle, 2 nodes, a target and a deadline', 'idle');
  take(settled, 'idle, 40 packages in the repository', 'many-packages');
  const running = await at(120);
  take(running, 'validation done, warnings', 'validation-warnings');
  take(running, 'validation done, errors', 'validation-errors');
  take(running, 'updating, 2 nodes', 'upgrade-2node');
  take(running, 'updating, 4 nodes', 'upgrade-4node');
  take(running, 'updating, 8 nodes', 'upgrade-8node');
  take(running, 'updating, MetroCluster (4 nodes, 2 sites)', 'metrocluster');
  const stopped = await at(2880);
  take(stopped, 'paused by the user, 4 nodes', 'paused-by-user');
  take(stopped, 'canceled, 4 nodes', 'canceled');
  take(stopped, 'failed, 2 nodes', 'failed');
  take(stopped, 'package download failed', 'download-failed');
  const later = await at(3000);
  take(later, 'paused on error, 4 nodes', 'paused-on-error');
  take(later, 'update just completed, 8 nodes (rows kept an hour)', 'upgrade-8node');
  const done = await at(6000);
  take(done, 'update completed over an hour ago, 8 nodes, on target', 'upgrade-8node');
  take(done, 'update completed over an hour ago, 2 nodes, on target', 'upgrade-2node');
  // Every endpoint failing from now on (the last good data stays, each endpoint counts a reason).
  fleet.inject(name('idle'), { kind: 'status', status: 500 });
  const failing = await at(10);
  take(failing, 'failing: every endpoint answers 500 (idle cluster)', 'idle');

  const measured = rows;
  const docs = readFileSync('docs/metrics.md', 'utf8');
  const table = docs.slice(docs.indexOf('<!-- series-budget:start -->'), docs.indexOf('<!-- series-budget:end -->')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| cluster state'));
  expect(table, `docs/metrics.md should read:\n${measured.join('\n')}`).toEqual(measured);
  // The budget the issue set: an idle two-node cluster with a target in at most 60 series.
  expect(counts[0]).toBeLessThanOrEqual(60);
});
