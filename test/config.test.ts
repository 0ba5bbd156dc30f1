import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config/config.js';
import { runCheckConfig } from '../src/exporter/cli.js';

const DIR = join(import.meta.dirname, 'fixtures', 'config');
const env = { ONTAP_PASSWORD: 's3cr3t-from-env', P: 'p' };

/** What each bad config must say: the path of what is wrong, and how. */
const BAD: Record<string, RegExp> = {
  'unknown-key': /clusters\[0\]: unknown key "colour"/,
  'unknown-top': /\(top level\): unknown key "global"/,
  'unknown-default': /defaults: unknown key "intervall"/,
  'no-clusters': /clusters: at least one cluster/,
  'missing-name': /clusters\[0\]\.name:/,
  'duplicate-name': /clusters\[1\] \(c1\)\.name: duplicate cluster name "c1"/,
  'bad-url': /clusters\[0\] \(c1\)\.url: not a URL/,
  'ftp-url': /\.url: must be https:\/\//,
  'creds-in-url': /\.url: must not carry credentials/,
  'bad-duration': /clusters\[0\]\.interval: invalid duration "soon"/,
  'fast-slower': /fast_interval: 60s is longer than interval 30s/,
  'no-credentials': /no credentials/,
  'two-passwords': /only one of password_file, password_env, password/,
  'missing-env': /password_env: environment variable NOT_SET_ANYWHERE is not set/,
  'missing-file': /password_file: cannot read \/nonexistent\/pw: ENOENT/,
  'cert-without-key': /cert_file and key_file go together/,
  'wrong-type': /clusters\[0\]\.insecure_skip_verify:/,
  'not-yaml': /not valid YAML/,
  'duplicate-key': /not valid YAML.*[Mm]ap keys must be unique/,
  'bad-target-version': /defaults\.target_version: not an ONTAP release/,
  'bad-target-deadline': /clusters\[0\]\.target_deadline: not a calendar date/,
  'deadline-without-target': /clusters\[0\] \(c1\)\.target_deadline: needs a target_version/,
};

describe('config', () => {
  it('loads every key, merging defaults under each cluster', () => {
    const { clusters, warnings } = loadConfig(join(DIR, 'good', 'full.yml'), env);
    expect(clusters.map((c) => c.name)).toEqual(['east-a', 'east-b', 'west-a', 'cert-auth']);
    const [a, b, w, cert] = clusters as [any, any, any, any];
    expect(a).toMatchObject({ datacenter: 'dc-east', username: 'monitor', password: 's3cr3t-from-env', interval: 60, fastInterval: 15, maxResponseBytes: 8388608 });
    expect(a.timeouts).toEqual({ connect: 5, headers: 10, body: 20, poll: 30 });
    expect(b).toMatchObject({ url: 'https://proxy.example.com/ontap/east-b', password: 's3cr3t-from-file' });
    expect(w).toMatchObject({ datacenter: 'dc-west', timeouts: { connect: 5, headers: 10, body: 20, poll: 20 } });
    expect(cert).toMatchObject({ username: undefined, password: undefined, insecureSkipVerify: true });
    // Campaign targets: defaults apply, a cluster overrides; the deadline is the end of that day in UTC.
    expect(a).toMatchObject({ targetVersion: '9.16.1', targetDeadline: Date.parse('2027-01-01T00:00:00Z') / 1000 });
    expect(w).toMatchObject({ targetVersion: '9.15.1P3', targetDeadline: Date.parse('2027-01-01T00:00:00Z') / 1000 });
    expect(warnings.join('\n')).toMatch(/west-a.*plain http/);
    expect(warnings.join('\n')).toMatch(/cert-auth.*insecure_skip_verify/);
  });

  it('defaults are sensible for a minimal config', () => {
    const [c] = loadConfig(join(DIR, 'good', 'minimal.yml'), env).clusters;
    expect(c).toMatchObject({ interval: 60, fastInterval: 15, datacenter: '', insecureSkipVerify: false, timeouts: { poll: 30 } });
    expect(c?.targetVersion).toBeUndefined();
    const yamlNumber = () => parseConfig('clusters: [{name: c, url: "https://x", username: a, password_env: P, target_version: 9.10}]', 'f.yml', env);
    expect(yamlNumber).toThrow(/target_version: write the release as a string, e.g. "9.1"/);
  });

  it('warns about an inline password without repeating it', () => {
    const { warnings } = parseConfig('clusters: [{name: c, url: "https://x", username: a, password: hunter2}]', 'f.yml', {});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/inline password/);
    expect(warnings[0]).not.toContain('hunter2');
  });

  it('covers every bad config in testdata', () => {
    expect(readdirSync(join(DIR, 'bad')).map((f) => f.replace('.yml', '')).sort()).toEqual(Object.keys(BAD).sort());
  });
  for (const [name, message] of Object.entries(BAD)) {
    it(`rejects ${name} with an error naming what and where`, () => {
      const file = join(DIR, 'bad', `${name}.yml`);
      let err: unknown;
      try { loadConfig(file, env); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message.startsWith(file)).toBe(true);
      // Secrets from the file never come back in the message.
      expect((err as Error).message).not.toMatch(/hunter2|s3cr3t/);
    });
  }

  it('check-config exits 0 for a good file and 1 with the error for a bad one', async () => {
    const out: string[] = [];
    const orig = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((s: string) => { out.push(s); return true; });
    process.stderr.write = ((s: string) => { out.push(s); return true; });
    try {
      expect(await runCheckConfig([join(DIR, 'good', 'minimal.yml')])).toBe(0);
      expect(await runCheckConfig([join(DIR, 'bad', 'unknown-key.yml')])).toBe(1);
      expect(await runCheckConfig([])).toBe(2);
    } finally {
      [process.stdout.write, process.stderr.write] = orig as [typeof process.stdout.write, typeof process.stderr.write];
    }
    expect(out.join('')).toMatch(/minimal\.yml: OK, 1 cluster\(s\): c1/);
    expect(out.join('')).toMatch(/unknown key "colour"/);
  });
});
