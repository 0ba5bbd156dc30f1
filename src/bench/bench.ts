// npm run bench: the exporter against simulated fleets (default 1,000, 5,000 and 10,000 mixed
// clusters, and 1,000 idle ones), each run in fresh processes. Per run: a full poll cycle's time,
// CPU per cluster-poll against a bare undici client doing the same GETs + JSON.parse (same
// simulator), RSS after polling and after 60 scrapes from another process, /metrics size plain and
// gzipped, render and HTTP round-trip p50/p99, and event-loop delay p99 while polling and while
// scraping. Prints one scaling table with the machine's load, and writes JSON.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { Client } from 'undici';
import { COLLECTORS } from '../collectors/index.js';
import { ENDPOINTS } from '../core/endpoints.js';
import { everyPoll } from '../poll/due.js';
import { startExporter } from '../exporter/exporter.js';
import { createLogger } from '../runtime/log.js';
import type { ClusterConfig } from '../config/config.js';
import { limitHeapGrowth } from '../runtime/heap.js';

/** The flags, or one line naming what is wrong (no stack trace for a typo). */
function flags() {
  try {
    return parseArgs({
  options: {
    // N clusters of the mixed fleet, or N:scenario+scenario.
    clusters: { type: 'string', default: '1000,5000,10000,1000:idle' }, cycles: { type: 'string', default: '3' }, scrapes: { type: 'string', default: '60' }, 'scrape-encoding': { type: 'string', default: 'gzip' },
    // Below Linux's ephemeral range (32768+), so no outgoing connection takes a simulated cluster's port.
    port: { type: 'string', default: '20000' }, out: { type: 'string', default: 'bench-results/bench.json' }, worker: { type: 'string' },
    // --profile DIR: the exporter worker writes there a CPU profile of the measured cycles, a sampling heap profile and a heap snapshot.
    profile: { type: 'string' },
    // auto (the exporter decides by the open-files limit), on or off: connections kept between polls.
    'keep-connections': { type: 'string', default: 'auto' },
    // N mixed clusters measured with and without the firmware collector, back to back on the same simulators (0: not).
    'firmware-cost': { type: 'string', default: '1000' },
    // Worker only: the exporter with --no-collector.firmware.
    'no-firmware': { type: 'boolean', default: false },
    // Worker only: the exporter's clusters, as the parent wrote them.
    'clusters-file': { type: 'string' },
  },
});
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
const { values } = flags();
/** Half of it updating at any time: harder than a real fleet, where most clusters are idle. */
const MIXED = 'idle,upgrade-4node,metrocluster,many-packages';
const RUNS = values.clusters.split(',').map((spec) => {
  const [n, scenarios] = spec.split(':');
  return { n: Number(n), scenarios: scenarios?.split('+').join(',') ?? MIXED };
});
const CYCLES = Number(values.cycles);
const SCRAPES = Number(values.scrapes);
const BASE = Number(values.port);
const CONCURRENCY = 64;
/** The simulator's per-process cap; larger fleets run in several simulator processes (and stay under the fd limit). */
const PER_SIMULATOR = 5000;

async function startSimulators(n: number, scenarios: string): Promise<() => void> {
  const cli = fileURLToPath(new URL('../../bin/ontap-upgrade-exporter.js', import.meta.url));
  const sims: ChildProcess[] = [];
  for (let from = 0; from < n; from += PER_SIMULATOR) {
    const count = Math.min(PER_SIMULATOR, n - from);
    const child = track(spawn(process.execPath, [cli, 'simulate', '--listen', `127.0.0.1:${BASE + from}`, '--clusters', String(count), '--scenario', scenarios, '--speed', '10'], { stdio: ['ignore', 'pipe', 'inherit'] }));
    sims.push(child);
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout?.on('data', (d) => { buf += d; if (buf.includes('/api/cluster/software')) resolve(); });
      child.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
    });
  }
  return () => { for (const c of sims) c.kill('SIGTERM'); };
}

/** Every child this process started (simulators, workers, the scrape loop): killed on any exit, so none outlives the bench. */
const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
// 'exit' runs on a normal end, process.exit() and an uncaught error; a signal gets its own handler (its default kills without 'exit').
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number; };
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const loopP99 = (h: IntervalHistogram) => h.percentile(99) / 1e6;

