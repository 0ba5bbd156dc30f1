// Config errors that must not echo a password, secret files that must not be
// read forever, and the memory-budget keys.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, parseConfig } from '../src/config/config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cfg-'));

// spawnSync's timeout bounds a read that never ends: the process is killed and status is null, not 1.
function checkConfig(yaml: string): { status: number | null; out: string } {
  const file = join(dir(), 'c.yml');
  writeFileSync(file, yaml);
  const r = spawnSync(process.execPath, ['bin/ontap-upgrade-exporter.js', 'check-config', file], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('config errors never echo a URL password', () => {
  const yaml = 'clusters: [{ name: c1, url: "https://u:PW-s3cr3t@cluster 01.example.com", username: u, password_env: X }]\n';

  it('check-config says "not a URL" with the credentials masked', () => {
    const r = checkConfig(yaml);
    expect(r.status).toBe(1);
    expect(r.out).toContain('clusters[0] (c1).url: not a URL: "https://<redacted>@cluster 01.example.com"');
    expect(r.out).not.toContain('PW-s3cr3t');
  });

  it('serve logs the same, without the password', async () => {
    const file = join(dir(), 'c.yml');
    writeFileSync(file, yaml);
    const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'serve', '--config.file', file, '--web.listen-address', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(out).toContain('not a URL');
    expect(out).not.toContain('PW-s3cr3t');
  });

  it('a URL that parses but carries credentials is refused without echoing them', () => {
    expect(() => parseConfig('clusters: [{ name: c1, url: "https://u:PW-s3cr3t@c1.example.com", username: u, password: p }]', 'f.yml', {}))
      .toThrow(/must not carry credentials/);
    try {
      parseConfig('clusters: [{ name: c1, url: "https://u:PW-s3cr3t@c1.example.com", username: u, password: p }]', 'f.yml', {});
    } catch (err) {
      expect((err as ConfigError).message).not.toContain('PW-s3cr3t');
    }
  });
});

describe('secret files are read bounded, from a regular file only', () => {
  const cfg = (file: string) => `clusters: [{ name: c1, url: "https://c1.example.com", username: u, password_file: "${file}" }]\n`;

  it('password_file: /dev/zero fails fast with a clear error', () => {
    const r = checkConfig(cfg('/dev/zero'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('clusters[0] (c1).password_file: cannot read /dev/zero: not a regular file');
  });

  it('a FIFO fails at once instead of waiting for a writer', () => {
    const fifo = join(dir(), 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = checkConfig(cfg(fifo));
    expect(r.status).toBe(1);
    expect(r.out).toContain('not a regular file');
  });

  it('a file larger than 4096 bytes is refused, a directory too', () => {
    const big = join(dir(), 'big');
    writeFileSync(big, 'x'.repeat(10_000));
    expect(checkConfig(cfg(big)).out).toContain(`cannot read ${big}: larger than 4096 bytes`);
    expect(checkConfig(cfg(tmpdir())).out).toContain('not a regular file');
  });

  it('ca_file: /dev/zero fails fast too', () => {
    const r = checkConfig('clusters: [{ name: c1, url: "https://c1.example.com", username: u, password: p, ca_file: /dev/zero }]\n');
    expect(r.status).toBe(1);
    expect(r.out).toContain('ca_file: cannot read /dev/zero: not a regular file');
  });

  it('a normal password file still works, trailing newline dropped', () => {
    const pw = join(dir(), 'pw');
    writeFileSync(pw, 'hunter2\n');
    expect(parseConfig(cfg(pw), 'f.yml', {}).clusters[0]!.password).toBe('hunter2');
  });
});

describe('memory budget keys', () => {
  it('defaults, and per-cluster values over defaults', () => {
    const { clusters } = parseConfig(`defaults: { max_records: 5000 }
clusters:
  - { name: a, url: "https://a", username: u, password: p }
  - { name: b, url: "https://b", username: u, password: p, max_endpoint_bytes: 2097152, max_records: 100, max_series: 300 }
`, 'f.yml', {});
    expect(clusters[0]).toMatchObject({ maxEndpointBytes: DEFAULT_LIMITS.maxEndpointBytes, maxRecords: 5000, maxSeries: DEFAULT_LIMITS.maxSeries });
    expect(clusters[1]).toMatchObject({ maxEndpointBytes: 2097152, maxRecords: 100, maxSeries: 300 });
    expect(() => parseConfig('clusters: [{ name: a, url: "https://a", username: u, password: p, max_series: 0 }]', 'f.yml', {})).toThrow(/max_series/);
  });
});
