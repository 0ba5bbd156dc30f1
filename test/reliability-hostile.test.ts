// What a hostile or broken cluster sends that the simulator never would: each
// case from the reliability review (issue 8), through the real exporter, with a
// loopback proxy in front of a simulated cluster answering in its place.

import { describe, expect, it } from 'vitest';
import type { ExporterOptions } from '../src/exporter/exporter.js';
import { isBusy } from '../src/poll/snapshot.js';
import { manualClock } from '../src/runtime/clock.js';
import { DEFAULT_AUTH } from '../src/simulator/fleet.js';
import { checkExposition } from './helpers/exposition-check.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { tamper, type Answer } from './helpers/tamper.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, body: JSON.stringify(body), headers });
const B64 = Buffer.from(`${DEFAULT_AUTH.user}:${DEFAULT_AUTH.password}`).toString('base64');

async function setup(tweak: Record<string, unknown> = {}, extra: Partial<ExporterOptions> = {}) {
  const f = await sim('upgrade-2node', { timing: { lifMove: 0 } });
  const proxy = await tamper(f.clusters[0]!.url);
  const started = await exporterFor(f, () => ({ url: proxy.url, ...tweak }), false, extra);
  const name = f.clusters[0]!.name;
  await started.exporter.pollAll();
  expect(pick((await scrape(started.exporter)).series, 'ontap_up', name)['']).toBe(1);
  return { ...started, proxy, name };
}

const page = async (e: { url: string }) => (await fetch(`${e.url}/`)).text();

describe('a hostile cluster cannot exhaust memory', () => {
  it('pages chained by _links.next stop at max_endpoint_bytes, and the last good data stays', async () => {
    const { exporter, proxy, name } = await setup({ maxEndpointBytes: 8 << 20 });
    const before = pick((await scrape(exporter)).series, 'ontap_software_last_update_duration_seconds', name);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const filler = 'x'.repeat(3 << 20);
    let served = 0;
    proxy.override = (path) => {
      if (path !== '/api/cluster/software/history') return undefined;
      served += 1;
      return json(200, { records: [{ state: 'successful', node: { name: filler } }], num_records: 1, _links: { next: { href: `/api/cluster/software/history?page=${served + 1}` } } });
    };
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=history,reason=bad_response']).toBe(1);
    expect(served).toBe(3); // 3 + 3 + 3 MB > 8 MiB: the third page is cut off, no fourth is asked for
    expect(pick(series, 'ontap_software_last_update_duration_seconds', name)).toEqual(before);
    expect(await page(exporter)).toContain('max_endpoint_bytes');
  });

  it('one response with 150,000 distinct nodes is refused (max_records); the cluster keeps its last good series', async () => {
    const { exporter, proxy, name } = await setup();
    await exporter.pollAll(); // the firmware endpoints are read on the second poll, once the first told the release
    const countBefore = (await scrape(exporter)).series.filter((s) => s.labels.cluster === name).length;
    const nodes = Array.from({ length: 150_000 }, (_, i) => ({ name: `n${i}`, version: `9.${i}.1` }));
    proxy.override = (path) => (path === '/api/cluster/software' ? json(200, { version: '9.14.1', state: 'completed', nodes }) : undefined);
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=bad_response']).toBe(1);
    // The same series, and the failure's reason (errors by reason appear once seen).
    expect(series.filter((s) => s.labels.cluster === name).length).toBe(countBefore + 1);
    expect(await page(exporter)).toContain('max_records');
  });

  it('a response that would take the cluster past max_series is refused; the last good data stays', async () => {
    const { exporter, proxy, name } = await setup({ maxSeries: 500 });
    const nodes = Array.from({ length: 600 }, (_, i) => ({ name: `n${i}`, version: '9.14.1' }));
    proxy.override = (path) => (path === '/api/cluster/software' ? json(200, { version: '9.14.1', state: 'completed', nodes }) : undefined);
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=bad_response']).toBe(1);
    expect(series.filter((s) => s.labels.cluster === name).length).toBeLessThanOrEqual(500);
    expect(Object.keys(pick(series, 'ontap_software_node_info', name))).toHaveLength(2);
    expect(await page(exporter)).toContain('max_series');
  });
});

