// `cluster_files:` inventory files: clusters in files matched by globs, watched like file_sd files.
// A file added is polled, a file removed takes its clusters' series with it, a bad file keeps the
// last good inventory (logged with file and path, exported by the reload metrics). The test drives
// the watcher (checkFiles) instead of waiting for its timer.

import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig, parseConfig } from '../src/config/config.js';
import { manualClock } from '../src/runtime/clock.js';
import { DEFAULT_AUTH, fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, scrape, type Series } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'inventory-')); mkdirSync(join(dir, 'inventory')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
const clustersOf = (series: Series[]) => [...new Set(series.filter((s) => s.name === 'ontap_up').map((s) => s.labels.cluster))].sort();
const value = (series: Series[], name: string) => series.find((s) => s.name === name)?.value;

describe('cluster_files', () => {
  it('adds the clusters of a new file, drops a removed file\'s series, keeps the last good inventory on a bad file', async () => {
    const f = await sim(fleetSetups(3, ['idle']));
    const [a, b, c] = f.clusters.map((x) => ({ name: x.name, url: x.url }));
    const config = write('config.yml', stringify({
      defaults: { username: DEFAULT_AUTH.user, password_env: 'SIM_PW' },
      cluster_files: ['inventory/*.yml'],
    }));
    const env = { SIM_PW: DEFAULT_AUTH.password };
    write('inventory/east.yml', stringify([{ ...a, datacenter: 'east' }]));
    const load = () => loadConfig(config, env);
    const first = load();
    expect(first.clusters.map((x) => x.name)).toEqual([a?.name]);
    const clock = manualClock();
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { clusters: first.clusters, load, clock, clusterFiles: first.clusterFiles ?? [] });
    await exporter.pollAll();
    expect(clustersOf((await scrape(exporter)).series)).toEqual([a?.name]);
    expect(await exporter.checkFiles()).toBe(false);

    // A second file: its clusters are polled.
    write('inventory/west.yml', stringify([{ ...b, datacenter: 'west' }, { ...c, datacenter: 'west' }]));
    expect(await exporter.checkFiles()).toBe(true);
    // A reload polls the clusters it adds at once (no pollAll, no scheduler here): wait for those polls.
    let added = (await scrape(exporter)).series;
    for (let i = 0; clustersOf(added).length < 3 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      added = (await scrape(exporter)).series;
    }
    expect(clustersOf(added)).toEqual([a?.name, b?.name, c?.name].sort());
    expect(value(added, 'ontap_exporter_clusters')).toBe(3);
    expect(logs.join('')).toMatch(/cluster files changed: reloading.*"added":2,"removed":0,"changed":0,"unchanged":1/s);

    // A bad file: nothing changes, the reload metrics and a log line say which file and where.
    clock.advance(1000);
    write('inventory/west.yml', stringify([{ ...b, datacenter: 'west', colour: 'red' }]));
    expect(await exporter.checkFiles()).toBe(true);
    const bad = (await scrape(exporter)).series;
    expect(clustersOf(bad)).toEqual([a?.name, b?.name, c?.name].sort());
    expect(value(bad, 'ontap_exporter_config_last_reload_successful')).toBe(0);
    expect(logs.join('')).toMatch(/inventory\/west\.yml: \[0\]: unknown key \\"colour\\".*reload failed: keeping the previous configuration/);
    // Not retried while the file stays as it is.
    expect(await exporter.checkFiles()).toBe(false);

    // The file removed: its clusters' series are gone at once.
    unlinkSync(join(dir, 'inventory/west.yml'));
    expect(await exporter.checkFiles()).toBe(true);
    const removed = (await scrape(exporter)).series;
    expect(clustersOf(removed)).toEqual([a?.name]);
    expect(removed.filter((s) => s.labels.cluster === b?.name || s.labels.cluster === c?.name)).toEqual([]);
    expect(value(removed, 'ontap_exporter_config_last_reload_successful')).toBe(1);
    expect(value(removed, 'ontap_exporter_config_last_reload_success_timestamp_seconds')).toBe(clock.now() / 1000);
  });

  it('inventory files use the schema of clusters: and the defaults; errors name the file and the path', () => {
    write('inventory/a.yml', stringify([{ name: 'c1', url: 'https://c1.example' }]));
    write('inventory/b.yml', stringify([{ name: 'c1', url: 'https://other.example' }]));
    write('inventory/.a.yml.swp', 'not yaml: [');
    const text = stringify({ defaults: { username: 'u', password_env: 'P', datacenter: 'dc' }, cluster_files: ['inventory/a.yml'] });
    const cfg = parseConfig(text, join(dir, 'config.yml'), { P: 'x' });
    expect(cfg.clusters).toMatchObject([{ name: 'c1', url: 'https://c1.example', datacenter: 'dc', username: 'u', password: 'x' }]);
    expect(cfg.clusterFiles).toEqual([join(dir, 'inventory/a.yml')]);
    const both = stringify({ defaults: { username: 'u', password_env: 'P' }, cluster_files: ['inventory/[ab].yml'] });
    expect(() => parseConfig(both, join(dir, 'config.yml'), { P: 'x' })).toThrow(new ConfigError(`${join(dir, 'inventory/b.yml')}: [0] (c1).name: duplicate cluster name "c1" (also ${join(dir, 'inventory/a.yml')}: [0])`));
    write('inventory/b.yml', stringify([{ name: 'c2', url: 42 }]));
    expect(() => parseConfig(both, join(dir, 'config.yml'), { P: 'x' })).toThrow(/inventory\/b\.yml: \[0\]\.url: /);
    expect(() => parseConfig(stringify({ cluster_files: ['*/x.yml'] }), join(dir, 'config.yml'))).toThrow(/cluster_files: "\*\/x.yml": wildcards are only allowed in the file name/);
    // Nothing matched yet, or an empty file: an empty inventory, with a warning.
    const none = parseConfig(stringify({ cluster_files: ['later/*.yml'] }), join(dir, 'config.yml'));
    expect(none.clusters).toEqual([]);
    expect(none.warnings).toEqual([`${join(dir, 'config.yml')}: cluster_files: no file matches later/*.yml (yet)`]);
    write('inventory/a.yml', '');
    expect(parseConfig(stringify({ cluster_files: ['inventory/a.yml'] }), join(dir, 'config.yml')).clusters).toEqual([]);
    // Without either, the config still needs clusters.
    expect(() => parseConfig('defaults: {}\n', 'c.yml')).toThrow(/c\.yml: clusters: at least one cluster is needed/);
  });
});
