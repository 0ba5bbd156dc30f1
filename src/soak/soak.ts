// npm run soak: the exporter (the real `serve` command, in its own process) polls
// a churning simulated fleet for a set time while a scraper reads /metrics and the
// status page every second. Churn: every few seconds a random fault (5xx, 429 and
// 503 are answered by the simulator's status fault, resets, stalls, truncated or
// malformed JSON, missing fields, unknown enums) or an update action (start, pause,
// resume, cancel, validate) hits a random cluster; every `--generation` the whole
// fleet restarts on the same ports with the scenarios rotated, so node counts,
// versions and states change and the exporter sees every cluster go away and come
// back. Prints series count and the exporter's RSS over time, then compares the
// first window after warm-up with the last: exit 1 if either grew more than 5%.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../config/duration.js';
import type { FaultSpec } from '../simulator/faults.js';
import { DEFAULT_AUTH, fleetSetups, startFleet, type Fleet } from '../simulator/fleet.js';
import type { ScriptAction } from '../simulator/scenarios.js';

const USAGE = `npm run soak -- [--duration 30m] [--clusters 28] [--generation 5m] [--warmup 5m] [--report 30s] [--speed 60] [--max-growth 5]`;
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30m' }, clusters: { type: 'string', default: '28' }, generation: { type: 'string', default: '5m' },
    warmup: { type: 'string' }, report: { type: 'string', default: '30s' }, speed: { type: 'string', default: '60' },
    'max-growth': { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const seconds = (flag: string, v: string): number => {
  const d = parseDuration(v);
  if (d === undefined) throw new Error(`--${flag}: not a duration: ${v}`);
  return d;
};
const DURATION = seconds('duration', values.duration);
const GENERATION = seconds('generation', values.generation);
const WARMUP = values.warmup ? seconds('warmup', values.warmup) : Math.min(300, DURATION / 5);
const REPORT = seconds('report', values.report);
const N = Number(values.clusters);
const SPEED = Number(values.speed);
const MAX_GROWTH = Number(values['max-growth']);

// Seven scenarios with 2, 4 and 8 nodes, MetroCluster, a failure and a pause: rotating them
// across generations changes every cluster's nodes and states, while a multiple of seven
// clusters keeps the fleet's mix (and so its expected series count) the same.
const ROTATION = ['upgrade-2node', 'upgrade-4node', 'upgrade-8node', 'metrocluster', 'paused-on-error', 'idle', 'many-packages'];
const FAULTS: FaultSpec[] = [
  { kind: 'status', status: 500 }, { kind: 'status', status: 503, endpoint: 'software' }, { kind: 'status', status: 429 },
  { kind: 'status', status: 401 }, { kind: 'reset' }, { kind: 'unreachable', endpoint: 'history' }, { kind: 'latency', latencyMs: 6000 },
  { kind: 'truncate', endpoint: 'packages' }, { kind: 'malformed' }, { kind: 'missing-fields', endpoint: 'software' },
  { kind: 'unknown-enum' }, { kind: 'unknown-fields' },
];
const ACTIONS: ScriptAction[] = [
  { action: 'update', version: '9.15.1', skip_warnings: true }, { action: 'pause' }, { action: 'resume' }, { action: 'cancel' },
  { action: 'validate', version: '9.15.1' },
];
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A fleet on ports base..base+N-1; a new base if one of them is taken. */
async function fleetAt(base: number, generation: number): Promise<Fleet> {
  const scenarios = ROTATION.map((_s, i) => ROTATION[(i + generation) % ROTATION.length] as string);
  return startFleet({ host: '127.0.0.1', port: base, clusters: fleetSetups(N, scenarios, 'soak'), speed: SPEED, auth: DEFAULT_AUTH, logLimit: 1000 });
}

async function firstFleet(): Promise<{ fleet: Fleet; base: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      return { fleet: await fleetAt(base, 0), base };
    } catch { /* a port in the range is taken: try another range */ }
  }
  throw new Error('no free port range for the simulated fleet');
}

