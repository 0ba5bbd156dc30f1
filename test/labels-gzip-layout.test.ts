// `labels:` on every series of a cluster; gzip on /metrics; the exporter never imports the simulator.

import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/config.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { errorOf } from './helpers/errors.js';
import { exporterFor, parseExposition } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

const configError = (yaml: string) => errorOf(() => parseConfig(yaml, 'c.yml', {}), ConfigError);

describe('labels', () => {
  it('merges defaults and cluster labels (the cluster wins)', () => {
    const { clusters } = parseConfig(`
defaults: {username: u, password: p, labels: {team: storage, env: prod, tier: 1}}
clusters:
  - {name: a, url: "https://a"}
  - {name: b, url: "https://b", labels: {team: dba, region: fra}}
`, 'c.yml', {});
    expect(clusters.map((c) => c.labels)).toEqual([{ team: 'storage', env: 'prod', tier: '1' }, { team: 'dba', env: 'prod', tier: '1', region: 'fra' }]);
  });

  it('refuses a label name that is invalid or clashes with the exporter\'s own, naming its path', () => {
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {cluster: x}}]')).toMatch(/^c\.yml: clusters\[0\]\.labels\.cluster: "cluster" clashes with a label the exporter sets itself/);
    expect(configError('defaults: {labels: {datacenter: x}}\nclusters: [{name: a, url: "https://a", username: u, password: p}]')).toMatch(/defaults\.labels\.datacenter: "datacenter" clashes/);
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {node: x}}]')).toMatch(/clusters\[0\]\.labels\.node: "node" clashes/);
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {state: x}}]')).toMatch(/labels\.state: "state" clashes/);
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {__name__: x}}]')).toMatch(/labels\.__name__: .*reserved by Prometheus/);
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {owner-team: x}}]')).toMatch(/labels\.owner-team: "owner-team" is not a Prometheus label name/);
    expect(configError('clusters: [{name: a, url: "https://a", username: u, password: p, labels: {team: [x]}}]')).toMatch(/clusters\[0\]\.labels\.team:/);
  });

  it('puts each cluster\'s labels on every one of its series, and promtool is clean', async () => {
    const f = await sim(fleetSetups(2, ['upgrade-4node', 'metrocluster']), { timing: { lifMove: 0 } });
    const labels = [{ team: 'storage', env: 'prod' }, { team: 'dba', env: 'prod', region: 'fra' }];
    const { exporter } = await exporterFor(f, (_c, i) => ({ labels: labels[i] as Record<string, string> }));
    await exporter.pollAll();
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    const series = parseExposition(text).filter((s) => s.labels.cluster !== undefined);
    f.clusters.forEach((c, i) => {
      const mine = series.filter((s) => s.labels.cluster === c.name);
      expect(mine.length).toBeGreaterThan(50);
      for (const s of mine) expect(s.labels, s.name).toMatchObject(labels[i] as Record<string, string>);
      expect(mine.some((s) => s.labels.region !== undefined)).toBe(i === 1);
    });
    expect(text).toMatch(/^ontap_up\{cluster="[^"]+",datacenter="dc-east",env="prod",team="storage"\} 1$/m);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
  });
});

describe('Alertmanager example', () => {
  it('routes by the team label a cluster carries', () => {
    const route = (...labels: string[]) => spawnSync('amtool', ['config', 'routes', 'test', '--config.file=alerts/alertmanager.yml', ...labels], { encoding: 'utf8' }).stdout.trim();
    expect(route('alertname=OntapSoftwareUpdateFailed', 'severity=critical', 'cluster=c1', 'team=database')).toBe('database-pager');
    expect(route('alertname=OntapSoftwareUpdateCanceled', 'severity=warning', 'cluster=c1', 'team=database')).toBe('database-tickets');
    expect(route('alertname=OntapSoftwareVersionDrift', 'severity=info', 'cluster=c1', 'team=database')).toBe('null');
    expect(route('alertname=OntapSoftwareUpdateFailed', 'severity=critical', 'cluster=c1', 'team=network')).toBe('pager');
    expect(route('alertname=OntapSoftwareUpdateFailed', 'severity=critical', 'cluster=c1')).toBe('pager');
  });
});

describe('gzip', () => {
  it('/metrics is gzipped when the scraper accepts it, and decodes to the plain body', async () => {
    const f = await sim(fleetSetups(3, ['upgrade-4node', 'many-packages', 'idle']));
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    const get = (encoding?: string) => request(`${exporter.url}/metrics`, { headers: encoding ? { 'accept-encoding': encoding } : {} });
    const zipped = await get('gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    const raw = Buffer.from(await zipped.body.arrayBuffer());
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    const plainText = await plain.body.text();
    // process_* and nodejs_* values move between two scrapes; everything else is identical.
    const steady = (t: string) => t.split('\n').filter((l) => !/^(# (HELP|TYPE) )?(process|nodejs)_/.test(l)).join('\n');
    const decoded = gunzipSync(raw).toString('utf8');
    expect(steady(decoded)).toBe(steady(plainText));
    expect(steady(decoded).length).toBeGreaterThan(10_000);
    expect(raw.length).toBeLessThan(plainText.length / 4);
    // A q=0 refusal means plain text.
    const prom = await get('gzip');
    expect(prom.headers['content-encoding']).toBe('gzip');
    await prom.body.arrayBuffer();
    const refused = await get('gzip;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    await refused.body.text();
  });
});