async function limited<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++] as T); }));
}

/**
 * The simulator's and the demo's modules are loaded only where they are used (the parent, the bare
 * client): the exporter's worker loads what `serve` loads, so its RSS is the exporter's (the
 * simulator's modules alone are about 8 MB of it). It reads its clusters from a file the parent writes.
 */
const simulatorAuth = async () => (await import('../simulator/fleet.js')).DEFAULT_AUTH;
const basicAuth = (a: { user: string; password: string }) => `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;
const urlsFor = (n: number) => Array.from({ length: n }, (_, i) => `http://127.0.0.1:${BASE + i}`);

/** Worker: a bare undici client doing the same GETs (following next links) + JSON.parse. */
async function bareWorker(n: number): Promise<Record<string, number>> {
  const auth = basicAuth(await simulatorAuth());
  const pools = urlsFor(n).map((u) => new Client(u, { pipelining: 1, keepAliveTimeout: 4_000 })); // as the exporter: one connection per cluster
  const cycle = async () => limited(pools, CONCURRENCY, async (pool) => {
    // What the exporter reads every poll: endpoints on a slow schedule (identity) are left out.
    await Promise.all(ENDPOINTS.filter(everyPoll).map(async (e) => {
      const c = COLLECTORS[e];
      let path: string | undefined = `${c.path}?${new URLSearchParams(c.query)}`;
      while (path) {
        const r = await pool.request({ method: 'GET', path, headers: { authorization: auth, accept: 'application/json' } });
        const body = JSON.parse(await r.body.text()) as { _links?: { next?: { href?: string } } };
        path = c.paginated ? body._links?.next?.href : undefined;
      }
    }));
  });
  await cycle(); // warm: connections, JIT
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < CYCLES; k++) await cycle();
  const wall = (performance.now() - t0) / 1000 / CYCLES;
  const cpu = cpuSeconds(process.cpuUsage(cpu0)) / (CYCLES * n);
  await Promise.all(pools.map((p) => p.close()));
  return { bare_cycle_seconds: wall, bare_cpu_ms_per_cluster_poll: cpu * 1000 };
}

/**
 * SCRAPES scrapes one after another as Prometheus makes them (accept-encoding: gzip), from one other
 * process (curl in a shell loop), so neither reading the body nor starting a scraper costs this
 * process anything: each one's time and bytes on the wire.
 */
