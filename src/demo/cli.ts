// `ontap-upgrade-exporter demo`: a simulated fleet plus the exporter on it.
// The only place that wires the simulator to the exporter (the exporter never imports the simulator).

import { parseArgs } from 'node:util';
import { DEFAULT_PORT, listenAddress, logger, positive, untilSignal } from '../exporter/cli.js';
import type { ClusterConfig } from '../config/config.js';
import { startExporter } from '../exporter/exporter.js';
import { DEFAULT_AUTH, fleetSetups, startFleet } from '../simulator/fleet.js';
import { TARGET_VERSION } from '../simulator/scenarios.js';
import { systemClock } from '../runtime/clock.js';
import { limitHeapGrowth } from '../runtime/heap.js';

/** The demo fleet: one cluster per interesting situation. */
export const DEMO_SCENARIOS = [
  'idle', 'upgrade-4node', 'paused-on-error', 'validation-errors', 'download-running', 'metrocluster',
  'upgrade-8node', 'failed', 'canceled', 'paused-by-user', 'download-failed', 'many-packages', 'validation-warnings', 'upgrade-2node',
  'post-update-check-failed',
  'firmware-update-failed',
];

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      'web.listen-address': { type: 'string', default: `127.0.0.1:${DEFAULT_PORT}` },
      'log.level': { type: 'string', default: 'info' },
      'log.format': { type: 'string', default: 'logfmt' },
      'poll.concurrency': { type: 'string', default: '64' },
      help: { type: 'boolean', short: 'h' },
      speed: { type: 'string', default: '30' },
      clusters: { type: 'string', default: String(DEMO_SCENARIOS.length) },
    },
  });
  if (values.help) {
    process.stdout.write(`demo flags: --web.listen-address HOST:PORT (default 127.0.0.1:${DEFAULT_PORT}) --speed N (simulated seconds per second, default 30) --clusters N --log.level --log.format\n`);
    return 0;
  }
  const log = logger(values['log.level'], values['log.format']);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new Error(`--speed: expected a number > 0, got "${values.speed}"`);
  const count = positive('--clusters', values.clusters);
  const fleet = await startFleet({ host: '127.0.0.1', port: 0, clusters: fleetSetups(count, DEMO_SCENARIOS, 'demo'), speed, auth: DEFAULT_AUTH });
  const clusters = demoClusters(fleet.clusters, systemClock.now());
  const { host, port } = listenAddress(values['web.listen-address']);
  limitHeapGrowth();
  const exporter = await startExporter({ clusters, host, port, log, concurrency: positive('--poll.concurrency', values['poll.concurrency']), jitterSeconds: 1, readyDeadlineSeconds: 30 });
  process.stdout.write(`\nONTAP upgrade exporter demo: ${fleet.clusters.length} simulated clusters at x${speed} speed\n`);
  process.stdout.write(`  metrics:      ${exporter.url}/metrics\n  status page:  ${exporter.url}/\n  readiness:    ${exporter.url}/-/ready\n`);
  process.stdout.write(`  simulator:    ${fleet.clusters[0]?.url}/api/cluster/software (basic auth user "${DEFAULT_AUTH.user}", password in README)\n`);
  process.stdout.write('Press Ctrl-C to stop.\n\n');
  await untilSignal();
  await exporter.stop();
  await fleet.stop();
  return 0;
}

/** The end (24:00 UTC, Unix seconds) of the day `days` from the day of `nowMs`: target_deadline's meaning. */
export function demoDeadline(nowMs: number, days: number): number {
  const day = Math.floor(nowMs / 86_400_000) + days;
  return (day + 1) * 86_400;
}

/**
 * Exporter configuration for simulated clusters: the simulator's default user, datacenters alternating.
 * Campaign deadlines are relative to `nowMs` (the day the demo runs), so the demo always shows both:
 * dc-east's passed a week ago (its laggards show "missed" and alert), dc-west's is 30 days ahead.
 */
export function demoClusters(sims: Array<{ name: string; url: string }>, nowMs: number = systemClock.now()): ClusterConfig[] {
  const east = demoDeadline(nowMs, -7);
  const west = demoDeadline(nowMs, 30);
  return sims.map((c, i) => ({
    name: c.name, url: c.url, datacenter: i % 2 === 0 ? 'dc-east' : 'dc-west',
    username: DEFAULT_AUTH.user, password: DEFAULT_AUTH.password, insecureSkipVerify: false,
    interval: 10, fastInterval: 5, timeouts: { connect: 2, headers: 5, body: 5, poll: 8 }, maxResponseBytes: 16 << 20,
    // A campaign to the scenarios' target; dc-east's deadline has passed (its laggards alert), dc-west's is ahead.
    targetVersion: TARGET_VERSION, targetDeadline: i % 2 === 0 ? east : west,
  }));
}