function startExporter(dir: string, urls: string[], port: number): ChildProcess {
  writeFileSync(join(dir, 'password'), `${DEFAULT_AUTH.password}\n`, { mode: 0o600 });
  const yaml = [
    'defaults:',
    `  username: ${DEFAULT_AUTH.user}`,
    `  password_file: ${join(dir, 'password')}`,
    '  interval: 5s',
    '  fast_interval: 2s',
    '  timeouts: { connect: 1s, headers: 2s, body: 2s, poll: 4s }',
    'clusters:',
    ...urls.map((u, i) => `  - { name: soak-${String(i + 1).padStart(3, '0')}, url: "${u}", datacenter: dc-${i % 3} }`),
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), `${yaml}\n`);
  const cli = fileURLToPath(new URL('../../bin/ontap-upgrade-exporter.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'serve', '--config.file', join(dir, 'config.yml'), '--web.listen-address', `127.0.0.1:${port}`, '--log.level', 'warn', '--poll.concurrency', '8'], { stdio: ['ignore', 'ignore', 'pipe'] });
  // Read and drop its logs (a reader that keeps up, as a log shipper would).
  child.stderr.resume();
  return child;
}

interface Point { t: number; ontapSeries: number; allSeries: number; rssBytes: number; heapBytes: number; families: Map<string, number> }

function measure(text: string): Omit<Point, 't'> {
  let ontapSeries = 0;
  let allSeries = 0;
  let rssBytes = NaN;
  let heapBytes = NaN;
  const families = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    allSeries += 1;
    const name = /^[\w:]+/.exec(line)?.[0] ?? '';
    families.set(name, (families.get(name) ?? 0) + 1);
    if (line.startsWith('ontap_') && !line.startsWith('ontap_exporter_')) ontapSeries += 1;
    if (line.startsWith('process_resident_memory_bytes ')) rssBytes = Number(line.split(' ')[1]);
    if (line.startsWith('nodejs_heap_size_used_bytes ')) heapBytes = Number(line.split(' ')[1]);
  }
  return { ontapSeries, allSeries, rssBytes, heapBytes, families };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const mb = (b: number) => (b / 1048576).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  if (!(N >= 1) || !(SPEED > 0) || WARMUP >= DURATION) throw new Error(`bad flags\n${USAGE}`);
  const dir = mkdtempSync(join(tmpdir(), 'ontap-soak-'));
  let { fleet, base } = await firstFleet();
  const port = await freePort();
  const exporter = startExporter(dir, fleet.clusters.map((c) => c.url), port);
  let exited: number | null | undefined;
  exporter.on('exit', (code) => { exited = code; });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { exporter.kill('SIGTERM'); process.exit(130); });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  process.stdout.write(`soak: ${N} clusters, ${DURATION}s, generation ${GENERATION}s, warm-up ${WARMUP}s, simulator x${SPEED}; exporter pid ${exporter.pid} at ${url}\n`);
  process.stdout.write('elapsed_s  generation  ontap_series  all_series  rss_mb  heap_mb  scrapes  scrape_errors  faults  actions\n');

  let generation = 0;
  let restarting = false;
  const counts = { scrapes: 0, scrapeErrors: 0, faults: 0, actions: 0 };
  const points: Point[] = [];
  let last: Omit<Point, 't'> | undefined;
  const churn = setInterval(() => {
    if (restarting) return;
    const name = pick(fleet.clusters).name;
    try {
      if (Math.random() < 0.5) {
        fleet.inject(name, { ...pick(FAULTS), forSeconds: 30 + Math.random() * 300 });
        counts.faults += 1;
      } else {
        fleet.act(name, pick(ACTIONS));
        counts.actions += 1;
      }
    } catch { /* ONTAP refuses an action in the wrong state: that is churn too */ }
  }, 1000);
  const regenerate = setInterval(() => {
    restarting = true;
    generation += 1;
    const old = fleet;
    void old.stop().then(() => fleetAt(base, generation)).then((f) => { fleet = f; }, (err: unknown) => {
      process.stderr.write(`soak: restarting the fleet failed: ${(err as Error).message}\n`);
    }).finally(() => { restarting = false; });
  }, GENERATION * 1000);

  try {
    let nextReport = REPORT;
    while (elapsed() < DURATION && exited === undefined) {
      try {
        const r = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
        const text = await r.text();
        if (r.ok) last = measure(text);
        counts.scrapes += 1;
        if (counts.scrapes % 10 === 0) await (await fetch(`${url}/`, { signal: AbortSignal.timeout(5000) })).text();
      } catch {
        counts.scrapeErrors += 1;
      }
      if (last && elapsed() >= nextReport) {
        nextReport += REPORT;
        const p = { t: elapsed(), ...last };
        points.push(p);
        process.stdout.write(`${p.t.toFixed(0).padStart(9)}  ${String(generation).padStart(10)}  ${String(p.ontapSeries).padStart(12)}  ${String(p.allSeries).padStart(10)}  ${mb(p.rssBytes).padStart(6)}  ${mb(p.heapBytes).padStart(7)}  ${String(counts.scrapes).padStart(7)}  ${String(counts.scrapeErrors).padStart(13)}  ${String(counts.faults).padStart(6)}  ${String(counts.actions).padStart(7)}\n`);
      }
      await sleep(1000);
    }
  } finally {
    clearInterval(churn);
    clearInterval(regenerate);
    exporter.kill('SIGTERM');
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (exited !== undefined) {
    process.stdout.write(`FAIL: the exporter exited (code ${exited}) after ${elapsed().toFixed(0)}s\n`);
    return 1;
  }
  // Windows of one fleet generation each: the first after warm-up and the last.
  const after = points.filter((p) => p.t >= WARMUP);
  const window = Math.max(REPORT, Math.min(GENERATION, (DURATION - WARMUP) / 2));
  const first = after.filter((p) => p.t < WARMUP + window);
  const lastW = after.filter((p) => p.t >= DURATION - window);
  const growth = (f: (p: Point) => number) => (mean(lastW.map(f)) / mean(first.map(f)) - 1) * 100;
  // RSS: the peak of each window (what a memory limit meets). Its mean swings with every GC that
  // returns memory, so a window holding one such dip would read as growth that is not there.
  const peak = (ps: Point[]) => Math.max(...ps.map((p) => p.rssBytes));
  const g = { ontap: growth((p) => p.ontapSeries), all: growth((p) => p.allSeries), rss: (peak(lastW) / peak(first) - 1) * 100 };
  const maxRss = peak(after);
  process.stdout.write(`\nafter warm-up (${WARMUP}s), first window [${WARMUP}, ${WARMUP + window})s vs last window [${DURATION - window}, ${DURATION}]s:\n`);
  process.stdout.write(`  ontap series: ${mean(first.map((p) => p.ontapSeries)).toFixed(0)} -> ${mean(lastW.map((p) => p.ontapSeries)).toFixed(0)} (${g.ontap.toFixed(1)}%)\n`);
  process.stdout.write(`  all series:   ${mean(first.map((p) => p.allSeries)).toFixed(0)} -> ${mean(lastW.map((p) => p.allSeries)).toFixed(0)} (${g.all.toFixed(1)}%)\n`);
  process.stdout.write(`  RSS peak:     ${mb(peak(first))} MB -> ${mb(peak(lastW))} MB (${g.rss.toFixed(1)}%), max after warm-up ${mb(maxRss)} MB\n`);
  process.stdout.write(`  RSS mean:     ${mb(mean(first.map((p) => p.rssBytes)))} MB -> ${mb(mean(lastW.map((p) => p.rssBytes)))} MB (not checked: GC dips)\n`);
  process.stdout.write(`  heap used:    ${mb(mean(first.map((p) => p.heapBytes)))} MB -> ${mb(mean(lastW.map((p) => p.heapBytes)))} MB (mean)\n`);
  // Where the series count moved: the families whose window means differ most (a leak names itself here).
  const names = new Set([...first, ...lastW].flatMap((p) => [...p.families.keys()]));
  const moved = [...names].map((n) => ({ n, a: mean(first.map((p) => p.families.get(n) ?? 0)), b: mean(lastW.map((p) => p.families.get(n) ?? 0)) }))
    .filter((f) => f.a !== f.b).sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a)).slice(0, 6);
  for (const f of moved) process.stdout.write(`    ${f.n}: ${f.a.toFixed(0)} -> ${f.b.toFixed(0)}\n`);
  process.stdout.write(`  scrapes ${counts.scrapes} (errors ${counts.scrapeErrors}), faults ${counts.faults}, actions ${counts.actions}, fleet generations ${generation + 1}\n`);
  const ok = g.ontap <= MAX_GROWTH && g.all <= MAX_GROWTH && g.rss <= MAX_GROWTH;
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}: growth after warm-up ${ok ? 'within' : 'beyond'} ${MAX_GROWTH}%\n`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`soak: ${(err as Error).message}\n`);
  process.exit(1);
});
