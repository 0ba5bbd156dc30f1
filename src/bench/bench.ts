// npm run bench: the exporter against N simulated clusters (default 1,000) in a
// separate process. Reports a full poll cycle's time, CPU per cluster-poll
// against a bare undici client doing the same GETs + JSON.parse (same run),
// /metrics render p50/p99 and size, RSS, and event-loop delay p99.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { COLLECTORS, ENDPOINTS } from '../exporter/collectors/index.js';
import { demoClusters } from '../demo/cli.js';
import { startExporter } from '../exporter/exporter.js';
import { createLogger } from '../exporter/log.js';
import { DEFAULT_AUTH } from '../simulator/fleet.js';

const { values } = parseArgs({ options: { clusters: { type: 'string', default: '1000' }, cycles: { type: 'string', default: '3' }, port: { type: 'string', default: '31000' }, out: { type: 'string', default: 'bench-results/bench.json' }, worker: { type: 'string' } } });
const N = Number(values.clusters);
const CYCLES = Number(values.cycles);
const BASE = Number(values.port);
const CONCURRENCY = 64;

async function startSimulator(): Promise<() => void> {
  const cli = fileURLToPath(new URL('../../bin/ontap-upgrade-exporter.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'simulate', '--listen', `127.0.0.1:${BASE}`, '--clusters', String(N), '--scenario', 'idle,upgrade-4node,metrocluster,many-packages', '--speed', '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; if (buf.includes('/api/cluster/software')) resolve(); });
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return () => child.kill('SIGTERM');
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number; };
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function limited<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++] as T); }));
}

const auth = `Basic ${Buffer.from(`${DEFAULT_AUTH.user}:${DEFAULT_AUTH.password}`).toString('base64')}`;
const urls = Array.from({ length: N }, (_, i) => `http://127.0.0.1:${BASE + i}`);

/** Worker: a bare undici client doing the same GETs (following next links) + JSON.parse. */
async function bareWorker(): Promise<Record<string, number>> {
  const pools = urls.map((u) => new Pool(u, { connections: 2 }));
  const cycle = async () => limited(pools, CONCURRENCY, async (pool) => {
    // What the exporter reads every poll: endpoints on a slow schedule (identity) are left out.
    await Promise.all(ENDPOINTS.filter((e) => COLLECTORS[e].due === undefined).map(async (e) => {
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
  const cpu = cpuSeconds(process.cpuUsage(cpu0)) / (CYCLES * N);
  await Promise.all(pools.map((p) => p.close()));
  return { bare_cycle_seconds: wall, bare_cpu_ms_per_cluster_poll: cpu * 1000 };
}

/** Worker: the exporter itself, in a process of its own (so its RSS is its own). */
async function exporterWorker(): Promise<Record<string, number>> {
  const log = createLogger('error', 'json');
  const clusters = demoClusters(urls.map((url, i) => ({ name: `bench-${i}`, url }))).map((c) => ({ ...c, timeouts: { connect: 5, headers: 20, body: 20, poll: 60 } }));
  const exporter = await startExporter({ clusters, host: '127.0.0.1', port: 0, log, schedule: false, concurrency: CONCURRENCY });
  await exporter.pollAll(); // warm
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cycles: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < CYCLES; k++) {
    const t0 = performance.now();
    await exporter.pollAll();
    cycles.push((performance.now() - t0) / 1000);
  }
  const cpu = cpuSeconds(process.cpuUsage(cpu0)) / (CYCLES * N);
  loop.disable();
  const rssAfterPolling = process.memoryUsage().rss / 2 ** 20;
  // Render time as /metrics spends it, and the whole HTTP round trip (which includes this process reading 10+ MB).
  const renders: number[] = [];
  const trips: number[] = [];
  let size = 0;
  for (let k = 0; k < 30; k++) {
    let t0 = performance.now();
    const { parts } = await exporter.store.render(false);
    renders.push(performance.now() - t0);
    size = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    t0 = performance.now();
    await (await fetch(`${exporter.url}/metrics`)).arrayBuffer();
    trips.push(performance.now() - t0);
  }
  const body = (await exporter.store.render(false)).parts.join('');
  const up = body.match(/^ontap_up\{.*\} 1$/gm)?.length ?? 0;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await exporter.stop();
  return {
    clusters_up: up, full_cycle_seconds_median: pct(cycles, 50), exporter_cpu_ms_per_cluster_poll: cpu * 1000,
    metrics_render_ms_p50: pct(renders, 50), metrics_render_ms_p99: pct(renders, 99),
    metrics_http_ms_p50: pct(trips, 50), metrics_http_ms_p99: pct(trips, 99), metrics_bytes: size,
    rss_mb: rssAfterPolling, rss_after_serving_mb: rssMb, event_loop_delay_ms_p99: loop.percentile(99) / 1e6,
  };
}

function runWorker(kind: string): Promise<Record<string, number>> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [self, '--worker', kind, '--clusters', String(N), '--cycles', String(CYCLES), '--port', String(BASE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`${kind} worker exited ${code}`)))));
}

async function main(): Promise<void> {
  if (values.worker) {
    const r = values.worker === 'bare' ? await bareWorker() : await exporterWorker();
    process.stdout.write(JSON.stringify(r));
    return;
  }
  const stop = await startSimulator();
  try {
    const bare = await runWorker('bare');
    const exp = await runWorker('exporter');
    const result = { clusters: N, cycles: CYCLES, concurrency: CONCURRENCY, ...bare, ...exp, cpu_ratio: (exp.exporter_cpu_ms_per_cluster_poll as number) / (bare.bare_cpu_ms_per_cluster_poll as number) } as Record<string, number>;
    const targets: Array<[string, number, number]> = [
      ['full cycle (s)', result.full_cycle_seconds_median as number, 10], ['CPU ratio exporter/bare', result.cpu_ratio as number, 1.5],
      ['/metrics render p50 (ms)', result.metrics_render_ms_p50 as number, 100], ['RSS (MB)', result.rss_mb as number, 200], ['event-loop delay p99 (ms)', result.event_loop_delay_ms_p99 as number, 50],
    ];
    console.log(`\n${N} clusters (${result.clusters_up} up), ${CYCLES} cycles, concurrency ${CONCURRENCY}\n`);
    console.log('| measure | value | target | met |\n|---|---|---|---|');
    for (const [k, v, t] of targets) console.log(`| ${k} | ${v.toFixed(2)} | <= ${t} | ${v <= t ? 'yes' : 'NO'} |`);
    console.log(`| /metrics render p99 (ms) | ${(result.metrics_render_ms_p99 as number).toFixed(1)} | | |`);
    console.log(`| /metrics HTTP round trip p50 / p99 (ms) | ${(result.metrics_http_ms_p50 as number).toFixed(1)} / ${(result.metrics_http_ms_p99 as number).toFixed(1)} | | |`);
    console.log(`| RSS after 60 renders of /metrics (MB) | ${(result.rss_after_serving_mb as number).toFixed(0)} | | |`);
    console.log(`| /metrics size (KiB) | ${((result.metrics_bytes as number) / 1024).toFixed(0)} | | |`);
    console.log(`| CPU per cluster-poll (ms) | exporter ${(result.exporter_cpu_ms_per_cluster_poll as number).toFixed(3)}, bare ${(result.bare_cpu_ms_per_cluster_poll as number).toFixed(3)} | | |`);
    console.log(`| bare client cycle (s) | ${(result.bare_cycle_seconds as number).toFixed(2)} | | |`);
    mkdirSync(values.out.replace(/\/[^/]+$/, ''), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten to ${values.out}`);
  } finally {
    stop();
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
