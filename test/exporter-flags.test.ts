// The exporter-toolkit / node_exporter flags, in process: --web.telemetry-path, --web.max-requests,
// --web.disable-exporter-metrics, --web.listen-address repeated (cli-flags.test.ts runs the binary).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenAt, telemetryPath } from '../src/exporter/cli.js';
import type { MetricsStore } from '../src/metrics/store.js';
import { manualClock } from '../src/runtime/clock.js';
import { createApp } from '../src/web/server.js';
import { exporterFor } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

describe('--web.telemetry-path', () => {
  it('serves the metrics on the path given, and no longer on /metrics', async () => {
    const f = await sim('idle');
    const { exporter } = await exporterFor(f, undefined, false, { telemetryPath: '/probe/ontap' });
    await exporter.pollAll();
    const res = await fetch(`${exporter.url}/probe/ontap`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^ontap_software_info\{/m);
    expect((await fetch(`${exporter.url}/metrics`)).status).toBe(404);
    expect(await (await fetch(`${exporter.url}/`)).text()).toContain('<a href="/probe/ontap">Metrics</a>');
  });
  it('refuses a path that is not one, or would hide the status page or /-/ endpoints', () => {
    expect(telemetryPath('/metrics')).toBe('/metrics');
    for (const bad of ['metrics', '/', '/-/ready', '/a b', '/a"b', '/m?x', '']) expect(() => telemetryPath(bad)).toThrow(/--web.telemetry-path/);
  });
});

describe('--web.max-requests', () => {
  /** An app whose exposition is held until `release()`: scrapes stay in flight as long as needed. */
  async function heldApp(maxRequests: number) {
    const waiting: Array<() => void> = [];
    const store = {
      render: async () => {
        await new Promise<void>((r) => waiting.push(r));
        return { parts: ['up 1\n'], contentType: 'text/plain; version=0.0.4; charset=utf-8' };
      },
    } as unknown as MetricsStore;
    const server = createServer(createApp({ store, targets: [], ready: () => true, version: 'test', clock: manualClock(), maxRequests }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const inFlight = async (n: number) => { while (waiting.length < n) await new Promise((r) => setImmediate(r)); };
    return { url, inFlight, release: () => { for (const r of waiting.splice(0)) r(); }, close: () => new Promise((r) => server.close(r)) };
  }

  it('answers 503 beyond the limit of scrapes in flight, and serves again once they are done', async () => {
    const app = await heldApp(2);
    const first = [fetch(app.url), fetch(app.url)];
    await app.inFlight(2);
    const over = await fetch(app.url);
    expect(over.status).toBe(503);
    expect(await over.text()).toMatch(/Limit of concurrent requests reached \(2\), try again later/);
    app.release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    const again = fetch(app.url);
    await app.inFlight(1);
    app.release();
    expect((await again).status).toBe(200);
    await app.close();
  });
  it('0 means no limit', async () => {
    const app = await heldApp(0);
    const many = Array.from({ length: 50 }, () => fetch(app.url));
    await app.inFlight(50);
    app.release();
    expect(new Set((await Promise.all(many)).map((r) => r.status))).toEqual(new Set([200]));
    await app.close();
  });
});

describe('--web.disable-exporter-metrics', () => {
  it('leaves out process_* and nodejs_*, keeping the exporter\'s own ontap_exporter_* series', async () => {
    const f = await sim('idle');
    const on = (await exporterFor(f)).exporter;
    const off = (await exporterFor(f, undefined, false, { exporterMetrics: false })).exporter;
    const withThem = await (await fetch(`${on.url}/metrics`)).text();
    const without = await (await fetch(`${off.url}/metrics`)).text();
    expect(withThem).toMatch(/^process_cpu_user_seconds_total /m);
    expect(withThem).toMatch(/^nodejs_heap_size_total_bytes /m);
    expect(without).not.toMatch(/^(process|nodejs)_/m);
    expect(without).toMatch(/^ontap_exporter_build_info\{/m);
  });
});

describe('--web.listen-address, repeated', () => {
  it('serves the same exporter on every address', async () => {
    const f = await sim('idle');
    const at = listenAt(['127.0.0.1:0', '[::1]:0'], false);
    expect(at).toEqual([{ host: '127.0.0.1', port: 0 }, { host: '::1', port: 0 }]);
    const { exporter } = await exporterFor(f, undefined, false, { listen: at });
    expect(exporter.urls).toHaveLength(2);
    expect(exporter.urls[1]).toMatch(/^http:\/\/\[::1\]:\d+$/);
    await exporter.pollAll();
    const bodies = await Promise.all(exporter.urls.map(async (u) => (await fetch(`${u}/metrics`)).text()));
    for (const b of bodies) expect(b).toMatch(/^ontap_software_info\{/m);
  });
  it('--web.systemd-socket takes systemd\'s sockets instead of the addresses', () => {
    expect(listenAt([':10123'], true, { LISTEN_PID: '7', LISTEN_FDS: '1' }, 7)).toEqual([{ fd: 3 }]);
    expect(() => listenAt([':10123'], true, {}, 7)).toThrow(/no socket activation file descriptors found/);
  });
});

describe('--no-collector.firmware', () => {
  it('never asks the firmware endpoints, and serves no firmware series nor firmware scrape row', async () => {
    const f = await sim('upgrade-2node');
    const { exporter } = await exporterFor(f, undefined, false, { firmware: false });
    await exporter.pollAll();
    f.advance(600);
    await exporter.pollAll();
    const paths = new Set(f.requestLog().map((e) => e.path));
    expect(paths).toEqual(new Set(['/api/cluster/software', '/api/cluster/software/download', '/api/cluster/software/history', '/api/cluster/software/packages', '/api/cluster']));
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    expect(text).toMatch(/^ontap_software_info\{/m);
    expect(text).not.toMatch(/^ontap_firmware_/m);
    expect(text).not.toMatch(/endpoint="firmware"/);
  });

  it('is read by default: the same fleet with the collector on asks them', async () => {
    const f = await sim('upgrade-2node');
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    f.advance(600);
    await exporter.pollAll();
    expect(f.requestLog().map((e) => e.path)).toContain('/api/storage/disks');
    expect(await (await fetch(`${exporter.url}/metrics`)).text()).toMatch(/^ontap_firmware_sp_info\{/m);
  });
});
