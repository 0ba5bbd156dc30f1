// The series the exporter serves. Each poll re-renders that cluster's lines
// from its snapshot, so what ONTAP stopped reporting is gone at once (no stale
// series) and /metrics only concatenates text. prom-client serves the process
// metrics and the exporter's own, and picks the format.

import { Gauge, Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';
import type { Shard } from '../config/shard.js';
import type { ClusterSnapshot } from '../poll/snapshot.js';
import {
  FAMILIES, exporterBuildInfo, exporterClusters, exporterConfigLastReloadSuccessTimestampSeconds, exporterConfigLastReloadSuccessful, exporterShardInfo,
} from './catalog.js';
import { escapeLabel, familyHeader, renderCluster } from './exposition.js';
import type { ExporterFamily, Sample } from './family.js';
import { SAMPLE_PARTS, clusterSamples } from './samples.js';

export interface StoreOptions {
  /** process_* and nodejs_* metrics (off in golden tests: they vary). */
  processMetrics?: boolean;
  /** ontap_exporter_build_info and ontap_exporter_shard_info (off in golden tests: node_version varies). */
  buildInfo?: boolean;
  version?: string;
  /** This exporter's share of a sharded fleet (ontap_exporter_shard_info). */
  shard?: Shard;
}

export interface MetricsStore {
  apply(snap: ClusterSnapshot): void;
  /** How many series the cluster would have with this snapshot (max_series is checked against it). */
  seriesCount(snap: ClusterSnapshot): number;
  /** Labels from the config added to every series of the cluster (after `cluster` and `datacenter`). */
  setClusterLabels(cluster: string, labels: Record<string, string>): void;
  /** Drops a cluster's series at once (removed or restarted by a reload). */
  remove(cluster: string): void;
  setConfiguredClusters(n: number): void;
  /** Outcome of a configuration reload (the start-up load counts as one). */
  setReload(ok: boolean, at: number): void;
  /** The exposition as parts to write in order, made as they are read (never one 100 MB string), and its content type. */
  render(openMetrics: boolean): Promise<{ parts: Iterable<string | Buffer>; contentType: string }>;
}

/** Clusters per cached part of a family: ~100 KB of text for the largest. */
const GROUP = 256;
const EMPTY = Buffer.alloc(0);

export function createStore(opts: StoreOptions = {}): MetricsStore {
  const prom = new Registry();
  const om = new Registry<OpenMetricsContentType>();
  om.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [prom, om];
  const gauge = <L extends string>(f: ExporterFamily<L>) => new Gauge<L>({ name: f.name, help: f.help, labelNames: f.labels, registers });
  const clusters = gauge(exporterClusters);
  // Registered at the first load, so a store that never loads a file (golden tests) has none.
  let reloadGauges: { ok: Gauge<never>; at: Gauge<never> } | undefined;
  if (opts.buildInfo !== false) {
    gauge(exporterBuildInfo).set({ version: opts.version ?? 'unknown', node_version: process.version }, 1);
    const shard = opts.shard ?? { index: 0, count: 1 };
    gauge(exporterShardInfo).set({ shard: String(shard.index), shards: String(shard.count) }, 1);
  }
  if (opts.processMetrics !== false) {
    for (const register of registers) {
      collectDefaultMetrics({ register });
      // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool flags them).
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) register.removeSingleMetric(name);
    }
  }
  // Clusters in groups of GROUP. Per group and family, the bytes last served, with each cluster's span
  // in them. A cluster's new text waits in `pending` until the next scrape re-encodes the (group,
  // family) pairs it touched, copying the other clusters' spans as they are: an idle fleet re-encodes
  // only its poll timings, repeated scrapes allocate next to nothing, and text is held once (as bytes).
  const byName = new Map<string, ClusterLines>();
  const extra = new Map<string, string>();
  const groups: Group[] = [];
  const headers = { prom: FAMILIES.map((f) => familyHeader(f, false)), om: FAMILIES.map((f) => familyHeader(f, true)) };

  function groupBytes(g: Group, i: number): Buffer {
    if (g.dirty[i] === 0) return g.bytes[i] ?? EMPTY;
    const old = g.bytes[i] ?? EMPTY;
    // Two passes (sizes, then bytes written in place): no buffer per cluster on the way.
    let total = 0;
    for (const c of g.clusters) {
      const fresh = c.pending.get(i);
      total += fresh !== undefined ? Buffer.byteLength(fresh, 'utf8') : (c.spans[i * 2 + 1] ?? 0) - (c.spans[i * 2] ?? 0);
    }
    const bytes = total === 0 ? EMPTY : Buffer.allocUnsafeSlow(total);
    let at = 0;
    for (const c of g.clusters) {
      const start = at;
      const fresh = c.pending.get(i);
      if (fresh !== undefined) {
        c.pending.delete(i);
        at += bytes.write(fresh, at, 'utf8');
      } else {
        at += old.copy(bytes, at, c.spans[i * 2] ?? 0, c.spans[i * 2 + 1] ?? 0);
      }
      c.spans[i * 2] = start;
      c.spans[i * 2 + 1] = at;
    }
    g.bytes[i] = bytes;
    g.dirty[i] = 0;
    return bytes;
  }

  return {
    seriesCount(snap) {
      // Parts whose key has not moved count what they rendered; the others are made here and kept
      // for apply(), which follows with the same data when max_series lets it (no part made twice).
      const c = byName.get(snap.cluster);
      if (!c) return clusterSamples(snap).length;
      let n = 0;
      SAMPLE_PARTS.forEach((part, k) => {
        const key = part.key(snap);
        if (k in c.keys && c.keys[k] === key) {
          n += c.counts[k] ?? 0;
          return;
        }
        const samples = part.samples(snap);
        n += samples.length;
        if (key === key) c.ahead[k] = { key, samples }; // NaN keys (parts made on every poll) never match
      });
      return n;
    },
    apply(snap) {
      let c = byName.get(snap.cluster);
      if (!c) {
        let g = groups.at(-1);
        if (!g || g.clusters.length === GROUP) groups.push((g = { clusters: [], dirty: new Uint8Array(FAMILIES.length), bytes: [] }));
        c = { group: g, keys: [], counts: [], ahead: [], families: [], pending: new Map(), spans: new Uint32Array(FAMILIES.length * 2) };
        g.clusters.push(c);
        byName.set(snap.cluster, c);
      }
      let prefix: string | undefined;
      SAMPLE_PARTS.forEach((part, k) => {
        const key = part.key(snap);
        if (k in c.keys && c.keys[k] === key) return;
        prefix ??= `cluster="${escapeLabel(snap.cluster)}",datacenter="${escapeLabel(snap.datacenter)}"${extra.get(snap.cluster) ?? ''}`;
        c.keys[k] = key;
        // A family this part had lines in and has none now goes empty.
        for (const i of c.families[k] ?? []) c.pending.set(i, '');
        const ahead = c.ahead[k];
        const samples = ahead !== undefined && ahead.key === key ? ahead.samples : part.samples(snap);
        c.counts[k] = samples.length;
        const lines = renderCluster(prefix, samples);
        for (const [i, text] of lines) c.pending.set(i, text);
        c.families[k] = lines.map(([i]) => i);
      });
      c.ahead = [];
      for (const i of c.pending.keys()) c.group.dirty[i] = 1;
    },
    setClusterLabels(cluster, labels) {
      const text = Object.keys(labels).sort().map((k) => `,${k}="${escapeLabel(labels[k] as string)}"`).join('');
      if (text === (extra.get(cluster) ?? '')) return;
      if (text === '') extra.delete(cluster);
      else extra.set(cluster, text);
      // Every line carries the labels: the next poll re-renders all of the cluster's parts.
      const c = byName.get(cluster);
      if (c) c.keys = [];
    },
    remove(cluster) {
      extra.delete(cluster);
      const c = byName.get(cluster);
      if (!c) return;
      byName.delete(cluster);
      // Its lines leave every family they were in at the next scrape.
      for (const families of c.families) for (const i of families) c.group.dirty[i] = 1;
      for (const i of c.pending.keys()) c.group.dirty[i] = 1;
      c.group.clusters.splice(c.group.clusters.indexOf(c), 1);
    },
    setConfiguredClusters: (n) => clusters.set(n),
    setReload(ok, at) {
      reloadGauges ??= {
        ok: gauge(exporterConfigLastReloadSuccessful),
        at: gauge(exporterConfigLastReloadSuccessTimestampSeconds),
      };
      reloadGauges.ok.set(ok ? 1 : 0);
      if (ok) reloadGauges.at.set(at);
    },
    async render(openMetrics) {
      const reg = openMetrics ? om : prom;
      const tail = await reg.metrics();
      const head = openMetrics ? headers.om : headers.prom;
      // Every (family, group) part taken now, before the first byte is written: a reload or a poll
      // while a slow scraper reads cannot put a series in this exposition twice (a cluster removed
      // from one group and added to another) nor split a family. The parts are the groups' own
      // buffers, never changed in place, so this holds references, not copies.
      const snapshot = FAMILIES.map((_f, i) => groups.map((g) => groupBytes(g, i)).filter((b) => b.length > 0));
      function* parts(): Generator<string | Buffer> {
        for (let i = 0; i < FAMILIES.length; i++) {
          const bytes = snapshot[i] as Buffer[];
          if (bytes.length === 0) continue;
          yield head[i] as string;
          yield* bytes;
        }
        yield tail;
      }
      return { parts: parts(), contentType: reg.contentType };
    },
  };
}

interface ClusterLines {
  group: Group;
  /** Per sample part: the key it was rendered for, its sample count, and the families it has lines in. */
  keys: unknown[];
  counts: number[];
  /** Per sample part: samples seriesCount() made for a key not rendered yet (apply() takes them). */
  ahead: Array<{ key: unknown; samples: Sample[] } | undefined>;
  families: number[][];
  /** Per family: text rendered since the last scrape (not yet in the group's bytes). */
  pending: Map<number, string>;
  /** Per family: start and end of this cluster's lines in its group's bytes. */
  spans: Uint32Array;
}
interface Group { clusters: ClusterLines[]; dirty: Uint8Array; bytes: Array<Buffer | undefined> }
