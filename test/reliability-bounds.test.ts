// Numbers from ONTAP bounded where they become a date or a duration, and one cluster's bad data
// never breaks the page or a scrape for the others (issue 17). Through the real exporter, with a
// loopback proxy answering for one of two simulated clusters.

import { describe, expect, it } from 'vitest';
import { historyCollector } from '../src/collectors/history.js';
import { softwareCollector } from '../src/collectors/software.js';
import type { ClusterConfig } from '../src/config/config.js';
import type { Target } from '../src/poll/poller.js';
import { emptySnapshot } from '../src/poll/snapshot.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { statusPage } from '../src/web/status/page.js';
import { checkExposition } from './helpers/exposition-check.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { tamper } from './helpers/tamper.js';

/** An update in progress whose estimate is an unsigned -1, as a raw body (JSON.stringify would round it). */
const UNSIGNED_MINUS_ONE = '18446744073709551615';
const software = (estimate: string) => `{"version":"9.14.1","pending_version":"9.16.1","state":"in_progress","elapsed_duration":600,
"estimated_duration":${estimate},"nodes":[{"name":"n1","version":"9.14.1"},{"name":"n2","version":"9.14.1"}],
"update_details":[{"node":{"name":"n1"},"phase":"Data ONTAP updates","state":"in_progress","elapsed_duration":600,"estimated_duration":${estimate}}]}`;

async function setup() {
  const f = await sim(fleetSetups(2, ['upgrade-2node']), { timing: { lifMove: 0 } });
  const proxy = await tamper(f.clusters[0]!.url);
  const { exporter } = await exporterFor(f, (_c, i) => (i === 0 ? { url: proxy.url } : {}));
  return { exporter, proxy, bad: f.clusters[0]!.name, good: f.clusters[1]!.name };
}

describe('an estimated_duration of 18446744073709551615 during an update', () => {
  it('the status page still answers, with every cluster; the bad number is not exported as a date', async () => {
    const { exporter, proxy, bad, good } = await setup();
    proxy.override = (path) => (path === '/api/cluster/software' ? { status: 200, headers: { 'content-type': 'application/json' }, body: software(UNSIGNED_MINUS_ONE) } : undefined);
    await exporter.pollAll();
    const res = await fetch(`${exporter.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<b>${good}</b>`);
    expect(html).toContain(`<b>${bad}</b>`);
    const { text, series } = await scrape(exporter);
    expect(checkExposition(text)).toEqual([]);
    expect(pick(series, 'ontap_up', good)['']).toBe(1);
    expect(pick(series, 'ontap_software_update_elapsed_seconds', bad)['']).toBe(600);
    expect(pick(series, 'ontap_software_update_estimated_seconds', bad)).toEqual({});
    expect(pick(series, 'ontap_software_update_expected_end_timestamp_seconds', bad)).toEqual({});
    expect(pick(series, 'ontap_software_update_phase_estimated_seconds', bad)).toEqual({});
    // A plausible estimate still is one.
    proxy.override = (path) => (path === '/api/cluster/software' ? { status: 200, headers: { 'content-type': 'application/json' }, body: software('3600') } : undefined);
    await exporter.pollAll();
    expect(pick((await scrape(exporter)).series, 'ontap_software_update_estimated_seconds', bad)['']).toBe(3600);
  });
});

describe('one cluster whose row cannot be made', () => {
  it('becomes an error row naming it; the page and the other rows stand', () => {
    const target = (name: string): Target => {
      const config = { name, url: `https://${name}.example.com`, datacenter: 'dc1', interval: 60 } as ClusterConfig;
      return { config, client: undefined as never, snapshot: emptySnapshot(name, 'dc1', 60), polling: false, nextDue: 0 };
    };
    const good = target('good');
    const bad = target('bad');
    // A deadline no Date can hold: writing it out throws.
    bad.snapshot.target = { version: '9.16.1', deadline: 1e15 };
    const html = statusPage({ targets: [good, bad], version: 'test' }, {}, Date.UTC(2026, 0, 1) / 1000);
    expect(html).toContain('<b>good</b>');
    expect(html).toMatch(/<b>bad<\/b>.*cannot show this cluster: Invalid time value/);
  });
});

describe('durations and times from ONTAP, where they are read', () => {
  it('a duration past a year or below 0 is skipped with a warning; a plausible one kept', () => {
    const warnings: string[] = [];
    const d = softwareCollector.parse([{ state: 'in_progress', version: '9.14.1', elapsed_duration: -5, estimated_duration: 2 ** 64, metrocluster: { clusters: [{ name: 's1', elapsed_duration: 1e12, estimated_duration: 60 }] } }], (w) => warnings.push(w));
    expect([d.elapsed, d.estimated, d.sites[0]?.elapsed, d.sites[0]?.estimated]).toEqual([undefined, undefined, undefined, 60]);
    expect(warnings.join('\n')).toMatch(/software\.estimated_duration: 18446744073709552000 is not a duration in seconds/);
  });

  it('a history record from 1970 to 9999 keeps its end, not a duration of 8,000 years', () => {
    const warnings: string[] = [];
    const h = historyCollector.parse([{ records: [
      { node: { name: 'n1' }, state: 'successful', start_time: '1970-01-01T00:00:00Z', end_time: '9999-12-31T23:59:59Z' },
      { node: { name: 'n2' }, state: 'successful', start_time: '2026-01-01T00:00:00Z', end_time: '2026-01-01T01:00:00Z' },
    ] }], (w) => warnings.push(w));
    expect(h.records.map((r) => [r.start, r.end])).toEqual([[undefined, 253402300799], [1767225600, 1767229200]]);
    expect(warnings).toHaveLength(1);
  });
});
