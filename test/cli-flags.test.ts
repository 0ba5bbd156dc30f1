// The binary's exporter-toolkit flags: --version, --help, and --web.systemd-socket with a socket
// handed over on fd 3 as systemd does (LISTEN_PID set to the exporter's own pid by exec).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { until } from './helpers/stack.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'ontap-upgrade-exporter.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('--version and --help', () => {
  it('--version prints the version, branch, revision and build details, as Prometheus exporters do', () => {
    for (const args of [['--version'], ['serve', '--version']]) {
      const r = run(...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^ontap-upgrade-exporter, version \d+\.\d+\.\d+\S* \(branch: \S+, revision: [0-9a-f]{40}|unknown\)\n/);
      expect(r.stdout).toMatch(/^ {2}build user: {7}\S+$/m);
      expect(r.stdout).toMatch(/^ {2}build date: {7}(\d{8}-\d\d:\d\d:\d\d|unknown)$/m);
      expect(r.stdout).toContain(`  node version:     ${process.version}\n`);
    }
  });
  it('serve --help lists every exporter-toolkit flag with its default', () => {
    const help = run('serve', '--help').stdout;
    for (const flag of ['--version', '--web.telemetry-path PATH     where the metrics are served (default /metrics)', 'repeat it', '--web.systemd-socket', '--web.max-requests N', '(default 40, 0: no limit)', '--web.disable-exporter-metrics']) expect(help).toContain(flag);
  });
  it('a bad flag value fails at once, naming the flag', () => {
    const r = run('serve', '--web.max-requests=-1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--web.max-requests: expected a whole number >= 0, got "-1"');
  });
});

describe('--web.systemd-socket', () => {
  it('serves on the socket systemd passes as fd 3, ignoring --web.listen-address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'systemd-socket-'));
    // An unreachable cluster is enough: the socket, not the polls, is under test.
    writeFileSync(join(dir, 'config.yml'), stringify({ clusters: [{ name: 'c1', url: 'https://127.0.0.1:1', username: 'u', password_env: 'P', timeouts: { connect: 1, poll: 2 } }] }));
    // The test plays systemd: it opens the listening socket and hands it over.
    const socket = createServer();
    await new Promise<void>((r) => socket.listen(0, '127.0.0.1', r));
    const port = (socket.address() as { port: number }).port;
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    // exec keeps the shell's pid, so LISTEN_PID=$$ names the exporter, as systemd's LISTEN_PID does.
    const child = spawn('sh', ['-c', `LISTEN_PID=$$ LISTEN_FDS=1 exec "${process.execPath}" "${BIN}" --config.file=config.yml --web.systemd-socket --web.listen-address=127.0.0.1:1`],
      { cwd: dir, env: { ...process.env, P: 'x' }, stdio: ['ignore', 'pipe', 'pipe', fd] });
    socket.close();
    let out = '';
    child.stdout?.on('data', (d) => { out += d; });
    child.stderr?.on('data', (d) => { out += d; });
    try {
      const text = await until('metrics on the passed socket', async () => {
        const r = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
        return r?.ok ? r.text() : undefined;
      }, 20, () => out);
      expect(text).toMatch(/^ontap_exporter_build_info\{/m);
      expect(out).toMatch(/exporter listening/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('without sockets from systemd it refuses to start, saying why', () => {
    const r = run('--web.systemd-socket');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--web.systemd-socket: no socket activation file descriptors found/);
  });
});
