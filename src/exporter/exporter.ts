// Config -> scheduler -> ONTAP client -> collectors -> snapshot -> metrics -> HTTP, wired once,
// and rewired in place on a reload: added clusters are polled at once, removed ones' series go
// at once, unchanged ones keep their state, changed ones start over.

import { ConfigError, type ClusterConfig } from '../config/config.js';
import { readPasswordFile } from '../config/files.js';
import { fileStamp, listen, type ListenAt, type Listener } from '../web/listener.js';
import type { Logger } from '../runtime/log.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { createStore, type MetricsStore } from '../metrics/store.js';
import { createClient } from '../ontap/client.js';
import { keepConnections } from '../ontap/transport.js';
import { pollCluster, type Target } from '../poll/poller.js';
import { createScheduler } from '../poll/scheduler.js';
import type { Shard } from '../config/shard.js';
import { createApp } from '../web/server.js';
import { targetOf } from '../campaign/campaign.js';
import { emptySnapshot } from '../poll/snapshot.js';
import { VERSION } from '../runtime/version.js';
import { NO_WEB_CONFIG, WebConfigError, type WebConfig } from '../config/web-config.js';
import { inventoryStamp } from '../config/inventory.js';
import { mergeSupport, type SupportRow } from '../core/support.js';
import { FIRMWARE_ENDPOINTS } from '../core/endpoints.js';

/** What a (re)load of the configuration files gives. */
export interface Loaded { clusters: ClusterConfig[]; warnings: string[]; web?: WebConfig; releases?: SupportRow[]; clusterFiles?: string[] }

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
  /** Set when the clusters are this exporter's share of a larger fleet (already filtered). */
  shard?: Shard;
  /** --web.config.file, loaded: TLS, basic auth, headers, rate limit. */
  web?: WebConfig;
  /** Reads the configuration files again (SIGHUP, POST /-/reload); throws ConfigError or WebConfigError. */
  load?: () => Loaded;
  /** --web.enable-lifecycle: POST /-/reload. */
  enableLifecycle?: boolean;
  /** Reads --web.config.file alone: done again, between reloads, when it or a certificate file changes. */
  loadWeb?: () => WebConfig;
  /** Every address to listen on (--web.listen-address, repeated, or --web.systemd-socket); absent: host and port. */
  listen?: ListenAt[];
  /** --web.telemetry-path (default /metrics). */
  telemetryPath?: string;
  /** --web.max-requests: scrapes served at once, beyond which 503 (0: no limit; default 40). */
  maxRequests?: number;
  /** --web.disable-exporter-metrics: no process_* and nodejs_* series. */
  exporterMetrics?: boolean;
  /** `cluster_files:` globs (absolute): a file added, removed or changed reloads, as SIGHUP does. */
  clusterFiles?: string[];
  /** How often the cluster files are checked (default 5 s; off with schedule: false, where tests call checkFiles()). */
  watchSeconds?: number;
  /** Every time the exporter reads (default: the system's); tests pass a manual one and move it. */
  clock?: Clock;
  /** The config's `releases:` rows over the built-in support table. */
  releases?: SupportRow[];
  /** Keep each cluster's connection between polls; default: when the fleet fits a quarter of the open-files limit. */
  keepConnections?: boolean;
  /** Read the firmware endpoints (default); false: --no-collector.firmware, never asked, no firmware series. */
  firmware?: boolean;
}

export interface Exporter {
  url: string;
  /** One per listen address. */
  urls: string[];
  store: MetricsStore;
  targets: Target[];
  pollAll(): Promise<void>;
  /** Polls the clusters that are due by the clock, as a scheduler tick does; resolves when they are done. */
  pollDue(): Promise<void>;
  /** Applies the configuration files again; resolves to why it failed (the old one keeps running), or undefined. */
  reload(): Promise<string | undefined>;
  /** Reloads if a cluster file was added, removed or changed since the last look; resolves to whether it did. */
  checkFiles(): Promise<boolean>;
  stop(): Promise<void>;
}

/** A cluster's configuration apart from its password (a password change alone is a rotation, not a restart). */
const shape = (c: ClusterConfig) => JSON.stringify({ ...c, password: undefined });

