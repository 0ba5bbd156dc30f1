// The upgrade window end to end: simulated ONTAP -> exporter -> real Prometheus (the shipped
// upgrade-window rules) -> real Alertmanager (the shipped alertmanager.yml) -> a webhook.
// Harvest-shaped alerts are posted to Alertmanager as Harvest's Prometheus would send them (its
// alertname with spaces, the ONTAP cluster name in `cluster`). One cluster updates, the other idles.
//
// Bounded in time: Prometheus runs a test-only copy of alerts/upgrade-window.rules.yml whose 30 minute
// grace ([30m]) is replaced by GRACE; everything else in it is the shipped file, read at run time.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor } from './helpers/exporter.js';
import { ROOT } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startAlertmanager, startPrometheus, startWebhook, until, type Proc } from './helpers/stack.js';

const GRACE = '8s';
const procs: Proc[] = [];
const cleanup: Array<() => void> = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  for (const c of cleanup) c();
});

interface AmAlert { labels: Record<string, string>; fingerprint: string; status: { state: string; inhibitedBy: string[] } }

describe('upgrade window: inhibition with the shipped Alertmanager config', () => {
  it('mutes Harvest-shaped alerts of the updating cluster only, until the update ends and the grace passes', { timeout: 150_000 }, async () => {
    const hook = await startWebhook();
    cleanup.push(hook.stop);
    const fleet = await sim(fleetSetups(2, ['idle']));
    const [busy, idle] = fleet.clusters.map((c) => c.name) as [string, string];
    const { exporter } = await exporterFor(fleet, () => ({ interval: 1, fastInterval: 1, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 } }), true);

    const shipped = readFileSync(join(ROOT, 'alerts', 'upgrade-window.rules.yml'), 'utf8');
    expect(shipped).toContain('[30m]');
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-window-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'upgrade-window.rules.yml'), shipped.replaceAll('[30m]', `[${GRACE}]`));

    const alertmanager = await startAlertmanager(hook.url, (am) => {
      Object.assign(am.route, { group_wait: '1s', group_interval: '1s', repeat_interval: '1h' });
      for (const r of am.route.routes) Object.assign(r, { group_wait: '1s', group_interval: '1s' });
    });
    procs.push(alertmanager);
    const prometheus = await startPrometheus(exporter.url, [join(dir, 'upgrade-window.rules.yml')], alertmanager.url);
    procs.push(prometheus);
    const amAlerts = async () => (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as AmAlert[];
    const debug = () => `webhook: ${JSON.stringify(hook.notes).slice(0, 1500)}\nprometheus: ${prometheus.output().slice(-600)}\nalertmanager: ${alertmanager.output().slice(-600)}`;

    // Harvest's prometheus posting its alerts: again every second, as Prometheus resends firing alerts.
    const harvest = (cluster: string) => [
      { labels: { alertname: 'HA Interconnect Down', cluster, datacenter: 'dc', severity: 'critical', node: `${cluster}-01` } },
      // A user's own node-down rule, opted in with the documented label.
      { labels: { alertname: 'StorageNodeDown', cluster, severity: 'critical', ontap_upgrade_mutable: 'true' } },
    ];
    let post = [...harvest(busy), ...harvest(idle)];
    const send = () => fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(post) });
    const delivered = (cluster: string, alertname: string) => hook.notes.some((n) => n.alerts.some((a) => a.status === 'firing' && a.labels.cluster === cluster && a.labels.alertname === alertname));

    // The update starts and its first phase runs; the simulator's clock stays put, so it keeps running.
    fleet.act(busy, { action: 'update', version: TARGET_VERSION, skip_warnings: true });
    fleet.advance(5);
    const window = await until('OntapSoftwareUpdateInProgress in Alertmanager', async () =>
      (await amAlerts()).find((a) => a.labels.alertname === 'OntapSoftwareUpdateInProgress' && a.labels.cluster === busy), 60, debug);
    expect(window.labels).toMatchObject({ severity: 'none', datacenter: 'dc-east' });

    const timer = setInterval(() => void send(), 1000);
    cleanup.push(() => clearInterval(timer));
    await send();
    // The idle cluster's alerts are delivered; the updating cluster's are held, inhibited by the window.
    await until('the idle cluster\'s alerts delivered', () => (delivered(idle, 'HA Interconnect Down') && delivered(idle, 'StorageNodeDown') ? true : undefined), 30, debug);
    const held = await amAlerts();
    for (const name of ['HA Interconnect Down', 'StorageNodeDown']) {
      const a = held.find((x) => x.labels.alertname === name && x.labels.cluster === busy);
      expect(a?.status, name).toMatchObject({ state: 'suppressed', inhibitedBy: [window.fingerprint], silencedBy: [] });
    }
    expect(delivered(busy, 'HA Interconnect Down') || delivered(busy, 'StorageNodeDown')).toBe(false);

    // The upgrade's own failure is never muted, even with the opt-in label.
    post = [...post, { labels: { alertname: 'OntapSoftwareUpdateFailed', cluster: busy, severity: 'critical', ontap_upgrade_mutable: 'true' } }];
    await send();
    await until('OntapSoftwareUpdateFailed delivered mid-upgrade', () => (delivered(busy, 'OntapSoftwareUpdateFailed') ? true : undefined), 30, debug);
    post = post.filter((a) => a.labels.alertname !== 'OntapSoftwareUpdateFailed');

    // The update ends; after the grace the window closes and the held alerts go out.
    for (let t = 0; t < 6 * 3600 && fleet.cluster(busy).engine.model.state !== 'completed'; t += 30) fleet.advance(30);
    expect(fleet.cluster(busy).engine.model.state).toBe('completed');
    const ended = Date.now();
    await until('the updating cluster\'s alerts delivered after the grace', () => (delivered(busy, 'HA Interconnect Down') && delivered(busy, 'StorageNodeDown') ? true : undefined), 60, debug);
    // Not before the grace (less a poll and a scrape): the window held them until then.
    expect((Date.now() - ended) / 1000).toBeGreaterThanOrEqual(Number.parseInt(GRACE, 10) - 2);
    // The window alert itself was never delivered anywhere.
    expect(hook.notes.some((n) => n.alerts.some((a) => a.labels.alertname === 'OntapSoftwareUpdateInProgress'))).toBe(false);
  });
});
