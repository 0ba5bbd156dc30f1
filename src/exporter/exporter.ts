// Config -> scheduler -> ONTAP client -> collectors -> snapshot -> metrics -> HTTP, wired once.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterConfig } from './config.js';
import type { Logger } from './log.js';
import { createStore, type MetricsStore } from './metrics/store.js';
import { createClient } from './ontap-client.js';
import { pollCluster, type Target } from './poller.js';
import { createScheduler } from './scheduler.js';
import { createApp } from './server.js';
import { emptySnapshot } from './snapshot.js';
import { VERSION } from './version.js';

export interface ExporterOptions {
  clusters: ClusterConfig[];
  host: string;
  port: number;
  log: Logger;
  /** Polls at once across the fleet. */
  concurrency?: number;
  /** Ready after every cluster's first poll, or after this many seconds. */
  readyDeadlineSeconds?: number;
  /** Off in tests that drive polls themselves with pollAll(). */
  schedule?: boolean;
  jitterSeconds?: number;
}

export interface Exporter {
  url: string;
  store: MetricsStore;
  targets: Target[];
  pollAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startExporter(o: ExporterOptions): Promise<Exporter> {
  const store = createStore({ version: VERSION });
  store.setConfiguredClusters(o.clusters.length);
  const targets: Target[] = o.clusters.map((config) => ({
    config, client: createClient(config), snapshot: emptySnapshot(config.name, config.datacenter, config.interval), polling: false, nextDue: 0,
  }));
  const started = Date.now();
  const deadline = (o.readyDeadlineSeconds ?? 60) * 1000;
  const ready = () => targets.every((t) => t.snapshot.lastPoll !== undefined) || Date.now() - started > deadline;
  const app = createApp({ store, targets, ready, version: VERSION });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(o.port, o.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Polling starts only once the server listens: a listen failure leaves nothing running.
  const scheduler = createScheduler(targets, (t, stop) => pollCluster(t, store, o.log, stop), {
    concurrency: o.concurrency ?? 64, jitterSeconds: o.jitterSeconds ?? 5, cron: o.schedule ?? true,
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const addr = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`;
  o.log.info({ url, clusters: targets.length }, 'exporter listening');
  return {
    url, store, targets,
    pollAll: () => scheduler.pollAll(),
    stop: async () => {
      await scheduler.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await Promise.all(targets.map((t) => t.client.close()));
    },
  };
}
