// The whole chain: simulated ONTAP -> exporter -> real Prometheus -> real Alertmanager -> a webhook.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/config.js';
import { parseDuration } from '../src/config/duration.js';
import { createLogger } from '../src/runtime/log.js';
import { pollCluster } from '../src/poll/poller.js';
import { isBusy } from '../src/poll/snapshot.js';
import { fleetSetups, type Fleet } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor, scrape } from './helpers/exporter.js';
import { RULE_FILES, ROOT, allRules, metricNames } from './helpers/rules.js';
import { sim } from './helpers/sim.js';
import { startAlertmanager as startShippedAlertmanager, startPrometheus, startWebhook, until, type Notification, type Proc } from './helpers/stack.js';

const procs: Proc[] = [];
const receivers: Array<{ stop(): void }> = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  for (const r of receivers) r.stop();
});

async function startReceiver(): Promise<{ hook: string; notes: Notification[] }> {
  const w = await startWebhook();
  receivers.push(w);
  return { hook: w.url, notes: w.notes };
}

const SHIPPED_AM = () => parse(readFileSync(join(ROOT, 'alerts', 'alertmanager.yml'), 'utf8'));
const SHIPPED_PROM = () => parse(readFileSync(join(ROOT, 'alerts', 'prometheus.yml'), 'utf8')) as { global: Record<string, string> };

async function startAlertmanager(hook: string, tweak: (am: any) => void = () => undefined): Promise<Proc> {
  const proc = await startShippedAlertmanager(hook, tweak);
  procs.push(proc);
  return proc;
}

/**
 * The paging path at test speed: the exporter polling every second, the shipped Alertmanager
 * example with its waits shortened, and Prometheus with the shipped rules; `debug` says what each saw.
 */