export async function startExporter(o: ExporterOptions): Promise<Exporter> {
  const log = o.log;
  const clock = o.clock ?? systemClock;
  const store = createStore({ version: VERSION, shard: o.shard, ...(o.exporterMetrics === false ? { processMetrics: false } : {}) });
  const live = new Map<string, Target>();
  const stamps = new WeakMap<Target, string>();
  const initialWeb = o.web ?? NO_WEB_CONFIG;
  // Every snapshot points at one table; a reload swaps it for all clusters (the next poll re-renders).
  let support = mergeSupport(o.releases ?? []);

  // Connections kept between polls while the fleet fits the open-files limit (decided per client, at its creation).
  let fleetSize = o.clusters.length;
  const newClient = (config: ClusterConfig) => createClient(config, clock, { keepAcrossPolls: o.keepConnections ?? keepConnections(fleetSize) });
  const makeTarget = (config: ClusterConfig): Target => {
    const t: Target = { config, client: newClient(config), snapshot: emptySnapshot(config.name, config.datacenter, config.interval, targetOf(config)), polling: false, nextDue: 0 };
    t.snapshot.support = support;
    if (config.passwordFile) stamps.set(t, fileStamp(config.passwordFile));
    store.setClusterLabels(config.name, config.labels ?? {});
    live.set(config.name, t);
    return t;
  };
  const useClient = (t: Target, config: ClusterConfig) => {
    const old = t.client;
    t.config = config;
    t.client = newClient(config);
    void old.close();
  };

  /** A rotated password file is picked up before the next poll, without a reload. */
  const rotate = (t: Target) => {
    const file = t.config.passwordFile;
    if (!file) return;
    const stamp = fileStamp(file);
    if (stamp === stamps.get(t)) return;
    stamps.set(t, stamp);
    let password: string;
    try {
      password = readPasswordFile(file);
    } catch (err) {
      log.warn({ cluster: t.config.name, file, err: (err as NodeJS.ErrnoException).code ?? 'error' }, 'cannot re-read password file: keeping the previous password');
      return;
    }
    if (password === t.config.password) return;
    log.info({ cluster: t.config.name, file }, 'password file changed: using the new password');
    useClient(t, { ...t.config, password });
  };

  // A poll that finishes after its cluster was removed or restarted must not bring its series back.
  const guarded: MetricsStore = { ...store, apply: (snap) => { if (live.get(snap.cluster)?.snapshot === snap) store.apply(snap); } };
  const targets: Target[] = o.clusters.map(makeTarget);
  store.setConfiguredClusters(targets.length);
  store.setReload(true, clock.now() / 1000);
  const scheduler = createScheduler(targets, async (t, stop) => {
    rotate(t);
    await pollCluster(t, guarded, log, { clock, stop, ...(o.firmware === false ? { leaveOut: FIRMWARE_ENDPOINTS } : {}) });
  }, {
    concurrency: o.concurrency ?? 64, jitterSeconds: o.jitterSeconds ?? 5, cron: o.schedule ?? true, clock, log,
    // At the turn of a day, series that depend on the date are rendered again without waiting for a poll.
    daily: [() => { for (const t of targets) if (t.snapshot.lastPoll !== undefined) guarded.apply(t.snapshot); }],
  });

  const started = clock.monotonic();
  const deadline = (o.readyDeadlineSeconds ?? 60) * 1000;
  // Readiness is about start-up: clusters a reload adds do not make a running exporter unready.
  let wasReady = false;
  const ready = () => (wasReady ||= targets.every((t) => t.snapshot.lastPoll !== undefined) || clock.monotonic() - started > deadline);

  async function applyReload(): Promise<string | undefined> {
    if (!o.load) return 'no configuration file to reload';
    let next: Loaded;
    try {
      next = o.load();
      // Reloads start only once the server listens.
      (listener as Listener).use(next.web ?? NO_WEB_CONFIG);
    } catch (err) {
      // ConfigError and WebConfigError name the file and path; anything else still must not stop the exporter.
      const message = err instanceof ConfigError || err instanceof WebConfigError ? err.message : `unexpected error: ${(err as Error).message}`;
      log.error({ err: message }, 'reload failed: keeping the previous configuration');
      store.setReload(false, clock.now() / 1000);
      return message;
    }
    for (const w of next.warnings) log.warn(w);
    support = mergeSupport(next.releases ?? []);
    for (const t of live.values()) t.snapshot.support = support;
    fleetSize = next.clusters.length;
    const before = new Map(live);
    live.clear();
    const fresh: Target[] = [];
    const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    const list = next.clusters.map((config) => {
      const old = before.get(config.name);
      before.delete(config.name);
      if (old && shape(old.config) === shape(config)) {
        counts.unchanged += 1;
        live.set(config.name, old);
        if (old.config.password !== config.password) useClient(old, config);
        if (config.passwordFile) stamps.set(old, fileStamp(config.passwordFile));
        return old;
      }
      if (old) {
        counts.changed += 1;
        store.remove(config.name);
        void old.client.close();
      } else counts.added += 1;
      const t = makeTarget(config);
      fresh.push(t);
      return t;
    });
    for (const [name, t] of before) {
      counts.removed += 1;
      store.remove(name);
      void t.client.close();
    }
    if (JSON.stringify(next.clusterFiles ?? []) !== JSON.stringify(watched)) {
      watched = next.clusterFiles ?? [];
      seen = inventoryStamp(watched);
    }
    targets.splice(0, targets.length, ...list);
    store.setConfiguredClusters(targets.length);
    store.setReload(true, clock.now() / 1000);
    log.info(counts, 'configuration reloaded');
    void scheduler.poll(fresh);
    return undefined;
  }
  // One reload at a time (SIGHUP and POST /-/reload may come together).
  let reloading: Promise<unknown> = Promise.resolve();
  const reload = () => {
    const run = reloading.then(applyReload);
    reloading = run.catch(() => undefined);
    return run;
  };

  // Inventory files, watched as Prometheus watches file_sd files: any change is a reload, and a bad
  // file fails it like a bad config (the last good clusters stay; logged with the file and path, and
  // ontap_exporter_config_last_reload_successful 0) until the file changes again.
  let watched = o.clusterFiles ?? [];
  let seen = inventoryStamp(watched);
  const checkFiles = async (): Promise<boolean> => {
    if (watched.length === 0) return false;
    const now = inventoryStamp(watched);
    if (now === seen) return false;
    seen = now;
    log.info({ cluster_files: watched.join(',') }, 'cluster files changed: reloading');
    await reload();
    return true;
  };
  const watcher = o.schedule === false ? undefined : setInterval(() => void checkFiles(), (o.watchSeconds ?? 5) * 1000);
  watcher?.unref();

  // The app reads the web configuration through the listener, which is made from the app.
  let listener: Listener | undefined;
  const app = createApp({
    store, targets, ready, version: VERSION, clock, web: () => listener?.web() ?? initialWeb, ...(o.enableLifecycle ? { reload } : {}),
    ...(o.telemetryPath !== undefined ? { telemetryPath: o.telemetryPath } : {}), ...(o.maxRequests !== undefined ? { maxRequests: o.maxRequests } : {}),
  });
  try {
    listener = await listen({ app, web: initialWeb, ...(o.loadWeb ? { loadWeb: o.loadWeb } : {}), at: o.listen ?? [{ host: o.host, port: o.port }], log, clock });
  } catch (err) {
    // A listen failure leaves nothing running (no cron tick, no pool), so the process can exit at once.
    clearInterval(watcher);
    await scheduler.stop();
    await Promise.all(targets.map((t) => t.client.close()));
    throw err;
  }
  const { url, urls, servers } = listener;
  log.info({ url, clusters: targets.length, ...(o.shard && o.shard.count > 1 ? { shard: o.shard.index, shards: o.shard.count } : {}), tls: Boolean(initialWeb.tls), basic_auth: initialWeb.users.size > 0 }, 'exporter listening');
  return {
    url, urls, store, targets, reload, checkFiles,
    pollAll: () => scheduler.pollAll(),
    pollDue: () => scheduler.pollDue(),
    stop: async () => {
      clearInterval(watcher);
      await scheduler.stop();
      await Promise.all(servers.map((server) => {
        server.closeAllConnections();
        return new Promise((r) => server.close(r));
      }));
      await Promise.all(targets.map((t) => t.client.close()));
    },
  };
}
