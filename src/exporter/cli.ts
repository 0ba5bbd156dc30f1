// `serve`, `check-config` and `demo`, with Prometheus-style flags.

import { parseArgs } from 'node:util';
import { DEFAULT_AUTH, fleetSetups, startFleet } from '../simulator/fleet.js';
import { parseListen } from '../simulator/cli.js';
import { ConfigError, loadConfig, type ClusterConfig } from './config.js';
import { startExporter, type Exporter } from './exporter.js';
import { LOG_LEVELS, createLogger, type LogFormat, type Logger } from './log.js';

export const DEFAULT_PORT = 10123;

const common = {
  'web.listen-address': { type: 'string', default: `:${DEFAULT_PORT}` },
  'log.level': { type: 'string', default: 'info' },
  'log.format': { type: 'string', default: 'logfmt' },
  'poll.concurrency': { type: 'string', default: '64' },
  help: { type: 'boolean', short: 'h' },
} as const;

function listenAddress(v: string): { host: string; port: number } {
  return parseListen(v.startsWith(':') ? `0.0.0.0${v}` : v);
}

function logger(level: string, format: string) {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`--log.level: one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  if (format !== 'json' && format !== 'logfmt') throw new Error(`--log.format: json or logfmt, got "${format}"`);
  return createLogger(level, format as LogFormat);
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number >= 1, got "${v}"`);
  return n;
}

async function untilSignal(): Promise<void> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** SIGHUP would kill the process by default. Until configuration reload exists, say so and carry on. */
function onSighup(log: Logger): void {
  process.on('SIGHUP', () => log.warn('SIGHUP received: configuration reload is not supported yet; ignored'));
}

/** A container runtime kills after its grace period (often 10 s): never take more than this to stop. */
const STOP_DEADLINE_MS = 4_000;

async function stopWithin(log: Logger, stop: () => Promise<void>): Promise<void> {
  const force = setTimeout(() => {
    log.warn({ after_seconds: STOP_DEADLINE_MS / 1000 }, 'shutdown is taking too long; exiting now');
    process.exit(0);
  }, STOP_DEADLINE_MS);
  force.unref();
  await stop();
  clearTimeout(force);
}

function isListenError(err: unknown): boolean {
  return (err as { syscall?: string }).syscall === 'listen';
}

function listenError(err: unknown, address: string): string {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EADDRNOTAVAIL' ? 'no such local address' : (e.message ?? String(err));
  return `cannot listen on ${address}: ${why}${e.code ? ` (${e.code})` : ''}`;
}

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...common, 'config.file': { type: 'string', default: 'ontap-upgrade-exporter.yml' }, 'web.ready-deadline': { type: 'string', default: '60' } } });
  if (values.help) {
    process.stdout.write(`flags: --config.file FILE --web.listen-address [HOST]:PORT (default :${DEFAULT_PORT}) --log.level debug|info|warn|error --log.format logfmt|json --poll.concurrency N --web.ready-deadline SECONDS\n`);
    return 0;
  }
  const log = logger(values['log.level'], values['log.format']);
  let clusters: ClusterConfig[];
  try {
    const cfg = loadConfig(values['config.file']);
    for (const w of cfg.warnings) log.warn(w);
    clusters = cfg.clusters;
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error({ err: err.message }, 'invalid configuration');
      return 1;
    }
    throw err;
  }
  const { host, port } = listenAddress(values['web.listen-address']);
  let exporter;
  try {
    exporter = await startExporter({
      clusters, host, port, log, concurrency: positive('--poll.concurrency', values['poll.concurrency']),
      readyDeadlineSeconds: positive('--web.ready-deadline', values['web.ready-deadline']),
    });
  } catch (err) {
    if (!isListenError(err)) throw err;
    log.error({ err: listenError(err, values['web.listen-address']) }, 'cannot start');
    return 1;
  }
  onSighup(log);
  await untilSignal();
  log.info('shutting down');
  await stopWithin(log, () => (exporter as Exporter).stop());
  return 0;
}

export async function runCheckConfig(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write('usage: ontap-upgrade-exporter check-config FILE\n');
    return 2;
  }
  try {
    const cfg = loadConfig(file);
    for (const w of cfg.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${file}: OK, ${cfg.clusters.length} cluster(s): ${cfg.clusters.map((c) => c.name).join(', ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** The demo fleet: one cluster per interesting situation. */
export const DEMO_SCENARIOS = [
  'idle', 'upgrade-4node', 'paused-on-error', 'validation-errors', 'download-running', 'metrocluster',
  'upgrade-8node', 'failed', 'canceled', 'paused-by-user', 'download-failed', 'many-packages', 'validation-warnings', 'upgrade-2node',
];

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: { ...common, 'web.listen-address': { type: 'string', default: `127.0.0.1:${DEFAULT_PORT}` }, speed: { type: 'string', default: '30' }, clusters: { type: 'string', default: String(DEMO_SCENARIOS.length) } },
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
  const clusters = demoClusters(fleet.clusters);
  const { host, port } = listenAddress(values['web.listen-address']);
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

export function demoClusters(sims: Array<{ name: string; url: string }>): ClusterConfig[] {
  return sims.map((c, i) => ({
    name: c.name, url: c.url, datacenter: i % 2 === 0 ? 'dc-east' : 'dc-west',
    username: DEFAULT_AUTH.user, password: DEFAULT_AUTH.password, insecureSkipVerify: false,
    interval: 10, fastInterval: 5, timeouts: { connect: 2, headers: 5, body: 5, poll: 8 }, maxResponseBytes: 16 << 20,
  }));
}
