// Starts real Prometheus and Alertmanager (Debian's packages) on loopback ports with temp dirs.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * The loopback URL a child says it listens on, once it has: the exporter's "exporter listening"
 * line (logfmt or JSON), or the exporter-toolkit's "Listening on" of Prometheus and Alertmanager
 * (which, given port 0, log the port they got).
 */
export function listeningUrl(out: string): string | undefined {
  for (const line of out.split('\n')) {
    if (!/exporter listening|msg="Listening on"/.test(line)) continue;
    const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
    if (port !== undefined && port !== '0') return `http://127.0.0.1:${port}`;
  }
  return undefined;
}

export interface Proc { url: string; stop(): Promise<void>; output(): string }

/**
 * Starts a child on port 0 (`args` gets 0 for the port) and reads the port it got from its log: a
 * port picked here, closed and handed over could be taken by another test file in between.
 */
export async function startProcess(name: string, bin: string, args: (dir: string, port: number) => string[], files: (dir: string) => Record<string, string>, readyPath: string, env: NodeJS.ProcessEnv = {}): Promise<Proc> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  for (const [file, content] of Object.entries(files(dir))) writeFileSync(join(dir, file), content);
  const child: ChildProcess = spawn(bin, args(dir, 0), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${out.slice(-2000)}`);
    url ??= listeningUrl(out);
    if (url !== undefined && await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not ready in 30 s: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop, output: () => out };
}

/**
 * Real Prometheus scraping the exporter with the given rule files (and Alertmanager, if any):
 * every second unless `global` gives other intervals (e.g. the shipped alerts/prometheus.yml's),
 * relabelling alerts with `alertRelabel` (an HA pair's, e.g.).
 */
export function startPrometheus(exporterUrl: string, ruleFiles: string[], alertmanagerUrl?: string,
  global: Record<string, unknown> = { scrape_interval: '1s', evaluation_interval: '1s' }, alertRelabel: unknown[] = []): Promise<Proc> {
  const config = {
    global,
    rule_files: ruleFiles,
    ...(alertmanagerUrl ? { alerting: { alert_relabel_configs: alertRelabel, alertmanagers: [{ static_configs: [{ targets: [alertmanagerUrl.replace('http://', '')] }] }] } } : {}),
    scrape_configs: [{ job_name: 'ontap-upgrade', static_configs: [{ targets: [exporterUrl.replace('http://', '')] }] }],
  };
  return startProcess('prometheus', 'prometheus',
    (dir, port) => ['--config.file=prometheus.yml', `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`],
    () => ({ 'prometheus.yml': stringify(config) }), '/-/ready');
}

/** The exporter's own binary (`serve`) on a config written to a temp dir; ready when /-/ready answers 200. */
export function startExporterProcess(config: unknown, args: string[] = [], env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): Promise<Proc> {
  return startProcess('exporter', process.execPath,
    (_dir, port) => [join(import.meta.dirname, '..', '..', 'bin', 'ontap-upgrade-exporter.js'), 'serve', '--config.file=config.yml', `--web.listen-address=127.0.0.1:${port}`, ...args],
    () => ({ ...files, 'config.yml': stringify(config) }), '/-/ready', env);
}

export interface Alert { status: string; labels: Record<string, string>; annotations: Record<string, string> }
export interface Notification { path: string; status: string; alerts: Alert[]; at: number }

/** A webhook receiver on loopback recording every notification with the time it arrived. */
export async function startWebhook(): Promise<{ url: string; notes: Notification[]; stop(): void }> {
  const notes: Notification[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try { notes.push({ path: req.url ?? '', at: Date.now(), ...(JSON.parse(body) as Omit<Notification, 'path' | 'at'>) }); } catch { /* not a notification */ }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, notes, stop: () => server.close() };
}

/** The shipped Alertmanager example (alerts/alertmanager.yml) with its receivers pointed at `hook`, after `tweak`. */
export function startAlertmanager(hook: string, tweak: (am: any) => void = () => undefined): Promise<Proc> {
  const am = parse(readFileSync(join(import.meta.dirname, '..', '..', 'alerts', 'alertmanager.yml'), 'utf8'));
  tweak(am);
  for (const r of am.receivers) for (const w of r.webhook_configs ?? []) w.url = `${hook}/${r.name}`;
  return startProcess('alertmanager', 'prometheus-alertmanager',
    (dir, port) => ['--config.file=am.yml', `--storage.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    () => ({ 'am.yml': stringify(am) }), '/-/ready');
}

/** Polls fn every 250 ms until it returns a value; fails naming what was awaited, with debug output. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, seconds: number, debug: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${seconds} s\n${debug()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
