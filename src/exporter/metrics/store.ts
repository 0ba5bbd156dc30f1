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
  /** The exposition as parts to write in order, made as they are read (no 100 MB string for a large fleet), and its content type. */
  render(openMetrics: boolean): Promise<{ parts: Iterable<string>; contentType: string }>;
}

const INDEX = new Map(FAMILIES.map((f, i) => [f.name, i]));
const CHUNK = 1 << 20;

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
  // Per cluster, per sample part: the key it was rendered for and its lines.
  const clusterParts = new Map<string, { keys: unknown[]; lines: Array<Array<[number, string]>> }>();
  const headers = { prom: FAMILIES.map((f) => familyHeader(f, false)), om: FAMILIES.map((f) => familyHeader(f, true)) };

  return {
    apply(snap) {
      let c = clusterParts.get(snap.cluster);
      if (!c) clusterParts.set(snap.cluster, (c = { keys: [], lines: [] }));
      let prefix: string | undefined;
      SAMPLE_PARTS.forEach((part, k) => {
        const key = part.key(snap);
        if (k in c.keys && c.keys[k] === key) return;
        prefix ??= `cluster="${escapeLabel(snap.cluster)}",datacenter="${escapeLabel(snap.datacenter)}"`;
        c.keys[k] = key;
        c.lines[k] = renderCluster(FAMILIES, INDEX, prefix, part.samples(snap));
      });
    },
    setConfiguredClusters: (n) => clusters.set(n),
    async render(openMetrics) {
      const reg = openMetrics ? om : prom;
      const tail = await reg.metrics();
      const head = openMetrics ? headers.om : headers.prom;
      // References only (no text copied) to every cluster's lines, per family.
      const byFamily: string[][] = FAMILIES.map(() => []);
      for (const c of clusterParts.values()) for (const lines of c.lines) for (const [i, text] of lines) (byFamily[i] as string[]).push(text);
      // Text is made as the server writes it, about CHUNK bytes at a time: a 100 MB exposition never
      // exists whole, and the event loop is free between chunks.
      function* parts(): Generator<string> {
        for (let i = 0; i < byFamily.length; i++) {
          const lines = byFamily[i] as string[];
          if (lines.length === 0) continue;
          let from = 0;
          let size = (head[i] as string).length;
          for (let j = 0; j < lines.length; j++) {
            size += (lines[j] as string).length;
            if (size < CHUNK && j < lines.length - 1) continue;
            const text = lines.slice(from, j + 1).join('');
            yield from === 0 ? `${head[i] as string}${text}` : text;
            from = j + 1;
            size = 0;
          }
        }
        yield tail;
      }
      return { parts: parts(), contentType: reg.contentType };
    },
  };
}