describe('what a cluster echoes stays masked and bounded', () => {
  it('a 401 body echoing the password and the Basic value shows neither on the status page nor in logs', async () => {
    const { exporter, proxy, logs, name } = await setup();
    proxy.override = (path, req) => (path === '/api/cluster/software'
      ? json(401, { error: { message: `Authorization "${req.headers.authorization}" refused: user ${DEFAULT_AUTH.user}, password ${DEFAULT_AUTH.password}, token ${B64}`, code: DEFAULT_AUTH.password } })
      : undefined);
    await exporter.pollAll();
    const { series, text } = await scrape(exporter);
    expect(pick(series, 'ontap_scrape_errors_total', name)['endpoint=software,reason=auth']).toBe(1);
    const html = await page(exporter);
    expect(html).toContain('refused');
    for (const out of [html, logs.join(''), text]) {
      expect(out).not.toContain(DEFAULT_AUTH.password);
      expect(out).not.toContain(B64);
      expect(out).not.toContain(B64.replace(/=+$/, ''));
    }
    expect(html).toContain('&#60;redacted&#62;');
  });

  it('a 1 MB error code, message or _links.next becomes neither a 1 MB log line nor a large status page', async () => {
    const { exporter, proxy, logs, name } = await setup();
    const huge = 'Z'.repeat(1 << 20);
    proxy.override = (path) => {
      if (path === '/api/cluster/software') return json(500, { error: { message: huge, code: huge } });
      if (path === '/api/cluster/software/download') return json(200, { state: huge });
      if (path === '/api/cluster/software/history') return json(200, { records: [{ node: { name: huge }, state: huge, end_time: '2026-01-01T00:00:00Z' }], _links: { next: { href: `/elsewhere/${huge}` } } });
      if (path === '/api/cluster/software/packages') return json(200, { records: [{ version: huge, create_time: '2026-01-01T00:00:00Z' }] });
      return undefined;
    };
    logs.length = 0;
    await exporter.pollAll();
    const html = await page(exporter);
    expect(html.length).toBeLessThan(20_000);
    expect(html).toContain('more characters');
    expect(logs.join('')).toContain('_links.next points outside');
    // Strings that become label values are cut too.
    const { text, series } = await scrape(exporter);
    expect(text.length).toBeLessThan(100_000);
    expect(Object.keys(pick(series, 'ontap_software_package_created_timestamp_seconds', name))).toEqual([`version=${'Z'.repeat(256)}`]);
    for (const line of logs) expect(line.length).toBeLessThan(2_000);
  });
});

describe('Retry-After', () => {
  for (const status of [429, 503]) {
    it(`${status} with Retry-After delays that cluster's next poll, bounded, and the status page says so`, async () => {
      // The clock stands still: each poll's next due time is exact.
      const clock = manualClock(Date.UTC(2026, 0, 1), 5_000);
      const { exporter, proxy, name } = await setup({}, { clock });
      proxy.override = (path) => (path === '/api/cluster/software' ? json(status, { error: { message: 'busy', code: '1' } }, { 'retry-after': '120' }) : undefined);
      await exporter.pollAll();
      const target = exporter.targets.find((t) => t.config.name === name)!;
      expect(target.nextDue).toBe(5_000 + 120_000);
      expect(await page(exporter)).toMatch(/Retry-After 120s: next poll not before 2026-01-01T00:02:00/);
      proxy.override = (path) => (path === '/api/cluster/software' ? json(status, { error: { message: 'busy', code: '1' } }, { 'retry-after': '86400' }) : undefined);
      await exporter.pollAll();
      expect(target.nextDue).toBe(5_000 + 600_000);
      // Once the cluster answers again, the pace is the configured one.
      proxy.override = undefined;
      await exporter.pollAll();
      expect(target.nextDue).toBe(5_000 + (isBusy(target.snapshot) ? target.config.fastInterval : target.config.interval) * 1000);
      expect(await page(exporter)).not.toContain('Retry-After');
    });
  }
});

describe('duplicates in a response', () => {
  it('duplicate node, site and package names give one series each, with a debug warning', async () => {
    const { exporter, proxy, logs, name } = await setup();
    proxy.override = (path) => {
      if (path === '/api/cluster/software') {
        return json(200, {
          version: '9.14.1', state: 'in_progress',
          nodes: [{ name: 'n1', version: '9.14.1' }, { name: 'n1', version: '9.15.1' }, { name: 'n2', version: '9.14.1' }],
          metrocluster: { clusters: [{ name: 'site-a', state: 'in_progress' }, { name: 'site-a', state: 'completed' }] },
          update_details: [{ node: { name: 'n1' }, phase: 'Data ONTAP updates', state: 'in_progress' }, { node: { name: 'n1' }, phase: 'Data ONTAP updates', state: 'completed' }],
        });
      }
      if (path === '/api/cluster/software/packages') {
        return json(200, { records: [{ version: '9.15.1', create_time: '2026-01-01T00:00:00Z' }, { version: '9.15.1', create_time: '2026-01-02T00:00:00Z' }], num_records: 2 });
      }
      return undefined;
    };
    await exporter.pollAll();
    const { text, series } = await scrape(exporter);
    expect(checkExposition(text)).toEqual([]);
    expect(pick(series, 'ontap_software_node_info', name)).toEqual({ 'node=n1,version=9.14.1': 1, 'node=n2,version=9.14.1': 1 });
    expect(Object.keys(pick(series, 'ontap_software_metrocluster_site_state', name)).filter((k) => k.startsWith('site=site-a,')).length).toBeGreaterThan(0);
    expect(pick(series, 'ontap_software_package_created_timestamp_seconds', name)).toEqual({ 'version=9.15.1': 1_767_225_600 });
    const warned = logs.filter((l) => l.includes('"level":"debug"') && l.includes('duplicate'));
    expect(warned.join('\n')).toMatch(/software\.nodes: duplicate \\"n1\\" dropped/);
    expect(warned.join('\n')).toMatch(/packages\.records: duplicate \\"9\.15\.1\\" dropped/);
  });
});
