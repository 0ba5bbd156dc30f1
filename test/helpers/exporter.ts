// Starts the exporter on loopback against a simulated fleet, with logs captured.

import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import type { ClusterConfig } from '../../src/config/config.js';
import { demoClusters } from '../../src/demo/cli.js';
import { startExporter, type Exporter, type ExporterOptions } from '../../src/exporter/exporter.js';
import { createLogger } from '../../src/runtime/log.js';
import type { Fleet } from '../../src/simulator/fleet.js';

const running: Exporter[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

export interface Started { exporter: Exporter; logs: string[] }

export async function exporterFor(fleet: Fleet, tweak: (c: ClusterConfig, i: number) => Partial<ClusterConfig> = () => ({}), schedule = false, extra: Partial<ExporterOptions> = {}): Promise<Started> {
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _e, done) { logs.push(String(chunk)); done(); } });
  const clusters = demoClusters(fleet.clusters).map((c, i) => ({ ...c, timeouts: { connect: 1, headers: 2, body: 2, poll: 3 }, ...tweak(c, i) }));
  const exporter = await startExporter({ clusters, host: '127.0.0.1', port: 0, log: createLogger('debug', 'json', sink), schedule, jitterSeconds: 0, readyDeadlineSeconds: 3600, ...extra });
  running.push(exporter);
  return { exporter, logs };
}

export interface Series { name: string; labels: Record<string, string>; value: number }

export function parseExposition(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = (l[2] as string).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

export async function scrape(e: Exporter, accept?: string): Promise<{ text: string; series: Series[]; contentType: string }> {
  const r = await fetch(`${e.url}/metrics`, { headers: accept ? { accept } : {} });
  const text = await r.text();
  return { text, series: accept ? [] : parseExposition(text), contentType: r.headers.get('content-type') ?? '' };
}

/** Values of a family for one cluster, keyed by the remaining labels. */
export function pick(series: Series[], name: string, cluster: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series) {
    if (s.name !== name || s.labels.cluster !== cluster) continue;
    const { cluster: _c, datacenter: _d, ...rest } = s.labels;
    out[Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(',')] = s.value;
  }
  return out;
}
