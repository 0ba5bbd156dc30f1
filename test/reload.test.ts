// Reloading the configuration (SIGHUP, POST /-/reload) and rotating password files, with the
// metrics checked exactly before and after.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hash } from 'bcryptjs';
import { loadConfig } from '../src/config/config.js';
import { loadWebConfig } from '../src/config/web-config.js';
import { manualClock } from '../src/runtime/clock.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, parseExposition, pick, scrape, type Series } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { listeningUrl } from './helpers/stack.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'reload-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

interface Entry { name: string; url: string; datacenter?: string; labels?: Record<string, string> }
const configText = (pwFile: string, entries: Entry[], username = 'monitor') => stringify({ defaults: { username, password_file: pwFile, interval: '60s', timeouts: { poll: '5s' } }, clusters: entries });

/** Each cluster's label sets (besides the family's own labels), as "cluster|datacenter|team". */
const who = (series: Series[]) => [...new Set(series.filter((s) => s.labels.cluster).map((s) => `${s.labels.cluster}|${s.labels.datacenter}|${s.labels.team ?? ''}`))].sort();
const value = (series: Series[], name: string) => series.find((s) => s.name === name)?.value;

async function until<T>(fn: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reload', () => {
  it('adds, removes, changes and keeps clusters; a bad file keeps the running configuration', async () => {
    const auth = { user: 'monitor', password: 'pw-one' };
    const f = await sim(fleetSetups(4, ['idle']), { auth });
    const [a, b, c, d] = f.clusters.map((x) => ({ name: x.name, url: x.url })) as [Entry, Entry, Entry, Entry];
    const pw = write('pw', 'pw-one\n');
    const file = write('config.yml', configText(pw, [{ ...a, datacenter: 'dc-1' }, { ...b, datacenter: 'dc-1' }, { ...c, datacenter: 'dc-1' }]));
    const clock = manualClock();
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { clusters: loadConfig(file).clusters, load: () => loadConfig(file), clock });
    f.inject(a.name, { kind: 'status', status: 503, endpoint: 'software' });
    f.inject(c.name, { kind: 'status', status: 503, endpoint: 'software' });
    await exporter.pollAll();
    f.clearFaults(a.name);
    f.clearFaults(c.name);
    await exporter.pollAll();
    const before = (await scrape(exporter)).series;
    expect(who(before)).toEqual([`${a.name}|dc-1|`, `${b.name}|dc-1|`, `${c.name}|dc-1|`]);
    expect(value(before, 'ontap_exporter_clusters')).toBe(3);
    expect(value(before, 'ontap_exporter_config_last_reload_successful')).toBe(1);
    const loadedAt = value(before, 'ontap_exporter_config_last_reload_success_timestamp_seconds') as number;
    expect(loadedAt).toBe(clock.now() / 1000);
    expect(pick(before, 'ontap_scrape_errors_total', a.name)['endpoint=software,reason=http_5xx']).toBe(1);
    expect(pick(before, 'ontap_scrape_errors_total', c.name)['endpoint=software,reason=http_5xx']).toBe(1);

    // a unchanged, b removed, c changed (datacenter and a label), d added.
    write('config.yml', configText(pw, [{ ...a, datacenter: 'dc-1' }, { ...c, datacenter: 'dc-2', labels: { team: 'dba' } }, { ...d, datacenter: 'dc-1' }]));
    f.clearRequestLog();
    clock.advance(1000);
    expect(await exporter.reload()).toBeUndefined();
    const right = (await scrape(exporter)).series;
    // Removed and changed clusters' old series are gone at once; the unchanged one keeps its series without a poll.
    expect(who(right).filter((x) => !x.startsWith(`${c.name}|dc-2`) && !x.startsWith(d.name))).toEqual([`${a.name}|dc-1|`]);
    expect(pick(right, 'ontap_up', a.name)).toEqual({ '': 1 });
    // Added and changed clusters are polled at once (no pollAll here, no scheduler running).
    const after = await until(async () => {
      const s = (await scrape(exporter)).series;
      return pick(s, 'ontap_up', d.name)[''] === 1 && pick(s, 'ontap_up', c.name)['team=dba'] === 1 ? s : undefined;
    }, 'the new clusters polled');
    expect(who(after)).toEqual([`${a.name}|dc-1|`, `${c.name}|dc-2|dba`, `${d.name}|dc-1|`].sort());
    expect(new Set(f.requestLog().map((e) => e.cluster))).toEqual(new Set([c.name, d.name]));
    // a kept its state (its error counter); c started over.
    expect(pick(after, 'ontap_scrape_errors_total', a.name)['endpoint=software,reason=http_5xx']).toBe(1);
    const cErrors = Object.entries(pick(after, 'ontap_scrape_errors_total', c.name)).filter(([k]) => k.includes('endpoint=software') && k.includes('reason=http_5xx'));
    expect(cErrors.map(([, v]) => v)).toEqual([]); // a reason appears once seen
    const cFailures = Object.entries(pick(after, 'ontap_scrape_failures_total', c.name)).filter(([k]) => k.includes('endpoint=software'));
    expect(cFailures.map(([, v]) => v)).toEqual([0]);
    expect(value(after, 'ontap_exporter_clusters')).toBe(3);
    expect(value(after, 'ontap_exporter_config_last_reload_successful')).toBe(1);
    const reloadedAt = value(after, 'ontap_exporter_config_last_reload_success_timestamp_seconds') as number;
    expect(reloadedAt).toBe(loadedAt + 1);
    expect(logs.join('')).toMatch(/"added":1,"removed":1,"changed":1,"unchanged":1,"msg":"configuration reloaded"/);

    // A bad file: the running configuration stays, the error is logged and exported.
    write('config.yml', `${configText(pw, [{ ...a, datacenter: 'dc-1' }])}colour: red\n`);
    expect(await exporter.reload()).toMatch(/config\.yml: \(top level\): unknown key "colour"/);
    const bad = (await scrape(exporter)).series;
    expect(who(bad)).toEqual(who(after));
    expect(value(bad, 'ontap_exporter_config_last_reload_successful')).toBe(0);
    expect(value(bad, 'ontap_exporter_config_last_reload_success_timestamp_seconds')).toBe(reloadedAt);
    expect(value(bad, 'ontap_exporter_clusters')).toBe(3);
    expect(logs.join('')).toMatch(/unknown key \\"colour\\".*reload failed: keeping the previous configuration/);
    clock.advance(1000);
    write('config.yml', configText(pw, [{ ...a, datacenter: 'dc-1' }]));
    expect(await exporter.reload()).toBeUndefined();
    const fixed = (await scrape(exporter)).series;
    expect(who(fixed)).toEqual([`${a.name}|dc-1|`]);
    expect(value(fixed, 'ontap_exporter_config_last_reload_successful')).toBe(1);
    expect(value(fixed, 'ontap_exporter_config_last_reload_success_timestamp_seconds')).toBe(reloadedAt + 1);
  });

  it('a rotated password file is read again without a reload; the 401 in between recovers on the next poll', async () => {
    const auth = { user: 'monitor', password: 'pw-one' };
    const f = await sim(fleetSetups(1, ['idle']), { auth });
    const pw = write('pw', 'pw-one\n');
    const file = write('config.yml', configText(pw, [{ name: f.clusters[0]!.name, url: f.clusters[0]!.url }]));
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { clusters: loadConfig(file).clusters });
    const name = f.clusters[0]!.name;
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(pick(series, 'ontap_up', name)).toEqual({ '': 1 });

    auth.password = 'pw-two-rotated'; // changed on the cluster first
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_up', name)).toEqual({ '': 0 });
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=auth']).toBe(1);

    write('pw', 'pw-two-rotated\n'); // then in the file
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_up', name)).toEqual({ '': 1 });
    // Same cluster state, not a restart: the auth failure stays counted.
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=auth']).toBe(1);
    const all = logs.join('');
    expect(all).toContain('password file changed: using the new password');
    expect(all).toContain('poll recovered');
    for (const secret of ['pw-one', 'pw-two-rotated']) expect(all.includes(secret), secret).toBe(false);
  });

  it('a reload applies a changed --web.config.file; a bad one keeps the users in force', async () => {
    const f = await sim(fleetSetups(1, ['idle']));
    const pw = write('pw', 'netapp1!\n');
    const file = write('config.yml', configText(pw, [{ name: f.clusters[0]!.name, url: f.clusters[0]!.url }], 'admin'));
    const webFile = write('web.yml', stringify({ basic_auth_users: { alice: await hash('alice-pw', 4) } }));
    const load = () => ({ ...loadConfig(file), web: loadWebConfig(webFile) });
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { clusters: load().clusters, web: load().web, load });
    const status = async (user: string, password: string) => (await fetch(`${exporter.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } })).status;
    expect([await status('alice', 'alice-pw'), await status('bob', 'bob-pw')]).toEqual([200, 401]);

    write('web.yml', stringify({ basic_auth_users: { bob: await hash('bob-pw', 4) }, http_server_config: { headers: { 'X-Frame-Options': 'deny' } } }));
    expect(await exporter.reload()).toBeUndefined();
    expect([await status('alice', 'alice-pw'), await status('bob', 'bob-pw')]).toEqual([401, 200]);

    write('web.yml', 'basic_auth_users: {}\nhttp_server_config: {headers: {X-Frame-Options: allow-all}}\n');
    expect(await exporter.reload()).toMatch(/web\.yml: http_server_config\.headers\.X-Frame-Options: expected one of deny, sameorigin/);
    expect([await status('alice', 'alice-pw'), await status('bob', 'bob-pw')]).toEqual([401, 200]);
    write('web.yml', stringify({ tls_server_config: { cert: 'x', key: 'y' } }));
    expect(await exporter.reload()).toMatch(/cannot use the certificate and key|TLS on or off needs a restart/);
    expect(logs.join('')).not.toMatch(/alice-pw|bob-pw|\$2[aby]\$/);
  });

  it('POST /-/reload needs --web.enable-lifecycle', async () => {
    const f = await sim(fleetSetups(1, ['idle']));
    const { exporter } = await exporterFor(f);
    const r = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(403);
    expect(await r.text()).toBe('Lifecycle API is not enabled.\n');
  });

  it('the serve command reloads on SIGHUP and on POST /-/reload', async () => {
    const f = await sim(fleetSetups(2, ['idle']), { auth: { user: 'monitor', password: 'pw-serve' } });
    const pw = write('pw', 'pw-serve\n');
    const [a, b] = f.clusters.map((x) => ({ name: x.name, url: x.url })) as [Entry, Entry];
    const file = write('config.yml', configText(pw, [a]));
    // Port 0: the exporter logs the port it got.
    const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'serve', `--config.file=${file}`, '--web.listen-address=127.0.0.1:0', '--web.enable-lifecycle', '--log.format=json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (x) => { out += x; });
    let url = '';
    const series = async () => parseExposition(await (await fetch(`${url}/metrics`)).text());
    try {
      url = await until(async () => listeningUrl(out), 'the exporter listening', 20_000);
      await until(async () => ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 'exporter ready', 20_000);
      expect(who(await series())).toEqual([`${a.name}||`]);

      write('config.yml', configText(pw, [a, b]));
      child.kill('SIGHUP');
      const added = await until(async () => { const s = await series(); return pick(s, 'ontap_up', b.name)[''] === 1 ? s : undefined; }, 'the added cluster after SIGHUP');
      expect(who(added)).toEqual([`${a.name}||`, `${b.name}||`]);
      expect(value(added, 'ontap_exporter_clusters')).toBe(2);

      write('config.yml', configText(pw, [b]));
      const ok = await fetch(`${url}/-/reload`, { method: 'POST' });
      expect(ok.status).toBe(200);
      const removed = await series();
      expect(who(removed)).toEqual([`${b.name}||`]);
      expect(value(removed, 'ontap_exporter_clusters')).toBe(1);

      write('config.yml', configText(pw, [{ ...b, labels: { cluster: 'x' } }]));
      const bad = await fetch(`${url}/-/reload`, { method: 'POST' });
      expect(bad.status).toBe(500);
      expect(await bad.text()).toMatch(/clusters\[0\]\.labels\.cluster: "cluster" clashes with a label the exporter sets itself/);
      const kept = await series();
      expect(who(kept)).toEqual([`${b.name}||`]);
      expect(value(kept, 'ontap_exporter_config_last_reload_successful')).toBe(0);
      expect((await fetch(`${url}/-/reload`)).status).toBe(405);
      expect(out).toContain('SIGHUP: reloading the configuration');
      expect(out).not.toContain('pw-serve');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
