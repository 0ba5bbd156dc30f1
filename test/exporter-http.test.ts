import { spawn, spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/runtime/log.js';
import { FAMILIES } from '../src/metrics/catalog.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, parseExposition, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { freePort } from './helpers/stack.js';

describe('HTTP', () => {
  it('serves Prometheus text, OpenMetrics on request, health, readiness and a landing page', async () => {
    const f = await sim(fleetSetups(2, ['idle']));
    f.inject(f.clusters[1]!.name, { kind: 'status', status: 503, endpoint: 'software' });
    const { exporter } = await exporterFor(f);
    expect((await fetch(`${exporter.url}/-/healthy`)).status).toBe(200);
    const notReady = await fetch(`${exporter.url}/-/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toMatch(/2 cluster\(s\) not polled yet/);
    await exporter.pollAll();
    expect((await fetch(`${exporter.url}/-/ready`)).status).toBe(200);

    const prom = await scrape(exporter);
    expect(prom.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(prom.text).toMatch(/^# HELP ontap_software_info .*last successful poll/m);
    const om = await scrape(exporter, 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5');
    expect(om.contentType).toMatch(/^application\/openmetrics-text; version=1.0.0/);
    expect(om.text.trimEnd().endsWith('# EOF')).toBe(true);
    expect(om.text).toMatch(/^# TYPE ontap_scrape_errors counter$/m);

    const page = await (await fetch(`${exporter.url}/`)).text();
    expect(page).toContain('<a href="/metrics">');
    expect(page).toContain(f.clusters[0]!.name);
    expect(page).toMatch(/failed: software \(http_5xx\)/);
    expect(page).toContain('HTTP 503');

    expect((await fetch(`${exporter.url}/nope`)).status).toBe(404);
    expect((await fetch(`${exporter.url}/metrics`, { method: 'POST' })).status).toBe(405);
    const bad = await fetch(`${exporter.url}/%E0%A4%A`);
    expect([400, 404]).toContain(bad.status);
    expect(await bad.text()).not.toMatch(/at .*\.js/);
  });

  it('never shows a password or Authorization header in logs, metrics, pages or errors', async () => {
    const secret = 'S3cr3t-Pw-Xq9';
    const wrong = 'Wr0ng-Pw-Zz7';
    const f = await sim(fleetSetups(2, ['upgrade-2node']), { auth: { user: 'monitor', password: secret } });
    const { exporter, logs } = await exporterFor(f, (_c, i) => ({ username: 'monitor', password: i === 0 ? secret : wrong }));
    await exporter.pollAll();
    f.inject(f.clusters[0]!.name, { kind: 'status', status: 401 });
    await exporter.pollAll();
    const { text, series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', f.clusters[1]!.name)['endpoint=software,reason=auth']).toBe(2); // wrong password on both polls
    const page = await (await fetch(`${exporter.url}/`)).text();
    const b64 = (p: string) => Buffer.from(`monitor:${p}`).toString('base64');
    for (const [where, content] of [['logs', logs.join('')], ['metrics', text], ['page', page]] as const) {
      for (const needle of [secret, wrong, b64(secret), b64(wrong), 'authorization', 'Authorization']) {
        expect(content.includes(needle), `${needle} in ${where}`).toBe(false);
      }
    }
    expect(logs.join('')).toContain('"reason":"auth"');
  });

  it('the logger redacts secrets by key, in JSON and logfmt', () => {
    for (const format of ['json', 'logfmt'] as const) {
      const out: string[] = [];
      const log = createLogger('info', format, new Writable({ write(c, _e, d) { out.push(String(c)); d(); } }));
      log.info({ password: 'hunter2', headers: { authorization: 'Basic aHVudGVyMg==' }, cluster: 'c1' }, 'test');
      log.flush();
      const text = out.join('');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('aHVudGVyMg');
      expect(text).toContain('c1');
      if (format === 'logfmt') expect(text).toMatch(/^ts=\S+ level=info msg=test /);
    }
  });
});

describe('scheduler (node-cron)', () => {
  it('polls by itself, faster while something moves, never two polls of a cluster at once', async () => {
    const f = await sim(fleetSetups(3, ['upgrade-2node', 'idle', 'idle']), { timing: { lifMove: 0 } });
    const slow = f.clusters[2]!.name;
    f.inject(slow, { kind: 'latency', latencyMs: 1500, endpoint: 'software' });
    const { exporter } = await exporterFor(f, () => ({ interval: 3, fastInterval: 1, timeouts: { connect: 1, headers: 5, body: 5, poll: 5 } }), true);
    await new Promise((r) => setTimeout(r, 5200));
    const log = f.requestLog().filter((e) => e.path === '/api/cluster/software');
    const polls = (name: string) => log.filter((e) => e.cluster === name).map((e) => Date.parse(e.time));
    const [busy, idle] = [polls(f.clusters[0]!.name), polls(f.clusters[1]!.name)];
    expect(idle.length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThan(idle.length);
    const slowTimes = polls(slow);
    for (let i = 1; i < slowTimes.length; i++) expect((slowTimes[i] as number) - (slowTimes[i - 1] as number)).toBeGreaterThanOrEqual(1400);
    expect((await fetch(`${exporter.url}/-/ready`)).status).toBe(200);
  });
});

describe('demo', () => {
  it('npm run demo serves every metric family for the simulated fleet, and promtool is clean', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'demo', '--web.listen-address', `127.0.0.1:${port}`, '--speed', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    try {
      const deadline = Date.now() + 30_000;
      let text = '';
      let missing: string[] = FAMILIES.map((x) => x.name);
      while (Date.now() < deadline && missing.length > 0) {
        await new Promise((r) => setTimeout(r, 1000));
        const r = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
        if (!r?.ok) continue;
        text = await r.text();
        const names = new Set(parseExposition(text).map((s) => s.name));
        missing = FAMILIES.map((x) => x.name).filter((n) => !names.has(n));
      }
      expect(missing, out.slice(-1000)).toEqual([]);
      expect(text).toMatch(/^ontap_exporter_build_info\{version="[^"]+",node_version="v\d+/m);
      expect(out).toContain(`http://127.0.0.1:${port}/metrics`);
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(check.stdout + check.stderr).toBe('');
      expect(check.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
