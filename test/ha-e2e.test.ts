// High availability with the real binaries: two exporter replicas on one config, each scraped by its own
// Prometheus (the shipped alerts/prometheus.yml relabelling), both sending to one Alertmanager.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH, fleetSetups } from '../src/simulator/fleet.js';
import { ROOT, RULE_FILES } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startAlertmanager, startExporterProcess, startPrometheus, startWebhook, until, type Proc } from './helpers/stack.js';

const procs: Proc[] = [];
const servers: Server[] = [];
let receiver: { stop(): void } | undefined;
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  receiver?.stop();
  for (const s of servers) s.close();
});

interface Delivered { labels: Record<string, string>; endsAt?: string }

/**
 * Between one Prometheus and Alertmanager: forwards every request and records the alerts that
 * Alertmanager took (it stores them before it answers), so the test waits for deliveries instead
 * of for time.
 */
async function relay(alertmanagerUrl: string): Promise<{ url: string; delivered: Delivered[] }> {
  const delivered: Delivered[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const body = Buffer.concat(chunks);
      const r = await fetch(`${alertmanagerUrl}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, ...(body.length ? { body } : {}) }).catch(() => undefined);
      if (r?.ok && req.method === 'POST') delivered.push(...(JSON.parse(body.toString()) as Delivered[]));
      res.writeHead(r?.status ?? 502).end(r ? await r.text() : '');
    })());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, delivered };
}

const shipped = parse(readFileSync(join(ROOT, 'alerts', 'prometheus.yml'), 'utf8')) as { alerting: { alert_relabel_configs: unknown[] } };

async function query(prometheus: Proc, q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  return ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

async function rules(prometheus: Proc): Promise<Array<{ name: string; lastEvaluation: string }>> {
  const r = await fetch(`${prometheus.url}/api/v1/rules?type=alert`);
  return ((await r.json()) as { data: { groups: Array<{ rules: Array<{ name: string; lastEvaluation: string }> }> } }).data.groups.flatMap((g) => g.rules);
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
    const relays = await Promise.all(replicas.map(() => relay(alertmanager.url)));
    const proms = await Promise.all(replicas.map((r, i) => startPrometheus(r.url, RULE_FILES, relays[i]!.url,
      { scrape_interval: '1s', evaluation_interval: '1s', external_labels: { replica: i === 0 ? 'a' : 'b' } }, shipped.alerting.alert_relabel_configs)));
    procs.push(...proms);
    const debug = () => `notifications: ${JSON.stringify(notes).slice(0, 1500)}\nalertmanager: ${alertmanager.output().slice(-800)}`;
    const pages = (status: string) => notes.filter((n) => n.path === '/pager').flatMap((n) => n.alerts)
      .filter((a) => a.status === status && a.labels.alertname === 'OntapSoftwareUpdateFailed' && a.labels.cluster === failing);
    const isFailed = (a: Delivered) => a.labels.alertname === 'OntapSoftwareUpdateFailed' && a.labels.cluster === failing;
    const resolved = (a: Delivered) => a.endsAt !== undefined && Date.parse(a.endsAt) <= Date.now();
    const held = async () => ((await (await fetch(`${alertmanager.url}/api/v2/alerts?filter=alertname%3D%22OntapSoftwareUpdateFailed%22`)).json()) as Array<{ labels: Record<string, string>; status: { state: string } }>)
      .filter((a) => a.labels.cluster === failing);

    // Both Prometheus servers see the failure and send it...
    for (const p of proms) {
      await until('the alert firing in each Prometheus', async () => ((await query(p, `ALERTS{alertname="OntapSoftwareUpdateFailed",alertstate="firing"}`)).length === 1 ? true : undefined), 60, debug);
    }
    await until('the page', () => (pages('firing').length > 0 ? true : undefined), 30, debug);
    // ...and once Alertmanager holds what both sent, it holds one alert (the replica label dropped):
    // no second page can follow, as a page goes out again only when the alerts of its group change.
    await until('the alert from both Prometheus in Alertmanager', () => (relays.every((r) => r.delivered.some(isFailed)) ? true : undefined), 30, debug);
    expect((await held()).map((a) => a.status.state)).toEqual(['active']);
    expect(pages('firing')).toHaveLength(1);
    expect(pages('firing')[0]?.labels).not.toHaveProperty('replica');
    expect(pages('firing')[0]?.labels).not.toHaveProperty('instance');

    // Replica a dies. Its Prometheus sees the exporter down and its series go stale...
    await replicas[0]?.stop();
    await until('replica a down in its Prometheus', async () => ((await query(proms[0] as Proc, 'up == 0')).length === 1 ? true : undefined), 30, debug);
    await until('stale series in Prometheus a', async () => ((await query(proms[0] as Proc, 'ontap_up')).length === 0 ? true : undefined), 30, debug);
    const staleAt = Date.now();
    // ...yet once Prometheus a has evaluated the rule on the stale data, the alert still fires there
    // (the rule looks back 10 minutes), nothing resolved reached Alertmanager, which still holds the
    // alert active: the page is neither resolved nor sent again.
    await until('a rule evaluation on the stale data in Prometheus a', async () => {
      const rule = (await rules(proms[0] as Proc)).find((r) => r.name === 'OntapSoftwareUpdateFailed');
      return rule && Date.parse(rule.lastEvaluation) > staleAt ? rule : undefined;
    }, 30, debug);
    expect((await query(proms[0] as Proc, `ALERTS{alertname="OntapSoftwareUpdateFailed",alertstate="firing",cluster="${failing}"}`)).length).toBe(1);
    expect(relays[0]!.delivered.filter((a) => isFailed(a) && resolved(a))).toEqual([]);
    expect((await held()).map((a) => a.status.state)).toEqual(['active']);
    expect(pages('resolved')).toEqual([]);
    expect(pages('firing')).toHaveLength(1);
  }, 120_000);
});
