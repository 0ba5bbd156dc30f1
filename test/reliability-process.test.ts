// The `serve` process as an operator and a container runtime see it: signals,
// a log reader that goes away, a port already taken. Runs the built CLI.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningUrl } from './helpers/stack.js';

const children: ChildProcess[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server that accepts connections and never answers: polls against it hang until their timeouts. */
async function blackhole(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const s = createServer((sock) => { n += 1; sockets.push(sock); sock.on('error', () => undefined); });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as { port: number }).port, connections: () => n };
}

/** A TCP server that hangs up on every connection at once: polls against it fail fast, and each is counted. */
async function refuser(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const s = createServer((sock) => { n += 1; sock.on('error', () => undefined); sock.destroy(); });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as { port: number }).port, connections: () => n };
}

interface Served { child: ChildProcess; stderr: () => string; exit: Promise<{ code: number | null; at: number }>; listen: string; url: () => string | undefined }

async function serve(clusterPort: number, opts: { timeouts?: string; listen?: string; args?: string[] } = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  writeFileSync(join(dir, 'pw'), 'secret\n');
  writeFileSync(join(dir, 'c.yml'), `clusters:
  - name: c1
    url: http://127.0.0.1:${clusterPort}
    username: admin
    password_file: ${join(dir, 'pw')}
    interval: 1s
    fast_interval: 1s
    timeouts: ${opts.timeouts ?? '{ connect: 1s, headers: 1s, body: 1s, poll: 1s }'}
`);
  // Port 0 unless told: the exporter logs the port it got ("exporter listening").
  const listen = opts.listen ?? '127.0.0.1:0';
  const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'serve', '--config.file', join(dir, 'c.yml'), '--web.listen-address', listen, ...(opts.args ?? [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d) => { err += d; });
  const exit = new Promise<{ code: number | null; at: number }>((r) => child.on('exit', (code) => r({ code, at: performance.now() })));
  return { child, stderr: () => err, exit, listen, url: () => listeningUrl(err) };
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return what();
}

const healthy = async (url: string | undefined) => (await fetch(`${url}/-/healthy`).catch(() => undefined))?.status;
const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

describe('serve process lifecycle', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while polls hang: exit 0 within 5 s, the server closed`, async () => {
      const hole = await blackhole();
      const s = await serve(hole.port, { timeouts: '{ connect: 5s, headers: 25s, body: 25s, poll: 30s }' });
      expect(await until(() => s.url() !== undefined && hole.connections() > 0, 15_000)).toBe(true);
      const t0 = performance.now();
      s.child.kill(signal);
      const { code, at } = await s.exit;
      expect(code).toBe(0);
      expect(at - t0).toBeLessThan(5_000);
      expect(await healthy(s.url())).toBeUndefined();
    });
  }

  it('SIGHUP is logged and does not kill the process: it keeps serving', async () => {
    const s = await serve((await refuser()).port);
    expect(await until(() => s.url() !== undefined, 15_000)).toBe(true);
    s.child.kill('SIGHUP');
    expect(await until(() => s.stderr().includes('SIGHUP'), 3_000)).toBe(true);
    // The reload done (rather than a pause): the process is still there and serving.
    expect(await until(() => s.stderr().includes('configuration reloaded'), 3_000)).toBe(true);
    expect(running(s.child)).toBe(true);
    expect(await healthy(s.url())).toBe(200);
    s.child.kill('SIGTERM');
    expect((await s.exit).code).toBe(0);
  });

  for (const format of ['logfmt', 'json']) {
    it(`the reader of stderr going away (EPIPE, ${format}) does not kill the process`, async () => {
      const cluster = await refuser();
      const s = await serve(cluster.port, { args: ['--log.level', 'debug', '--log.format', format] });
      expect(await until(() => s.url() !== undefined, 15_000)).toBe(true);
      const url = s.url();
      s.child.stderr?.destroy();
      // Polls fail every second and log each endpoint at debug: two polls (5 endpoints each) are
      // many writes into the broken pipe. Waited for by the connections they make, not by time.
      const before = cluster.connections();
      expect(await until(() => cluster.connections() >= before + 10, 10_000)).toBe(true);
      expect(running(s.child)).toBe(true);
      expect(await healthy(url)).toBe(200);
      s.child.kill('SIGTERM');
      expect((await s.exit).code).toBe(0);
    });
  }

  it('stopped (SIGSTOP) and continued, with --log.format json: every line on stderr is JSON, none from node-cron', async () => {
    const s = await serve((await refuser()).port, { args: ['--log.format', 'json'] });
    expect(await until(() => s.url() !== undefined, 15_000)).toBe(true);
    s.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 3_500));
    s.child.kill('SIGCONT');
    // A little time running again: node-cron, had it ticked every second, reports what it missed now.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(running(s.child)).toBe(true);
    s.child.kill('SIGTERM');
    expect((await s.exit).code).toBe(0);
    const lines = s.stderr().split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(2);
    // Before: "[...] [NODE-CRON] [WARN] missed execution at ..." with terminal colours, once per second stopped.
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(s.stderr()).not.toContain("NODE-CRON");
    expect(s.stderr()).not.toContain("\u001b[");
  });

  it('a listen address already in use: exit 1 at once with a clear message', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const listen = `127.0.0.1:${(taken.address() as { port: number }).port}`;
    const s = await serve((await refuser()).port, { listen });
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([s.exit, new Promise<'still running'>((r) => { timer = setTimeout(r, 5_000, 'still running'); })]);
    clearTimeout(timer);
    expect(result).not.toBe('still running');
    expect((result as { code: number }).code).toBe(1);
    expect(s.stderr()).toContain(`cannot listen on ${listen}: address already in use (EADDRINUSE)`);
  });
});
