// `serve`, `check-config` and `hash-password`, with Prometheus-style flags.

import { parseArgs } from 'node:util';
import { hash } from 'bcryptjs';
import { ConfigError, loadConfig } from '../config/config.js';
import { startExporter, type Loaded } from './exporter.js';
import cron from 'node-cron';
import { LOG_LEVELS, createLogger, routeProcessCrashes, routeProcessWarnings, type Logger } from '../runtime/log.js';
import { cronLogger } from '../poll/calendar.js';
import { inShard, resolveShard, type Shard } from '../config/shard.js';
import { MAX_BCRYPT_COST, WebConfigError, loadWebConfig } from '../config/web-config.js';
import { versionText } from '../runtime/build-info.js';
import type { ListenAt } from '../web/listener.js';
import { systemdSockets } from '../web/systemd.js';
import { limitHeapGrowth } from '../runtime/heap.js';

export const DEFAULT_PORT = 10123;

/** `:PORT` (every interface), `HOST:PORT` or `[IPv6]:PORT`. */
export function listenAddress(v: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`--web.listen-address: expected [HOST]:PORT, got "${v}"`);
  return { host: (m[1] as string).replace(/^\[|\]$/g, '') || '0.0.0.0', port };
}

/** --web.telemetry-path: an absolute path of its own (the status page keeps `/`, the -/ endpoints theirs). */
export function telemetryPath(v: string): string {
  if (!/^\/[\w.~/-]*$/.test(v) || v === '/' || v.startsWith('/-/')) throw new Error(`--web.telemetry-path: expected a path like /metrics (not / or /-/...), got "${v}"`);
  return v;
}

/** Like positive(), but 0 is allowed (--web.max-requests 0: no limit). */
export function atLeastZero(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number >= 0, got "${v}"`);
  return n;
}

/** The sockets to serve on: systemd's (--web.systemd-socket, which then ignores --web.listen-address), or each address given. */
export function listenAt(addresses: string[], systemd: boolean, env: NodeJS.ProcessEnv = process.env, pid = process.pid): ListenAt[] {
  if (systemd) return systemdSockets(env, pid);
  return addresses.map(listenAddress);
}

export function logger(level: string, format: string) {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`--log.level: one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  if (format !== 'json' && format !== 'logfmt') throw new Error(`--log.format: json or logfmt, got "${format}"`);
  return createLogger(level, format);
}

export function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number >= 1, got "${v}"`);
  return n;
}

export async function untilSignal(): Promise<void> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
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
  const e = err as Partial<NodeJS.ErrnoException>;
  const why = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EADDRNOTAVAIL' ? 'no such local address' : (e.message ?? String(err));
  return `cannot listen on ${address}: ${why}${e.code ? ` (${e.code})` : ''}`;
}

/** Both files, validated, the clusters cut to this exporter's shard; throws ConfigError or WebConfigError. */
function loadAll(configFile: string, webConfigFile: string | undefined, shard: Shard): Loaded {
  const cfg = loadConfig(configFile);
  return { ...cfg, clusters: inShard(cfg.clusters, shard), ...(webConfigFile ? { web: loadWebConfig(webConfigFile) } : {}) };
}

const SERVE_HELP = `flags:
  --config.file FILE            the configuration (default ontap-upgrade-exporter.yml)
  --web.config.file FILE        TLS, basic auth and headers, in the Prometheus exporter-toolkit format
  --web.listen-address [HOST]:PORT  (default :${DEFAULT_PORT}); repeat it to listen on several addresses
  --web.systemd-socket          use the sockets systemd passes (socket activation) instead of --web.listen-address
  --web.telemetry-path PATH     where the metrics are served (default /metrics)
  --web.max-requests N          scrapes served at once; more get 503 (default 40, 0: no limit)
  --web.disable-exporter-metrics  leave out process_* and nodejs_* (the exporter process's own metrics)
  --web.enable-lifecycle        allow POST /-/reload
  --web.ready-deadline SECONDS  /-/ready answers 200 after this even if a cluster was never polled (default 60)
  --log.level debug|info|warn|error   --log.format logfmt|json   --poll.concurrency N (default 64)
  --no-collector.firmware       do not read firmware (SP/BMC, shelves, disks, firmware history, automatic updates)
  --cluster.shard I|hostname    this exporter's shard, 0-based (default $ONTAP_EXPORTER_SHARD, else 0);
                                hostname: the host name's trailing -N (a StatefulSet pod's ordinal)
  --cluster.shards N            exporters sharing the configured clusters (default $ONTAP_EXPORTER_SHARDS, else 1)
  --version                     print the version and build details, and exit
