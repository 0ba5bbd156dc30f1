// The published package, as the registry would serve it: `npm pack` holds the compiled dist/ and
// the shipped artefacts but no tests or sources, and its tarball installed into an empty folder
// (offline: its dependencies are copied from this project's node_modules, nothing is downloaded)
// runs --version, check-config and demo with no build step and no TypeScript.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers/stack.js';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'package-'));
const app = join(dir, 'app');
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--cache', join(dir, 'npm-cache'), '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });

interface Packed { filename: string; files: Array<{ path: string }> }
let packed: Packed;

/** The package's runtime dependencies and theirs, as installed here (hoisted, or nested under their dependent). */
function dependencyClosure(): string[] {
  const seen = new Set<string>();
  const visit = (from: string, name: string) => {
    // Node's lookup: from's own node_modules, then each enclosing folder's, up to the project's.
    for (let at = from; at.startsWith(ROOT); at = dirname(at)) {
      const candidate = join(at, 'node_modules', name);
      if (!existsSync(join(candidate, 'package.json'))) continue;
      if (seen.has(candidate)) return;
      seen.add(candidate);
      const pkg = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(candidate, dep);
      return;
    }
    // Not found: an optional dependency not installed for this platform.
  };
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(own.dependencies)) visit(ROOT, dep);
  // Only the top-level ones: a nested one comes along inside its dependent's folder.
  return [...seen].filter((p) => !p.slice(join(ROOT, 'node_modules').length).includes('/node_modules/'));
}

beforeAll(() => {
  // `npm test` has just built dist/ (the tarball's own prepack would build again).
  packed = (JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT)) as Packed[])[0] as Packed;
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{ "name": "empty", "private": true }\n');
  for (const p of dependencyClosure()) {
    const name = p.slice(join(ROOT, 'node_modules').length + 1);
    cpSync(p, join(app, 'node_modules', name), { recursive: true, dereference: true });
    // As npm links them: without its .bin links npm takes a package as half-installed and fetches it again.
    const { bin } = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    const bins = typeof bin === 'string' ? { [name.split('/').at(-1) as string]: bin } : (bin ?? {});
    mkdirSync(join(app, 'node_modules', '.bin'), { recursive: true });
    for (const [cmd, file] of Object.entries(bins)) symlinkSync(join('..', name, file), join(app, 'node_modules', '.bin', cmd));
  }
  npm(['install', '--offline', join(dir, packed.filename)], app);
}, 180_000);
afterAll(() => { if (!process.env.KEEP_PACKAGE_TEST) rmSync(dir, { recursive: true, force: true }); });

const bin = () => join(app, 'node_modules', '.bin', 'ontap-upgrade-exporter');

describe('npm pack', () => {
  it('ships the compiled program and the shipped artefacts, and no tests or sources', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'bin/ontap-upgrade-exporter.js', 'dist/cli.js', 'dist/exporter/cli.js', 'dist/build-info.json', 'alerts/exporter.rules.yml', 'dashboards/ontap-upgrade-fleet.json', 'mixin/mixin.libsonnet', 'docs/configuration.md']) expect(paths).toContain(p);
    expect(paths.filter((p) => /^(src|test)\/|\.test\.|\.spec\.|(^|\/)node_modules\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });
  it('needs no build when installed: no install-time scripts, and dist/ is built before packing', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'ontap-upgrade-exporter', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of ['prepare', 'preinstall', 'install', 'postinstall']) expect(pkg.scripts[s]).toBeUndefined();
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
  });
});

describe('the installed package', () => {
  it('--version', () => {
    const r = spawnSync(bin(), ['--version'], { cwd: app, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ontap-upgrade-exporter, version \S+ \(branch: \S+, revision: \S+\)\n {2}build user:/);
  });
  it('check-config', () => {
    writeFileSync(join(app, 'ok.yml'), 'clusters:\n  - name: c1\n    url: https://c1.example\n    username: u\n    password_env: P\n');
    const r = spawnSync(bin(), ['check-config', 'ok.yml'], { cwd: app, encoding: 'utf8', timeout: 20_000, env: { ...process.env, P: 'x' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok.yml: OK, 1 cluster(s): c1\n');
  });
  it('demo serves metrics for its simulated fleet', async () => {
    const child = spawn(bin(), ['demo', '--web.listen-address', '127.0.0.1:0', '--clusters', '2'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    try {
      const url = await until('the demo\'s metrics URL', () => /metrics: +(\S+)/.exec(out)?.[1], 30, () => out);
      const text = await until('ontap_software_info', async () => {
        const body = await (await fetch(url)).text();
        return /^ontap_software_info\{/m.test(body) ? body : undefined;
      }, 30, () => out);
      expect(text).toMatch(/^ontap_up\{cluster="demo-/m);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
