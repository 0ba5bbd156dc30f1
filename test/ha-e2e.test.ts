// High availability with the real binaries: two exporter replicas on one config, each scraped by its own
// Prometheus (the shipped alerts/prometheus.yml relabelling), both sending to one Alertmanager.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH, fleetSetups } from '../src/simulator/fleet.js';
import { ROOT, RULE_FILES } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startAlertmanager, startExporterProcess, startPrometheus, startWebhook, until, type Proc } from './helpers/stack.js';

const procs: Proc[] = [];
let receiver: { stop(): void } | undefined;
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  receiver?.stop();
});

const shipped = parse(readFileSync(join(ROOT, 'alerts', 'prometheus.yml'), 'utf8')) as { alerting: { alert_relabel_configs: unknown[] } };

async function query(prometheus: Proc, q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  return ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

describe('two replicas, two Prometheus, one Alertmanager', () => {
  it('a failed update pages once, and keeps paging when one replica is killed', async () => {
    const webhook = await startWebhook();
    receiver = webhook;
    const { notes } = webhook;
    // Speed 600: the failing update fails after ~4 s.
    const fleet = await sim(fleetSetups(2, ['failed', 'idle']), { manual: false, speed: 600 });
    const failing = fleet.clusters[0]?.name as string;
    const config = {
      defaults: { username: DEFAULT_AUTH.user, password_file: 'password', interval: '1s', fast_interval: '1s', timeouts: { connect: '1s', headers: '1s', body: '1s', poll: '1s' } },
      clusters: fleet.clusters.map((c) => ({ name: c.name, url: c.url })),
    };
    const replicas = await Promise.all(['a', 'b'].map(() => startExporterProcess(config, [], {}, { password: DEFAULT_AUTH.password })));
    procs.push(...replicas);
    const alertmanager = await startAlertmanager(webhook.url, (am) => {
      Object.assign(am.route, { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' });
      for (const r of am.route.routes) Object.assign(r, { group_wait: '1s' });
    });
    procs.push(alertmanager);
    const proms = await Promise.all(replicas.map((r, i) => startPrometheus(r.url, RULE_FILES, alertmanager.url,
      { scrape_interval: '1s', evaluation_interval: '1s', external_labels: { replica: i === 0 ? 'a' : 'b' } }, shipped.alerting.alert_relabel_configs)));
    procs.push(...proms);
    const debug = () => `notifications: ${JSON.stringify(notes).slice(0, 1500)}\nalertmanager: ${alertmanager.output().slice(-800)}`;
    const pages = (status: string) => notes.filter((n) => n.path === '/pager').flatMap((n) => n.alerts)
      .filter((a) => a.status === status && a.labels.alertname === 'OntapSoftwareUpdateFailed' && a.labels.cluster === failing);

    // Both Prometheus servers see the failure and send it...
    for (const p of proms) {
      await until('the alert firing in each Prometheus', async () => ((await query(p, `ALERTS{alertname="OntapSoftwareUpdateFailed",alertstate="firing"}`)).length === 1 ? true : undefined), 60, debug);
    }
    await until('the page', () => (pages('firing').length > 0 ? true : undefined), 30, debug);
    // ...and Alertmanager merges the two into one alert and one page (group_interval is 2 s: give it three).
    await new Promise((r) => setTimeout(r, 6000));
    expect(pages('firing')).toHaveLength(1);
    expect(pages('firing')[0]?.labels).not.toHaveProperty('replica');
    expect(pages('firing')[0]?.labels).not.toHaveProperty('instance');

    // Replica a dies. Its Prometheus sees the exporter down and its series go stale...
    await replicas[0]?.stop();
    await until('replica a down in its Prometheus', async () => ((await query(proms[0] as Proc, 'up == 0')).length === 1 ? true : undefined), 30, debug);
    await until('stale series in Prometheus a', async () => ((await query(proms[0] as Proc, 'ontap_up')).length === 0 ? true : undefined), 30, debug);
    // ...yet the page is neither resolved nor sent again, and Alertmanager still holds it active.
    await new Promise((r) => setTimeout(r, 8000));
    expect(pages('resolved')).toEqual([]);
    expect(pages('firing')).toHaveLength(1);
    const active = (await (await fetch(`${alertmanager.url}/api/v2/alerts?active=true&filter=alertname%3D%22OntapSoftwareUpdateFailed%22`)).json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
    expect(active.map((a) => [a.labels.cluster, a.status.state])).toEqual([[failing, 'active']]);
  }, 120_000);
});