`;

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      'config.file': { type: 'string', default: 'ontap-upgrade-exporter.yml' },
      'web.config.file': { type: 'string' },
      'web.listen-address': { type: 'string', multiple: true, default: [`:${DEFAULT_PORT}`] },
      'web.systemd-socket': { type: 'boolean', default: false },
      'web.telemetry-path': { type: 'string', default: '/metrics' },
      'web.max-requests': { type: 'string', default: '40' },
      'web.disable-exporter-metrics': { type: 'boolean', default: false },
      version: { type: 'boolean' },
      'web.enable-lifecycle': { type: 'boolean', default: false },
      'web.ready-deadline': { type: 'string', default: '60' },
      'log.level': { type: 'string', default: 'info' },
      'log.format': { type: 'string', default: 'logfmt' },
      'poll.concurrency': { type: 'string', default: '64' },
      'no-collector.firmware': { type: 'boolean', default: false },
      'cluster.shard': { type: 'string' },
      'cluster.shards': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(versionText('ontap-upgrade-exporter'));
    return 0;
  }
  const log = logger(values['log.level'], values['log.format']);
  // Every line the process writes goes through the logger: node-cron's and Node's own too.
  cron.setLogger(cronLogger(log));
  routeProcessWarnings(log);
  routeProcessCrashes(log);
  // Flag mistakes fail before anything is read or opened.
  const path = telemetryPath(values['web.telemetry-path']);
  const maxRequests = atLeastZero('--web.max-requests', values['web.max-requests']);
  const at = listenAt(values['web.listen-address'], values['web.systemd-socket']);
  const shard = resolveShard({ shard: values['cluster.shard'], shards: values['cluster.shards'] });
  const load = () => loadAll(values['config.file'], values['web.config.file'], shard);
  let first: Loaded;
  try {
    first = load();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof WebConfigError) {
      log.error({ err: err.message }, 'invalid configuration');
      return 1;
    }
    throw err;
  }
  for (const w of first.warnings) log.warn(w);
  if (shard.count > 1) log.info({ shard: shard.index, shards: shard.count, clusters: first.clusters.length }, 'polling this shard of the fleet');
  const { host, port } = 'fd' in (at[0] as ListenAt) ? { host: '', port: 0 } : (at[0] as { host: string; port: number });
  limitHeapGrowth();
  let exporter;
  try {
    exporter = await startExporter({
      clusters: first.clusters, ...(first.clusterFiles ? { clusterFiles: first.clusterFiles } : {}), host, port, listen: at, telemetryPath: path, maxRequests, exporterMetrics: !values['web.disable-exporter-metrics'], firmware: !values['no-collector.firmware'], log, shard, concurrency: positive('--poll.concurrency', values['poll.concurrency']),
      readyDeadlineSeconds: positive('--web.ready-deadline', values['web.ready-deadline']),
      ...(first.web ? { web: first.web } : {}), releases: first.releases, load, enableLifecycle: values['web.enable-lifecycle'],
      ...(values['web.config.file'] ? { loadWeb: () => loadWebConfig(values['web.config.file'] as string) } : {}),
    });
  } catch (err) {
    if (!isListenError(err)) throw err;
    log.error({ err: listenError(err, values['web.systemd-socket'] ? 'the systemd socket' : values['web.listen-address'].join(', ')) }, 'cannot start');
    return 1;
  }
  const running = exporter;
  // SIGHUP reloads, as for Prometheus; a bad file is logged and the running configuration kept.
  const onHup = () => { log.info('SIGHUP: reloading the configuration'); void running.reload(); };
  process.on('SIGHUP', onHup);
  await untilSignal();
  process.off('SIGHUP', onHup);
  log.info('shutting down');
  await stopWithin(log, () => running.stop());
  return 0;
}

export async function runCheckConfig(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { 'web.config.file': { type: 'string' } } });
  const file = positionals[0];
  if ((!file && !values['web.config.file']) || positionals.length > 1) {
    process.stderr.write('usage: ontap-upgrade-exporter check-config [FILE] [--web.config.file WEBFILE]\n');
    return 2;
  }
  try {
    if (file) {
      const cfg = loadConfig(file);
      for (const w of cfg.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${file}: OK, ${cfg.clusters.length} cluster(s): ${cfg.clusters.map((c) => c.name).join(', ')}\n`);
    }
    const webFile = values['web.config.file'];
    if (webFile) {
      const web = loadWebConfig(webFile);
      process.stdout.write(`${webFile}: OK, TLS ${web.tls ? `on (client certificates: ${web.tls.clientAuth})` : 'off'}, ${web.users.size} basic auth user(s)\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof WebConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** Reads a password on stdin, prints its bcrypt hash for basic_auth_users (as `htpasswd -nBC 10 "" | tr -d ':\n'` does). */
export async function runHashPassword(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { cost: { type: 'string', default: '10' } } });
  const cost = positive('--cost', values.cost);
  if (cost < 4 || cost > MAX_BCRYPT_COST) throw new Error(`--cost: between 4 and ${MAX_BCRYPT_COST} (the web config refuses a higher one), got ${cost}`);
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const password = input.replace(/\r?\n$/, '');
  if (password === '') {
    process.stderr.write('hash-password: give the password on stdin\n');
    return 2;
  }
  process.stdout.write(`${await hash(password, cost)}\n`);
  return 0;
}
