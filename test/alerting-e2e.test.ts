// The whole chain: simulated ONTAP -> exporter -> real Prometheus -> real Alertmanager -> a webhook.

import { afterAll, describe, expect, it } from 'vitest';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor } from './helpers/exporter.js';
import { RULE_FILES } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startAlertmanager, startPrometheus, startWebhook, until, type Proc } from './helpers/stack.js';

const procs: Proc[] = [];
let receiver: { stop(): void } | undefined;
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  receiver?.stop();
});

describe('alerting end to end', () => {
  it('a failed update pages as OntapSoftwareUpdateFailed, a healthy 4-node upgrade pages nobody, recovery resolves', async () => {
    const webhook = await startWebhook();
    receiver = webhook;
    const { notes } = webhook;

    // Speed 600: the failing update fails after ~4 s; the healthy 4-node one takes ~17 s.
    const fleet = await sim(fleetSetups(2, ['failed', 'upgrade-4node']), { manual: false, speed: 600 });
    const [failing, healthy] = fleet.clusters.map((c) => c.name) as [string, string];
    const { exporter } = await exporterFor(fleet, () => ({ interval: 1, fastInterval: 1, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 } }), true);

    // The shipped Alertmanager example, its receivers pointed at this test and its waits shortened.
    const alertmanager = await startAlertmanager(webhook.url);
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
