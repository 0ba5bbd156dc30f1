// Many simulated clusters in one process, each at its own port: the
// programmatic API that tests, the demo and the benchmark drive.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';
import { manualClock, speedClock, type SimClock } from './clock.js';
import { applyAction, createCluster, injectFault, syncCluster, type SimCluster } from './cluster.js';
import type { Timing } from './plan.js';
import type { FaultSpec } from './faults.js';
import { handle, type RequestLogEntry } from './http.js';
import type { Job } from './model.js';
import { SCENARIOS, type ClusterSetup, type ScriptAction } from './scenarios.js';

export interface FleetOptions {
  host?: string;
  /** First port; cluster i listens at port + i. 0 gives every cluster an ephemeral port. */
  port?: number;
  clusters: ClusterSetup[];
  /** Simulated seconds per real second; ignored with manual. */
  speed?: number;
  manual?: boolean;
  tls?: boolean;
  /** Basic-auth credentials; null turns authentication off. */
  auth?: { user: string; password: string } | null;
  timing?: Partial<Timing>;
  /** Request-log entries kept (oldest dropped first). */
  logLimit?: number;
}

export interface FleetCluster { name: string; url: string; port: number }

export interface Fleet {
  readonly clusters: FleetCluster[];
  readonly clock: SimClock;
  /** Moves a manual clock forward by simulated seconds. */
  advance(seconds: number): void;
  /** The cluster's live state, synced to now. */
  cluster(name: string): SimCluster;
  act(name: string, action: ScriptAction): Job | undefined;
  inject(name: string, fault: FaultSpec): number;
  clearFaults(name: string, id?: number): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  stop(): Promise<void>;
}

export const DEFAULT_AUTH = { user: 'admin', password: 'netapp1!' };

/** Clusters named `prefix-001`.. with scenarios assigned round-robin. */
export function fleetSetups(count: number, scenarios: string[], prefix = 'cluster'): ClusterSetup[] {
  for (const s of scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario "${s}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const scenario = scenarios[i % scenarios.length] as string;
    return (SCENARIOS[scenario] as (n: string) => ClusterSetup)(`${prefix}-${String(i + 1).padStart(width, '0')}`);
  });
}

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const names = new Set<string>();
  for (const c of opts.clusters) {
    if (names.has(c.name)) throw new Error(`duplicate cluster name "${c.name}"`);
    names.add(c.name);
  }
  const clock = opts.manual ? manualClock() : speedClock(opts.speed ?? 1);
  const now = clock.now();
  const sims = new Map<string, SimCluster>(opts.clusters.map((s) => [s.name, createCluster(s, now, opts.timing)]));
  const host = opts.host ?? '127.0.0.1';
  const auth = opts.auth === undefined ? DEFAULT_AUTH : opts.auth ?? undefined;
  const limit = opts.logLimit ?? 100_000;
  let log: RequestLogEntry[] = [];
  const ctx = {
    now: () => clock.now(),
    auth,
    log: (e: RequestLogEntry) => {
      log.push(e);
      if (log.length > limit * 1.1) log = log.slice(-limit);
    },
  };
  let tlsOpts: { key: string; cert: string } | undefined;
  if (opts.tls) {
    const pems = await generate([{ name: 'commonName', value: 'ontap-simulator' }], {
      keySize: 2048, days: 365, algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    } as never);
    tlsOpts = { key: pems.private, cert: pems.cert };
  }
  const servers: http.Server[] = [];
  const sockets = new Set<Socket>();
  const clusters: FleetCluster[] = [];
  try {
    let i = 0;
    for (const [name, sim] of sims) {
      const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
        handle(sim, ctx, req, res).catch(() => req.socket.destroy());
      };
      const server = tlsOpts ? https.createServer(tlsOpts, listener) : http.createServer(listener);
      server.keepAliveTimeout = 30_000;
      server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
      server.on('secureConnection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
      const port = opts.port ? opts.port + i : 0;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => { server.off('error', reject); resolve(); });
      });
      servers.push(server);
      const actual = (server.address() as AddressInfo).port;
      const h = host.includes(':') ? `[${host}]` : host;
      clusters.push({ name, port: actual, url: `${tlsOpts ? 'https' : 'http'}://${h}:${actual}` });
      i += 1;
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw new Error(`simulator could not listen: ${(err as Error).message}`, { cause: err });
  }

  const get = (name: string): SimCluster => {
    const sim = sims.get(name);
    if (!sim) throw new Error(`no simulated cluster named "${name}"`);
    syncCluster(sim, clock.now());
    return sim;
  };
  return {
    clusters, clock,
    advance: (seconds) => clock.advance(seconds),
    cluster: get,
    act: (name, action) => applyAction(get(name), action, clock.now()),
    inject: (name, fault) => injectFault(get(name), fault, clock.now()),
    clearFaults: (name, id) => {
      const sim = get(name);
      sim.faults = id === undefined ? [] : sim.faults.filter((f) => f.id !== id);
    },
    requestLog: () => [...log],
    clearRequestLog: () => { log = []; },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}

