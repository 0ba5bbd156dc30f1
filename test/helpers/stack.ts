// Starts real Prometheus and Alertmanager (Debian's packages) on loopback ports with temp dirs.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Proc { url: string; stop(): Promise<void>; output(): string }

export async function startProcess(name: string, bin: string, args: (dir: string, port: number) => string[], files: (dir: string) => Record<string, string>, readyPath: string): Promise<Proc> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  for (const [file, content] of Object.entries(files(dir))) writeFileSync(join(dir, file), content);
  const port = await freePort();
  const child: ChildProcess = spawn(bin, args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${out.slice(-2000)}`);
    const ok = await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not ready in 30 s: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop, output: () => out };
}

/**
 * Real Prometheus scraping the exporter with the given rule files (and Alertmanager, if any):
 * every second unless `global` gives other intervals (e.g. the shipped alerts/prometheus.yml's).
 */
export function startPrometheus(exporterUrl: string, ruleFiles: string[], alertmanagerUrl?: string,
  global: Record<string, string> = { scrape_interval: '1s', evaluation_interval: '1s' }): Promise<Proc> {
  const config = {
    global,
    rule_files: ruleFiles,
    ...(alertmanagerUrl ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanagerUrl.replace('http://', '')] }] }] } } : {}),
    scrape_configs: [{ job_name: 'ontap-upgrade', static_configs: [{ targets: [exporterUrl.replace('http://', '')] }] }],
  };
  return startProcess('prometheus', 'prometheus',
    (dir, port) => ['--config.file=prometheus.yml', `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`],
    () => ({ 'prometheus.yml': stringify(config) }), '/-/ready');
}
