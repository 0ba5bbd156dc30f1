// The series the exporter serves. Each poll re-renders that cluster's lines
// from its snapshot, so what ONTAP stopped reporting is gone at once (no stale
// series) and /metrics only concatenates text. prom-client serves the process
// metrics and the exporter's own, and picks the format.

import { Gauge, Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';
import type { ClusterSnapshot } from '../snapshot.js';
import { FAMILIES } from './catalog.js';
import { escapeLabel, familyHeader, renderCluster } from './exposition.js';
import { clusterSamples } from './samples.js';

export interface StoreOptions {
  /** process_* and nodejs_* metrics (off in golden tests: they vary). */
  processMetrics?: boolean;
  /** ontap_exporter_build_info (off in golden tests: node_version varies). */
  buildInfo?: boolean;
  version?: string;
}

export interface MetricsStore {
  apply(snap: ClusterSnapshot): void;
  /** Labels from the config added to every series of the cluster (after `cluster` and `datacenter`). */
  setClusterLabels(cluster: string, labels: Record<string, string>): void;
  /** Drops a cluster's series at once (removed or restarted by a reload). */
  remove(cluster: string): void;
  setConfiguredClusters(n: number): void;
  /** Outcome of a configuration reload (the start-up load counts as one). */
  setReload(ok: boolean, at: number): void;
  /** The exposition as parts to write in order (no 10 MB join for a large fleet), and its content type. */
  render(openMetrics: boolean): Promise<{ parts: string[]; contentType: string }>;
}

const INDEX = new Map(FAMILIES.map((f, i) => [f.name, i]));

export function createStore(opts: StoreOptions = {}): MetricsStore {
  const prom = new Registry();
  const om = new Registry<OpenMetricsContentType>();
  om.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [prom, om];
  const clusters = new Gauge({ name: 'ontap_exporter_clusters', help: 'Clusters in the configuration.', registers });
  // Registered at the first load, so a store that never loads a file (golden tests) has none.
  let reloadGauges: { ok: Gauge; at: Gauge } | undefined;
  if (opts.buildInfo !== false) {
    new Gauge({ name: 'ontap_exporter_build_info', help: 'Exporter version and the Node.js it runs on, value 1.', labelNames: ['version', 'node_version'], registers })
      .set({ version: opts.version ?? 'unknown', node_version: process.version }, 1);
  }
  if (opts.processMetrics !== false) {
    for (const register of registers) {
      collectDefaultMetrics({ register });
      // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool flags them).
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) register.removeSingleMetric(name);
    }
  }
  const chunks = new Map<string, string[]>();
  const extra = new Map<string, string>();
  const headers = { prom: FAMILIES.map((f) => familyHeader(f, false)), om: FAMILIES.map((f) => familyHeader(f, true)) };

  return {
    apply(snap) {
      const prefix = `cluster="${escapeLabel(snap.cluster)}",datacenter="${escapeLabel(snap.datacenter)}"${extra.get(snap.cluster) ?? ''}`;
      chunks.set(snap.cluster, renderCluster(FAMILIES, INDEX, prefix, clusterSamples(snap)));
    },
    setClusterLabels(cluster, labels) {
      const text = Object.keys(labels).sort().map((k) => `,${k}="${escapeLabel(labels[k] as string)}"`).join('');
      if (text === '') extra.delete(cluster);
      else extra.set(cluster, text);
    },
    remove(cluster) {
      chunks.delete(cluster);
      extra.delete(cluster);
    },
    setConfiguredClusters: (n) => clusters.set(n),
    setReload(ok, at) {
      reloadGauges ??= {
        ok: new Gauge({ name: 'ontap_exporter_config_last_reload_successful', help: 'Whether the last configuration reload succeeded (1) or kept the previous configuration (0).', registers }),
        at: new Gauge({ name: 'ontap_exporter_config_last_reload_success_timestamp_seconds', help: 'When the configuration was last loaded successfully (Unix time).', registers }),
      };
      reloadGauges.ok.set(ok ? 1 : 0);
      if (ok) reloadGauges.at.set(at);
    },
    async render(openMetrics) {
      const parts: string[] = [];
      const all = [...chunks.values()];
      FAMILIES.forEach((_f, i) => {
        const lines = all.map((c) => c[i] as string).filter((x) => x !== '');
        if (lines.length > 0) parts.push((openMetrics ? headers.om : headers.prom)[i] as string, ...lines);
      });
      const reg = openMetrics ? om : prom;
      parts.push(await reg.metrics());
      return { parts, contentType: reg.contentType };
    },
  };
}
