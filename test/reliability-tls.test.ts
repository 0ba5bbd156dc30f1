// A cluster whose TLS certificate names another host, with ca_file set: undici 7
// leaves some requests pending forever (see src/exporter/ontap-client.ts). The
// poll must still end by timeouts.poll with reason tls, free its concurrency
// slot, and recover once the certificate is fixed. Real HTTPS on loopback, in
// front of a simulated cluster.

import https from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClusters } from '../src/demo/cli.js';
import { startExporter, type Exporter } from '../src/exporter/exporter.js';
import { createLogger } from '../src/runtime/log.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { forward } from './helpers/tamper.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function cert(host: string): Promise<{ key: string; cert: string }> {
  const san = /^\d/.test(host) ? { type: 7, ip: host } : { type: 2, value: host };
  const p = await generate([{ name: 'commonName', value: host }], { keySize: 2048, days: 2, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [san] }] } as never);
  return { key: p.private, cert: p.cert };
}

/** HTTPS on 127.0.0.1 with `tlsOpts`, passing requests to a plain-http simulated cluster. */
async function httpsFront(upstream: string, tlsOpts: { key: string; cert: string }): Promise<{ server: https.Server; url: string }> {
  const up = new URL(upstream);
  const sockets = new Set<Socket>();
  const server = https.createServer(tlsOpts, (req, res) => forward(up, req, res));
  server.on('secureConnection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(async () => { for (const s of sockets) s.destroy(); await new Promise((r) => server.close(r)); });
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function start(clusters: ReturnType<typeof demoClusters>, concurrency: number): Promise<Exporter> {
  const exporter = await startExporter({ clusters, host: '127.0.0.1', port: 0, log: createLogger('error', 'json'), schedule: false, jitterSeconds: 0, readyDeadlineSeconds: 3600, concurrency });
  cleanup.push(() => exporter.stop());
  return exporter;
}

/** pollAll, or 'stuck' when it has not finished within `ms`. */
async function pollWithin(e: Exporter, ms: number): Promise<'done' | 'stuck'> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([e.pollAll().then(() => 'done' as const), new Promise<'stuck'>((res) => { timer = setTimeout(res, ms, 'stuck'); })]);
  clearTimeout(timer);
  return r;
}

describe('TLS certificate valid for another host name, with ca_file set', () => {
  it('the poll ends by timeouts.poll with reason tls, and recovers when the certificate is fixed', async () => {
    const f = await sim('idle');
    const [wrong, right] = [await cert('other.example'), await cert('127.0.0.1')];
    const front = await httpsFront(f.clusters[0]!.url, wrong);
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'ca.pem'), `${wrong.cert.trim()}\n${right.cert.trim()}\n`);
    const [base] = demoClusters(f.clusters);
    const poll = 2;
    const exporter = await start([{ ...base!, url: front.url, caFile: join(dir, 'ca.pem'), timeouts: { connect: 1, headers: 1.5, body: 1.5, poll } }], 1);
    const name = base!.name;
    expect(await pollWithin(exporter, (poll + 3) * 1000)).toBe('done');
    let { series } = await scrape(exporter);
    // The exporter's own account of the poll: every endpoint ended by timeouts.poll.
    for (const d of Object.values(pick(series, 'ontap_scrape_duration_seconds', name))) expect(d).toBeLessThanOrEqual(poll + 0.5);
    expect(pick(series, 'ontap_up', name)['']).toBe(0);
    const endpoints = Object.keys(pick(series, 'ontap_scrape_success', name)).map((k) => k.replace('endpoint=', ''));
    expect(endpoints.length).toBeGreaterThanOrEqual(4);
    for (const endpoint of endpoints) {
      expect(pick(series, 'ontap_scrape_errors_total', name)[`endpoint=${endpoint},reason=tls`]).toBe(1);
    }
    // Still stuck on the next poll (nothing recovers by itself) ...
    expect(await pollWithin(exporter, (poll + 3) * 1000)).toBe('done');
    // ... and fixed certificate, fixed exporter: no restart.
    front.server.setSecureContext(right);
    expect(await pollWithin(exporter, (poll + 3) * 1000)).toBe('done');
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_up', name)['']).toBe(1);
    expect(pick(series, 'ontap_scrape_success', name)).toEqual(Object.fromEntries(endpoints.map((e) => [`endpoint=${e}`, 1])));
  });

  it('with --poll.concurrency=2, two such clusters do not stop a healthy one from being polled', async () => {
    const f = await sim(fleetSetups(3, ['idle']));
    const wrong = await cert('other.example');
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'ca.pem'), wrong.cert);
    const fronts = [await httpsFront(f.clusters[0]!.url, wrong), await httpsFront(f.clusters[1]!.url, wrong)];
    const clusters = demoClusters(f.clusters).map((c, i) => ({
      ...c, timeouts: { connect: 1, headers: 1.5, body: 1.5, poll: 2 }, ...(i < 2 ? { url: fronts[i]!.url, caFile: join(dir, 'ca.pem') } : {}),
    }));
    const exporter = await start(clusters, 2);
    // Two rounds: a stuck cluster must give its slot back every time.
    for (let round = 0; round < 2; round++) expect(await pollWithin(exporter, 10_000)).toBe('done');
    const { series } = await scrape(exporter);
    expect(pick(series, 'ontap_up', f.clusters[2]!.name)['']).toBe(1);
    expect(pick(series, 'ontap_scrape_errors_total', f.clusters[0]!.name)['endpoint=software,reason=tls']).toBe(2);
  });
});