async function fastPagingPath(fleet: Fleet, hook: string, notes: Notification[]) {
  const { exporter } = await exporterFor(fleet, () => ({ interval: 1, fastInterval: 1, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 } }), true);
  const alertmanager = await startAlertmanager(hook, (am) => {
    Object.assign(am.route, { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' });
    for (const r of am.route.routes) Object.assign(r, { group_wait: '1s' });
  });
  const prometheus = await startPrometheus(exporter.url, RULE_FILES, alertmanager.url);
  procs.push(prometheus);
  const debug = () => `notifications: ${JSON.stringify(notes).slice(0, 1500)}\nprometheus: ${prometheus.output().slice(-800)}\nalertmanager: ${alertmanager.output().slice(-800)}`;
  return { exporter, debug };
}

const firing = (notes: Notification[], alertname: string, cluster: string) => notes.find((n) => n.path === '/pager' && n.alerts.some((a) =>
  a.status === 'firing' && a.labels.alertname === alertname && a.labels.cluster === cluster));

describe('alerting end to end', () => {
  it('a failed update pages as OntapSoftwareUpdateFailed, a healthy 4-node upgrade pages nobody, recovery resolves', async () => {
    const { hook, notes } = await startReceiver();
    // Speed 600: the failing update fails after ~4 s; the healthy 4-node one takes ~17 s.
    const fleet = await sim(fleetSetups(2, ['failed', 'upgrade-4node']), { manual: false, speed: 600 });
    const [failing, healthy] = fleet.clusters.map((c) => c.name) as [string, string];
    const { debug } = await fastPagingPath(fleet, hook, notes);

    const page = await until('the page', () => firing(notes, 'OntapSoftwareUpdateFailed', failing), 60, debug);
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

describe('alerting end to end: post-update checks', () => {
  it('an update whose post-update checks fail pages as OntapSoftwarePostUpdateCheckFailed, not before the checks fail', { timeout: 180_000 }, async () => {
    const { hook, notes } = await startReceiver();
    // Speed 600: the 2-node update completes in ~10 s; its post-update checks pass until then.
    const fleet = await sim(fleetSetups(1, ['upgrade-post-check-failed']), { manual: false, speed: 600 });
    const name = fleet.clusters[0]!.name;
    const { debug } = await fastPagingPath(fleet, hook, notes);
    const completed = await until('the update completed', () => (fleet.cluster(name).engine.model.state === 'completed' ? Date.now() : undefined), 60, debug);
    const page = await until('the page', () => firing(notes, 'OntapSoftwarePostUpdateCheckFailed', name), 150, debug);
    // `for: 1m` after the failed checks appeared, which was when the update completed.
    expect(page.at - completed).toBeGreaterThanOrEqual(55_000);
    const alert = page.alerts.find((a) => a.labels.alertname === 'OntapSoftwarePostUpdateCheckFailed')!;
    expect(alert.labels).toMatchObject({ severity: 'critical', cluster: name, status: 'error' });
    expect(alert.annotations.runbook_url).toBe('docs/runbook.md#ontapsoftwarepostupdatecheckfailed');
    expect(alert.annotations.description).toContain('1 error(s)');
  });
});

// Time to detect, under the shipped defaults: the exporter's default intervals and timeouts, the
// example prometheus.yml's scrape and evaluation intervals, the shipped rules (their `for`) and the
// example alertmanager.yml (its group_wait). Prometheus and Alertmanager run on the wall clock, so the
// simulator runs on its manual clock: the update is moved forward instantly to the step that fails,
// and the state change happens at a known wall-clock instant. The detection delay is then measured in
// real seconds, bounded by the worst case computed below from the same files (about 2.5 minutes).
describe('time to detect under the shipped defaults', () => {
  const defaults = parseConfig('clusters: [{ name: x, url: "https://x", username: u, password: p }]', 'defaults').clusters[0]!;
  const prom = SHIPPED_PROM().global;
  const am = SHIPPED_AM();
  const seconds = (d: string | undefined) => (d === undefined ? 0 : parseDuration(d) as number);
  const ruleFor = (alert: string) => seconds(allRules().find((r) => r.alert === alert)?.for);
  const pagerWait = seconds((am.route.routes as Array<{ matchers: string[]; group_wait?: string }>).find((r) => r.matchers.includes('severity="critical"'))?.group_wait ?? am.route.group_wait);
  /** The state changes just after a poll: the next poll (fast_interval while busy), the next scrape, the next evaluation, `for`, group_wait. */
  const worstCase = (alert: string) => defaults.fastInterval + seconds(prom.scrape_interval) + seconds(prom.evaluation_interval) + ruleFor(alert) + pagerWait;

  it('failed update and paused-on-error page within the computed worst case; the figures docs/alerting.md states', { timeout: 330_000 }, async () => {
    const cases = [
      { scenario: 'failed', state: 'failed', alert: 'OntapSoftwareUpdateFailed' },
      { scenario: 'paused-on-error', state: 'paused_on_error', alert: 'OntapSoftwareUpdatePausedOnError' },
    ];
    const { hook, notes } = await startReceiver();
    const fleet = await sim(fleetSetups(2, cases.map((c) => c.scenario)));
    const names = fleet.clusters.map((c) => c.name);
    // The shipped defaults, as a configuration without those keys gets them.
    const { exporter } = await exporterFor(fleet, () => ({ interval: defaults.interval, fastInterval: defaults.fastInterval, timeouts: defaults.timeouts }), true);
    const alertmanager = await startAlertmanager(hook);
    const prometheus = await startPrometheus(exporter.url, RULE_FILES, alertmanager.url, { scrape_interval: prom.scrape_interval as string, evaluation_interval: prom.evaluation_interval as string });
    procs.push(prometheus);
    const debug = () => `notifications: ${JSON.stringify(notes).slice(0, 1500)}\nprometheus: ${prometheus.output().slice(-800)}\nalertmanager: ${alertmanager.output().slice(-800)}`;

    // Both updates in progress, seen by Prometheus through a rule evaluation: the chain is warm.
    const query = async (q: string) => ((await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data: { result: unknown[] } }).data.result;
    await until('both updates in progress in Prometheus', async () => ((await query('cluster:ontap_software_update_active:max == 1')).length === 2 ? true : undefined),
      seconds(prom.scrape_interval) + seconds(prom.evaluation_interval) + defaults.fastInterval + 30, debug);

    // Move simulated time forward (instantly, in 10 s steps) until each state changes; note the wall-clock instant.
    const changedAt = new Map<string, number>();
    const reachable = (f: Fleet, name: string) => f.clock.now() >= f.cluster(name).engine.lifUnreachableUntil;
    for (let t = 0; t < 6 * 3600 && !(changedAt.size === cases.length && names.every((n) => reachable(fleet, n))); t += 10) {
      fleet.advance(10);
      cases.forEach((c, i) => {
        if (!changedAt.has(c.alert) && fleet.cluster(names[i]!).engine.model.state === c.state) changedAt.set(c.alert, Date.now());
      });
    }
    expect(changedAt.size).toBe(cases.length);

    const measured: Record<string, number> = {};
    await Promise.all(cases.map(async (c, i) => {
      const note = await until(`${c.alert} page`, () => firing(notes, c.alert, names[i]!), worstCase(c.alert) + 30, debug);
      measured[c.alert] = (note.at - (changedAt.get(c.alert) as number)) / 1000;
    }));
    console.log(`time to detect (shipped defaults): ${cases.map((c) => `${c.alert} ${measured[c.alert]!.toFixed(1)} s (worst case ${worstCase(c.alert)} s)`).join('; ')}`);
    for (const c of cases) {
      // Never before `for` + group_wait have passed; never later than the worst case (plus poll and delivery time).
      expect(measured[c.alert]).toBeGreaterThanOrEqual(ruleFor(c.alert) + pagerWait - 1);
      expect(measured[c.alert]).toBeLessThanOrEqual(worstCase(c.alert) + 5);
    }
    // docs/alerting.md states the worst cases these files give.
    const readme = readFileSync(join(ROOT, 'docs', 'alerting.md'), 'utf8');
    for (const c of cases) expect(readme).toMatch(new RegExp(`\\| \`${c.alert}\` \\| ${worstCase(c.alert)} s \\|`));
    // Each page is the right one, and nothing else paged.
    const pages = notes.filter((n) => n.path === '/pager').flatMap((n) => n.alerts).filter((a) => a.status === 'firing');
    expect(new Set(pages.map((a) => `${a.labels.alertname}/${a.labels.cluster}`))).toEqual(new Set(cases.map((c, i) => `${c.alert}/${names[i]}`)));
  });
});

// Healthy upgrades page nobody: 2-, 4- and 8-node and MetroCluster upgrades, with the management
// LIF gone for a minute at each takeover and giveback of its node. Prometheus's `for:` durations run on
// its clock, so the run is replayed in simulated time: the real exporter polls the simulator on the
// shipped schedule (fast_interval while busy, interval otherwise, per cluster), /metrics is scraped every
// shipped scrape_interval of simulated time, and promtool evaluates the shipped rules on those samples
// every shipped evaluation_interval. No alert may fire at any time.
describe('healthy upgrades page nobody', () => {
  it('2-, 4-, 8-node and MetroCluster upgrades with their takeover windows: no alert fires', { timeout: 240_000 }, async () => {
    const defaults = parseConfig('clusters: [{ name: x, url: "https://x", username: u, password: p }]', 'defaults').clusters[0]!;
    const prom = SHIPPED_PROM().global;
    const scrapeEvery = parseDuration(prom.scrape_interval as string) as number;
    const fleet = await sim(fleetSetups(4, ['upgrade-2node', 'upgrade-4node', 'upgrade-8node', 'metrocluster']));
    const { exporter } = await exporterFor(fleet, () => ({ interval: defaults.interval, fastInterval: defaults.fastInterval }));
    const log = createLogger('error', 'json', new Writable({ write(_c, _e, done) { done(); } }));
    const used = new Set(allRules().flatMap((r) => metricNames(r.expr)));

    // Simulated seconds of each exporter poll (wall-clock Unix seconds -> simulated seconds), to
    // replay ontap_scrape_last_success_timestamp_seconds on the simulated time line.
    const simTimeOf = new Map<number, number>();
    const nextPoll = new Map(exporter.targets.map((t) => [t, 0]));
    const samples = new Map<string, Array<number | undefined>>();
    const step = 5;
    let scrapes = 0;
    let doneFor = 0;
    for (let now = 0; now <= 8 * 3600 && doneFor < 30 * 60; now += step) {
      for (const t of exporter.targets) {
        if ((nextPoll.get(t) as number) > now) continue;
        await pollCluster(t, exporter.store, log);
        simTimeOf.set(t.snapshot.lastPoll as number, now);
        nextPoll.set(t, now + (isBusy(t.snapshot) ? t.config.fastInterval : t.config.interval));
      }
      if (now % scrapeEvery === 0) {
        for (const s of (await scrape(exporter)).series) {
          if (!used.has(s.name)) continue;
          const key = `${s.name}{${Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
          const row = samples.get(key) ?? samples.set(key, []).get(key)!;
          row[scrapes] = s.name === 'ontap_scrape_last_success_timestamp_seconds' ? simTimeOf.get(s.value) : s.value;
        }
        scrapes += 1;
      }
      doneFor = fleet.clusters.every((c) => fleet.cluster(c.name).engine.model.state === 'completed') ? doneFor + step : 0;
      fleet.advance(step);
    }
    expect(doneFor).toBeGreaterThanOrEqual(30 * 60);

    // The takeover windows were there: every cluster's management address failed some polls.
    const errors = [...samples].filter(([k]) => k.startsWith('ontap_scrape_errors_total{') && k.includes('endpoint="software"'));
    for (const c of fleet.clusters) {
      expect(errors.filter(([k]) => k.includes(`cluster="${c.name}"`)).reduce((n, [, v]) => n + (v.at(-1) ?? 0), 0), c.name).toBeGreaterThan(0);
    }
    const series = [...samples].map(([series, row]) => {
      const values: string[] = [];
      let seen = false;
      for (let i = 0; i < scrapes; i++) {
        const v = row[i];
        values.push(v === undefined ? (seen ? 'stale' : '_') : String(v));
        seen ||= v !== undefined;
      }
      return { series, values: values.join(' ') };
    });
    const end = `${(scrapes - 1) * scrapeEvery}s`;
    const test = {
      rule_files: RULE_FILES,
      evaluation_interval: prom.evaluation_interval,
      tests: [{
        interval: prom.scrape_interval,
        input_series: series,
        // Severity none (OntapSoftwareUpdateInProgress) is the upgrade window, routed nowhere: it must fire, nothing else.
        promql_expr_test: [
          { expr: `count_over_time(ALERTS{alertstate="firing",severity!="none"}[${end}])`, eval_time: end, exp_samples: [] },
          { expr: `count by (alertname) (count_over_time(ALERTS{alertstate="firing",severity="none"}[${end}]))`, eval_time: end, exp_samples: [{ labels: '{alertname="OntapSoftwareUpdateInProgress"}', value: 4 }] },
        ],
      }],
    };
    const dir = mkdtempSync(join(tmpdir(), 'healthy-'));
    try {
      writeFileSync(join(dir, 'healthy.test.yml'), stringify(test, { lineWidth: 0 }));
      const r = spawnSync('promtool', ['test', 'rules', join(dir, 'healthy.test.yml')], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stdout + r.stderr).toContain('SUCCESS');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
