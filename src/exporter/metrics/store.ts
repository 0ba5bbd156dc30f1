// The series the exporter serves. Each poll re-renders that cluster's lines
// from its snapshot, so what ONTAP stopped reporting is gone at once (no stale
// series) and /metrics only concatenates text. prom-client serves the process
// metrics and the exporter's own, and picks the format.

import { Gauge, Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';
import type { Shard } from '../shard.js';
import type { ClusterSnapshot } from '../snapshot.js';
import { FAMILIES } from './catalog.js';
import { escapeLabel, familyHeader, renderCluster } from './exposition.js';
import { SAMPLE_PARTS } from './samples.js';

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
  setConfiguredClusters(n: number): void;
  /** The exposition as parts to write in order, made as they are read (never one 100 MB string), and its content type. */
  render(openMetrics: boolean): Promise<{ parts: Iterable<string | Buffer>; contentType: string }>;
}

const INDEX = new Map(FAMILIES.map((f, i) => [f.name, i]));
/** Clusters per cached part of a family: ~100 KB of text for the largest. */
const GROUP = 256;
const EMPTY = Buffer.alloc(0);

export function createStore(opts: StoreOptions = {}): MetricsStore {
  const prom = new Registry();
  const om = new Registry<OpenMetricsContentType>();
  om.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [prom, om];
  const clusters = new Gauge({ name: 'ontap_exporter_clusters', help: 'Clusters this exporter polls (its shard of the configuration).', registers });
  if (opts.buildInfo !== false) {
    new Gauge({ name: 'ontap_exporter_build_info', help: 'Exporter version and the Node.js it runs on, value 1.', labelNames: ['version', 'node_version'], registers })
      .set({ version: opts.version ?? 'unknown', node_version: process.version }, 1);
    const shard = opts.shard ?? { index: 0, count: 1 };
    new Gauge({ name: 'ontap_exporter_shard_info', help: 'Which shard of the fleet this exporter polls (shard of shards, 0-based), value 1.', labelNames: ['shard', 'shards'], registers })
      .set({ shard: String(shard.index), shards: String(shard.count) }, 1);
  }
  if (opts.processMetrics !== false) {
    for (const register of registers) {
      collectDefaultMetrics({ register });
      // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool flags them).
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) register.removeSingleMetric(name);
    }
  }
  // Clusters in groups of GROUP; per group and family, the bytes last served and whether a cluster
  // of the group changed that family since. A scrape re-encodes only changed (group, family) pairs:
  // for an idle fleet that is the poll timings, and repeated scrapes allocate next to nothing.
  const byName = new Map<string, ClusterLines>();
  const groups: Group[] = [];
  const headers = { prom: FAMILIES.map((f) => familyHeader(f, false)), om: FAMILIES.map((f) => familyHeader(f, true)) };

  function groupBytes(g: Group, i: number): Buffer {
    if (g.dirty[i] === 1 || g.bytes[i] === undefined) {
      const pieces: string[] = [];
      for (const c of g.clusters) for (const lines of c.lines) for (const [f, t] of lines) if (f === i) pieces.push(t);
      const text = pieces.join('');
      g.bytes[i] = text === '' ? EMPTY : Buffer.from(text, 'utf8');
      g.dirty[i] = 0;
    }
    return g.bytes[i] as Buffer;
  }

  return {
    apply(snap) {
      let c = byName.get(snap.cluster);
      if (!c) {
        let g = groups.at(-1);
        if (!g || g.clusters.length === GROUP) groups.push((g = { clusters: [], dirty: new Uint8Array(FAMILIES.length), bytes: [] }));
        c = { group: g, keys: [], lines: [] };
        g.clusters.push(c);
        byName.set(snap.cluster, c);
      }
      let prefix: string | undefined;
      SAMPLE_PARTS.forEach((part, k) => {
        const key = part.key(snap);
        if (k in c.keys && c.keys[k] === key) return;
        prefix ??= `cluster="${escapeLabel(snap.cluster)}",datacenter="${escapeLabel(snap.datacenter)}"`;
        for (const [i] of c.lines[k] ?? []) c.group.dirty[i] = 1;
        c.keys[k] = key;
        c.lines[k] = renderCluster(FAMILIES, INDEX, prefix, part.samples(snap));
        for (const [i] of c.lines[k]) c.group.dirty[i] = 1;
      });
    },
    setConfiguredClusters: (n) => clusters.set(n),
    async render(openMetrics) {
      const reg = openMetrics ? om : prom;
      const tail = await reg.metrics();
      const head = openMetrics ? headers.om : headers.prom;
      // Made as the server writes them: the event loop is free between parts.
      function* parts(): Generator<string | Buffer> {
        for (let i = 0; i < FAMILIES.length; i++) {
          let headed = false;
          for (const g of groups) {
            const bytes = groupBytes(g, i);
            if (bytes.length === 0) continue;
            if (!headed) yield head[i] as string;
            headed = true;
            yield bytes;
          }
        }
        yield tail;
      }
      return { parts: parts(), contentType: reg.contentType };
    },
  };
}

interface ClusterLines { group: Group; keys: unknown[]; lines: Array<Array<[number, string]>> }
interface Group { clusters: ClusterLines[]; dirty: Uint8Array; bytes: Array<Buffer | undefined> }