async function scrapeAll(url: string, count: number): Promise<Array<{ ms: number; wire: number; gzipped: boolean }>> {
  const loop = `for i in $(seq ${count}); do curl -s -o /dev/null -H 'accept-encoding: ${values['scrape-encoding']}' -w '%{time_total} %{size_download} %header{content-encoding}\\n' '${url}/metrics'; done`;
  const child = track(spawn('sh', ['-c', loop], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  await new Promise((resolve) => child.on('exit', resolve));
  return out.trim().split('\n').map((line) => {
    const [seconds, bytes, encoding] = line.trim().split(' ');
    return { ms: Number(seconds) * 1000, wire: Number(bytes), gzipped: encoding === 'gzip' };
  });
}

const FAILING = 'bench-failing';

/**
 * Series per cluster from /metrics (every `ontap_*` series with the cluster's label), the median
 * per scenario: idle, updating (upgrade-4node) and the failing cluster; and the mean over all.
 * Cluster i runs scenarios[i % scenarios.length], as the simulator assigns them.
 */
function seriesPerCluster(text: string, scenarios: string[]): Record<string, number> {
  const count = new Map<string, number>();
  for (const m of text.matchAll(/^ontap_\w+\{cluster="([^"]+)"/gm)) count.set(m[1] as string, (count.get(m[1] as string) ?? 0) + 1);
  const byScenario = new Map<string, number[]>();
  for (const [name, n] of count) {
    const i = Number(name.slice('bench-'.length));
    if (!Number.isInteger(i)) continue;
    const s = scenarios[i % scenarios.length] as string;
    byScenario.set(s, [...(byScenario.get(s) ?? []), n]);
  }
  const median = (xs: number[] | undefined) => (xs && xs.length > 0 ? pct(xs, 50) : NaN);
  const all = [...count.values()];
  return {
    series_idle: median(byScenario.get('idle')), series_updating: median(byScenario.get('upgrade-4node')), series_failing: count.get(FAILING) ?? NaN,
    series_mean: all.reduce((a, b) => a + b, 0) / all.length,
  };
}

/** A CPU profile of what follows (the measured cycles only: not start-up, warm-up or the heap snapshot); the returned function writes it. */
async function startProfiler(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Worker: the exporter itself, in a process of its own (so its RSS is its own). */
async function exporterWorker(n: number): Promise<Record<string, number>> {
  const log = createLogger('error', 'json');
  const clusters = JSON.parse(readFileSync(values['clusters-file'] as string, 'utf8')) as ClusterConfig[];
  const keep = values['keep-connections'];
  limitHeapGrowth();
  const exporter = await startExporter({ clusters, host: '127.0.0.1', port: 0, log, schedule: false, concurrency: CONCURRENCY, ...(keep === 'auto' ? {} : { keepConnections: keep === 'on' }), ...(values['no-firmware'] ? { firmware: false } : {}) });
  await exporter.pollAll(); // warm
  // Once more: endpoints on a slow schedule that wait for the release (firmware, every 30 minutes) are read
  // here, so the cycles measured are the steady state every poll pays (the bare client skips them too).
  const warm = process.cpuUsage();
  await exporter.pollAll();
  const firmwareCycleCpu = cpuSeconds(process.cpuUsage(warm)) / n;
  const pollLoop = monitorEventLoopDelay({ resolution: 5 });
  pollLoop.enable();
  const cycles: number[] = [];
  const profiler = values.profile ? await startProfiler() : undefined;
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < CYCLES; k++) {
    const t0 = performance.now();
    await exporter.pollAll();
    cycles.push((performance.now() - t0) / 1000);
  }
  const cpu = cpuSeconds(process.cpuUsage(cpu0)) / (CYCLES * n);
  pollLoop.disable();
  if (profiler && values.profile) await profiler(`${values.profile}/cycles.cpuprofile`);
  const rssAfterPolling = rssMb();
  const mem = process.memoryUsage();
  // --profile DIR: also a heap snapshot here, what polling keeps (shallow sizes by constructor tell where RSS goes).
  if (values.profile) writeHeapSnapshot(`${values.profile}/after-polling.heapsnapshot`);

  // SCRAPES scrapes over HTTP from another process, the event loop watched; then RSS.
  const scrapeLoop = monitorEventLoopDelay({ resolution: 5 });
  scrapeLoop.enable();
  const scrapes = await scrapeAll(exporter.url, SCRAPES);
  const trips = scrapes.map((x) => x.ms);
  const served = scrapes.at(-1) ?? { wire: 0, gzipped: false };
  scrapeLoop.disable();
  const rssAfterScrapes = rssMb();
  // Render time as /metrics spends it (making every part, no HTTP), and the size plain and gzipped.
  const renders: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    for (const _part of (await exporter.store.render(false)).parts);
    renders.push(performance.now() - t0);
  }
  const body = Buffer.from([...(await exporter.store.render(false)).parts].join(''));
  const plain = body.length;
  const gzip = gzipSync(body).length;
  const up = body.toString('latin1').match(/^ontap_up\{.*\} 1$/gm)?.length ?? 0;
  const series = seriesPerCluster(body.toString('latin1'), (RUNS[0]?.scenarios ?? MIXED).split(','));
  if (up < n) {
    // Why clusters are down, on stderr: failed polls by endpoint and reason.
    const reasons = new Map<string, number>();
    for (const m of body.toString('latin1').matchAll(/^ontap_scrape_errors_total\{cluster="bench-\d+".*endpoint="(\w+)",reason="(\w+)"\} (\d+)$/gm)) reasons.set(`${m[1]}/${m[2]}`, (reasons.get(`${m[1]}/${m[2]}`) ?? 0) + Number(m[3]));
    process.stderr.write(`bench: ${n - up} of ${n} clusters down; failed polls by endpoint/reason: ${JSON.stringify(Object.fromEntries(reasons))}\n`);
    const messages = new Map<string, number>();
    for (const t of exporter.targets) {
      const e = t.snapshot.endpoints.software.lastError;
      if (e && !t.snapshot.endpoints.software.success) messages.set(e.message.slice(0, 80), (messages.get(e.message.slice(0, 80)) ?? 0) + 1);
    }
    process.stderr.write(`bench: last software errors: ${JSON.stringify(Object.fromEntries(messages))}\n`);
  }
  await exporter.stop();
  return {
    clusters_up: up, full_cycle_seconds_median: pct(cycles, 50), exporter_cpu_ms_per_cluster_poll: cpu * 1000,
    metrics_render_ms_p50: pct(renders, 50), metrics_render_ms_p99: pct(renders, 99),
    metrics_http_ms_p50: pct(trips, 50), metrics_http_ms_p99: pct(trips, 99),
    metrics_bytes: plain, metrics_gzip_bytes: served.gzipped ? served.wire : gzip, server_gzips: served.gzipped ? 1 : 0,
    rss_after_polling_mb: rssAfterPolling, rss_after_scrapes_mb: rssAfterScrapes, firmware_cycle_cpu_ms_per_cluster: firmwareCycleCpu * 1000,
    ...series, heap_used_mb: mem.heapUsed / 2 ** 20, heap_total_mb: mem.heapTotal / 2 ** 20, external_mb: mem.external / 2 ** 20,
    event_loop_p99_polling_ms: loopP99(pollLoop), event_loop_p99_scraping_ms: loopP99(scrapeLoop),
  };
}

/** The exporter worker's clusters, in a file: the demo's configuration on the simulated ports, and one that refuses connections. */
async function clustersFile(n: number): Promise<{ file: string; remove: () => void }> {
  const { demoClusters } = await import('../demo/cli.js');
  // One more cluster that refuses connections (port 1): what a failing cluster costs in series.
  const sims = urlsFor(n).map((url, i) => ({ name: `bench-${i}`, url })).concat({ name: FAILING, url: 'http://127.0.0.1:1' });
  const clusters = demoClusters(sims).map((c) => ({ ...c, timeouts: { connect: 5, headers: 20, body: 20, poll: 60 } }));
  const dir = mkdtempSync(join(tmpdir(), 'ontap-bench-'));
  const file = join(dir, 'clusters.json');
  writeFileSync(file, JSON.stringify(clusters), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function runWorker(kind: string, n: number, scenarios: string, extra: string[] = []): Promise<Record<string, number>> {
  if (kind !== 'exporter') return spawnWorker(kind, n, scenarios, extra);
  const { file, remove } = await clustersFile(n);
  try {
    return await spawnWorker(kind, n, scenarios, [...extra, '--clusters-file', file]);
  } finally {
    remove();
  }
}

function spawnWorker(kind: string, n: number, scenarios: string, extra: string[]): Promise<Record<string, number>> {
  const self = fileURLToPath(import.meta.url);
  if (values.profile) mkdirSync(values.profile, { recursive: true });
  const prof = values.profile && kind === 'exporter' ? ['--heap-prof', `--heap-prof-dir=${values.profile}`] : [];
  const child = track(spawn(process.execPath, [...prof, self, '--worker', kind, '--clusters', `${n}:${scenarios.split(',').join('+')}`, '--cycles', String(CYCLES), '--scrapes', String(SCRAPES), '--scrape-encoding', values['scrape-encoding'], '--port', String(BASE), '--keep-connections', values['keep-connections'], ...(values.profile ? ['--profile', values.profile] : []), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`${kind} worker exited ${code}`)))));
}

async function measure(n: number, scenarios: string): Promise<Record<string, number>> {
  const stop = await startSimulators(n, scenarios);
  try {
    const load = loadavg()[0] as number;
    const bare = await runWorker('bare', n, scenarios);
    const exp = await runWorker('exporter', n, scenarios);
    return { clusters: n, load_1m_before: load, ...bare, ...exp, cpu_ratio: (exp.exporter_cpu_ms_per_cluster_poll as number) / (bare.bare_cpu_ms_per_cluster_poll as number) };
  } finally {
    stop();
  }
}

/**
 * The firmware collector's cost: the same fleet and simulators, the exporter with it and without
 * (--no-collector.firmware), back to back. Firmware is read every 30 minutes (5 while an update
 * moves), so a poll cycle pays nothing for it; the cycle that reads it and what its data keeps are
 * the cost.
 */
async function firmwareCost(n: number): Promise<{ on: Record<string, number>; off: Record<string, number> }> {
  const stop = await startSimulators(n, MIXED);
  try {
    const bare = await runWorker('bare', n, MIXED);
    const on = await runWorker('exporter', n, MIXED);
    const off = await runWorker('exporter', n, MIXED, ['--no-firmware']);
    const ratio = (x: Record<string, number>) => (x.exporter_cpu_ms_per_cluster_poll as number) / (bare.bare_cpu_ms_per_cluster_poll as number);
    return { on: { ...bare, ...on, cpu_ratio: ratio(on) }, off: { ...bare, ...off, cpu_ratio: ratio(off) } };
  } finally {
    stop();
  }
}

function firmwareTable(n: number, pair: { on: Record<string, number>; off: Record<string, number> }): string {
  const withMb = (x: Record<string, number>): Record<string, number> => ({ ...x, metrics_mb: (x.metrics_bytes as number) / 2 ** 20 });
  const on = withMb(pair.on);
  const off = withMb(pair.off);
  const r = (label: string, key: string, d: number, perCluster: (delta: number) => string = () => '') => {
    const a = on[key] as number;
    const b = off[key] as number;
    const extra = perCluster(a - b);
    return `| ${label} | ${f(a, d)} | ${f(b, d)} | ${a >= b ? '+' : ''}${f((a / b - 1) * 100, 0)}%${extra ? `, ${extra}` : ''} |`;
  };
  const kb = (mbDelta: number) => `${f((mbDelta * 1024) / n, 1)} KB per cluster`;
  return [
    `Firmware's cost at ${n.toLocaleString('en-US')} mixed clusters (the exporter with it, and with --no-collector.firmware, on the same simulators):`,
    '',
    '| measure | with firmware | without | difference |',
    '|---|---|---|---|',
    r('CPU per cluster-poll, steady cycles (ms)', 'exporter_cpu_ms_per_cluster_poll', 3),
    r('CPU ratio exporter / bare client', 'cpu_ratio', 2),
    r('CPU per cluster, the cycle that reads firmware (ms)', 'firmware_cycle_cpu_ms_per_cluster', 3, (d) => `${f(d, 3)} ms per cluster per firmware read`),
    r('RSS after polling (MB)', 'rss_after_polling_mb', 0, kb),
    r('V8 heap used after polling (MB)', 'heap_used_mb', 0, kb),
    r('/metrics plain (MB)', 'metrics_mb', 2, (d) => `${f((d * 2 ** 20) / n, 0)} bytes per cluster`),
    r('series per idle cluster', 'series_idle', 0, (d) => `${f(d, 0)} series`),
    r('series per cluster (mean)', 'series_mean', 0, (d) => `${f(d, 0)} series`),
  ].join('\n');
}

const f = (v: number | undefined, d = 1) => (v ?? NaN).toFixed(d);
const mb = (bytes: number | undefined) => `${((bytes ?? NaN) / 2 ** 20).toFixed(1)} MB`;

/** The scaling table as Markdown: one column per run, targets beside. */
function table(runs: Array<{ label: string; m: Record<string, number> }>): string {
  const rows = runs.map((x) => x.m);
  const r = (label: string, target: string, cell: (x: Record<string, number>) => string) => `| ${label} | ${rows.map(cell).join(' | ')} | ${target} |`;
  return [
    `| measure | ${runs.map((x) => x.label).join(' | ')} | target |`,
    `|---|${rows.map(() => '---|').join('')}---|`,
    r('clusters up', '', (x) => String(x.clusters_up)),
    r('full poll cycle (s)', '<= 10 at 10,000', (x) => f(x.full_cycle_seconds_median, 2)),
    r('CPU per cluster-poll (ms), exporter / bare client', '', (x) => `${f(x.exporter_cpu_ms_per_cluster_poll, 3)} / ${f(x.bare_cpu_ms_per_cluster_poll, 3)}`),
    r('CPU ratio exporter / bare client', '<= 1.5 at 1,000', (x) => f(x.cpu_ratio, 2)),
    r('RSS after polling (MB)', '<= 180 at 1,000; <= 1,024 at 10,000', (x) => f(x.rss_after_polling_mb, 0)),
    r(`RSS after ${SCRAPES} scrapes (MB)`, 'within 5% of after polling', (x) => `${f(x.rss_after_scrapes_mb, 0)} (${f((((x.rss_after_scrapes_mb as number) / (x.rss_after_polling_mb as number)) - 1) * 100, 0)}%)`),
    r('series per cluster: idle / updating (4 nodes) / failing (mean)', '<= 60 idle', (x) => `${f(x.series_idle, 0)} / ${f(x.series_updating, 0)} / ${f(x.series_failing, 0)} (${f(x.series_mean, 0)})`),
    r('V8 heap used / total after polling (MB)', '', (x) => `${f(x.heap_used_mb, 0)} / ${f(x.heap_total_mb, 0)}`),
    r('/metrics size, plain / gzip', '', (x) => `${mb(x.metrics_bytes)} / ${mb(x.metrics_gzip_bytes)}${x.server_gzips ? '' : ' (zlib)'}`),
    r('/metrics render p50 / p99 (ms)', '', (x) => `${f(x.metrics_render_ms_p50)} / ${f(x.metrics_render_ms_p99)}`),
    r('/metrics HTTP round trip p50 / p99 (ms)', '', (x) => `${f(x.metrics_http_ms_p50)} / ${f(x.metrics_http_ms_p99)}`),
    r('event-loop delay p99, polling / scraping (ms)', '<= 100 at 10,000', (x) => `${f(x.event_loop_p99_polling_ms)} / ${f(x.event_loop_p99_scraping_ms)}`),
    r('bare client cycle (s)', '', (x) => f(x.bare_cycle_seconds, 2)),
    r('machine load (1-min average) at start', '', (x) => f(x.load_1m_before, 2)),
  ].join('\n');
}

async function main(): Promise<void> {
  if (values.worker) {
    const n = RUNS[0]?.n as number;
    const r = values.worker === 'bare' ? await bareWorker(n) : await exporterWorker(n);
    process.stdout.write(JSON.stringify(r));
    return;
  }
  const rows: Array<{ label: string; scenarios: string; m: Record<string, number> }> = [];
  for (const { n, scenarios } of RUNS) {
    const label = `${n.toLocaleString('en-US')} ${scenarios === MIXED ? 'mixed' : scenarios}`;
    process.stderr.write(`bench: ${label}...\n`);
    rows.push({ label, scenarios, m: await measure(n, scenarios) });
  }
  const machine = `${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`;
  console.log(`\n${CYCLES} cycles per run, concurrency ${CONCURRENCY}, ${SCRAPES} scrapes; mixed = ${MIXED} (half the fleet updating); ${machine}\n`);
  console.log(table(rows));
  const pairAt = Number(values['firmware-cost']);
  let firmware: { on: Record<string, number>; off: Record<string, number> } | undefined;
  if (pairAt > 0) {
    process.stderr.write(`bench: firmware's cost at ${pairAt.toLocaleString('en-US')} mixed...\n`);
    firmware = await firmwareCost(pairAt);
    console.log(`\n${firmwareTable(pairAt, firmware)}`);
  }
  mkdirSync(values.out.replace(/\/[^/]+$/, ''), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ machine, cycles: CYCLES, concurrency: CONCURRENCY, scrapes: SCRAPES, rows, ...(firmware ? { firmware_cost: { clusters: pairAt, ...firmware } } : {}) }, null, 2)}\n`);
  console.log(`\nwritten to ${values.out}`);
}

// Exit on a failure: a worker's exporter and simulators would otherwise keep the process (and its ports) alive.
if (process.argv[1] === fileURLToPath(import.meta.url)) main().catch((err: unknown) => { console.error(err); process.exit(1); });
