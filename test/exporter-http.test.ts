import { spawn, spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/runtime/clock.js';
import { createLogger } from '../src/runtime/log.js';
import { FAMILIES } from '../src/metrics/catalog.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, parseExposition, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { until } from './helpers/stack.js';

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

describe('scheduler', () => {
  it('polls by itself on node-cron\'s ticks', async () => {
    const f = await sim(fleetSetups(2, ['idle']));
    const { exporter } = await exporterFor(f, () => ({}), true);
    // Jitter 0: the first tick (within a second) polls every cluster.
    const polled = () => new Set(f.requestLog().filter((e) => e.path === '/api/cluster/software').map((e) => e.cluster));
    await until('a poll of every cluster', () => (polled().size === 2 ? true : undefined), 10);
    await until('ready', async () => ((await fetch(`${exporter.url}/-/ready`)).status === 200 ? true : undefined), 5);
  });

  it('polls every interval, every fast_interval while an update runs (the clock moved, not waited for)', async () => {
    const clock = manualClock();
    const f = await sim(fleetSetups(2, ['upgrade-2node', 'idle']), { timing: { lifMove: 0 } });
    const { exporter } = await exporterFor(f, () => ({ interval: 3, fastInterval: 1 }), false, { clock });
    await exporter.pollDue();
    for (let second = 1; second <= 6; second++) {
      clock.advance(1000);
      await exporter.pollDue();
    }
    const polls = (name: string) => f.requestLog().filter((e) => e.path === '/api/cluster/software' && e.cluster === name).length;
    expect([polls(f.clusters[0]!.name), polls(f.clusters[1]!.name)]).toEqual([7, 3]); // busy: 0..6 s; idle: 0, 3, 6 s
    expect((await fetch(`${exporter.url}/-/ready`)).status).toBe(200);
  });
});

describe('demo', () => {
  it('npm run demo serves every metric family for the simulated fleet, and promtool is clean', async () => {
    // Port 0: the demo says where it listens (a port picked here and handed over could be taken meanwhile).
    const child = spawn(process.execPath, ['bin/ontap-upgrade-exporter.js', 'demo', '--web.listen-address', '127.0.0.1:0', '--speed', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    try {
      const base = await until('the demo\'s metrics URL', () => /metrics:\s+(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(out)?.[1], 30, () => out.slice(-1000));
      let text = '';
      // Errors by reason appear at a reason's first failure (series budget): a healthy demo may have none yet.
      const expected = FAMILIES.map((x) => x.name).filter((n) => n !== 'ontap_scrape_errors_total');
      let missing: string[] = expected;
      await until('every metric family', async () => {
        const r = await fetch(`${base}/metrics`).catch(() => undefined);
        if (!r?.ok) return undefined;
        text = await r.text();
        const names = new Set(parseExposition(text).map((s) => s.name));
        missing = expected.filter((n) => !names.has(n));
        return missing.length === 0 ? true : undefined;
      }, 30, () => `missing: ${missing.join(', ')}\n${out.slice(-1000)}`);
      expect(text).toMatch(/^ontap_exporter_build_info\{version="[^"]+",node_version="v\d+/m);
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(check.stdout + check.stderr).toBe('');
      expect(check.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
