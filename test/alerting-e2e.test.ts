// The whole chain: simulated ONTAP -> exporter -> real Prometheus -> real Alertmanager -> a webhook.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor } from './helpers/exporter.js';
import { RULE_FILES, ROOT } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startPrometheus, startProcess, type Proc } from './helpers/stack.js';

interface Notification { path: string; status: string; alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }> }

const procs: Proc[] = [];
let receiver: Server | undefined;
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  receiver?.close();
});

async function until<T>(what: string, fn: () => T | undefined, seconds: number, debug: () => string): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${seconds} s\n${debug()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('alerting end to end', () => {
  it('a failed update pages as OntapSoftwareUpdateFailed, a healthy 4-node upgrade pages nobody, recovery resolves', async () => {
    const notes: Notification[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        try { notes.push({ path: req.url ?? '', ...(JSON.parse(body) as Omit<Notification, 'path'>) }); } catch { /* ignore */ }
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver?.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    // Speed 600: the failing update fails after ~4 s; the healthy 4-node one takes ~17 s.
    const fleet = await sim(fleetSetups(2, ['failed', 'upgrade-4node']), { manual: false, speed: 600 });
    const [failing, healthy] = fleet.clusters.map((c) => c.name) as [string, string];
    const { exporter } = await exporterFor(fleet, () => ({ interval: 1, fastInterval: 1, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 } }), true);

    // The shipped Alertmanager example, its receivers pointed at this test and its waits shortened.
    const am = parse(readFileSync(join(ROOT, 'alerts', 'alertmanager.yml'), 'utf8')) as any;
    Object.assign(am.route, { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' });
    for (const r of am.route.routes) Object.assign(r, { group_wait: '1s' });
    for (const r of am.receivers) for (const w of r.webhook_configs ?? []) w.url = `${hook}/${r.name}`;
    const alertmanager = await startProcess('alertmanager', 'prometheus-alertmanager',
      (dir, port) => ['--config.file=am.yml', `--storage.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
      () => ({ 'am.yml': stringify(am) }), '/-/ready');
    procs.push(alertmanager);
    const prometheus = await startPrometheus(exporter.url, RULE_FILES, alertmanager.url);
    procs.push(prometheus);
    const debug = () => `notifications: ${JSON.stringify(notes).slice(0, 1500)}\nprometheus: ${prometheus.output().slice(-800)}\nalertmanager: ${alertmanager.output().slice(-800)}`;

    const page = await until('the page', () => notes.find((n) => n.path === '/pager' && n.alerts.some((a) =>
      a.status === 'firing' && a.labels.alertname === 'OntapSoftwareUpdateFailed' && a.labels.cluster === failing)), 60, debug);
    const alert = page.alerts.find((a) => a.labels.alertname === 'OntapSoftwareUpdateFailed')!;
    expect(alert.labels).toMatchObject({ severity: 'critical', cluster: failing, datacenter: 'dc-east' });
    expect(alert.annotations.runbook_url).toBe('docs/runbook.md#ontapsoftwareupdatefailed');
    expect(alert.annotations.description).toContain(`cluster ${failing}`);

    // The healthy upgrade runs to completion without paging.
    await until('healthy upgrade completed', () => (fleet.cluster(healthy).engine.model.state === 'completed' ? true : undefined), 60, debug);
    // Recovery: the admin fixes the cause and runs the update again.
    fleet.act(failing, { action: 'update', version: TARGET_VERSION, skip_warnings: true });
    await until('the resolved notification', () => notes.find((n) => n.path === '/pager' && n.alerts.some((a) =>
      a.status === 'resolved' && a.labels.alertname === 'OntapSoftwareUpdateFailed' && a.labels.cluster === failing)), 60, debug);

    const pagesForHealthy = notes.filter((n) => n.path === '/pager').flatMap((n) => n.alerts).filter((a) => a.labels.cluster === healthy);
    expect(pagesForHealthy).toEqual([]);
    expect(notes.filter((n) => n.path === '/null')).toEqual([]);
  });
});
