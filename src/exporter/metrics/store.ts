// Holds every series in prom-client registries (Prometheus text and
// OpenMetrics). Each poll replaces a cluster's series: what ONTAP stopped
// reporting is removed then, so /metrics only renders, never recomputes.

import { Counter, Gauge, Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';
import type { ClusterSnapshot } from '../snapshot.js';
import { FAMILIES } from './catalog.js';
import { clusterSamples, type Sample } from './samples.js';

export interface StoreOptions {
  /** process_* and nodejs_* metrics (off in golden tests: they vary). */
  processMetrics?: boolean;
  /** ontap_exporter_build_info (off in golden tests: node_version varies). */
  buildInfo?: boolean;
  version?: string;
}

export interface MetricsStore {
  prom: Registry;
  openMetrics: Registry<OpenMetricsContentType>;
  apply(snap: ClusterSnapshot): void;
  setConfiguredClusters(n: number): void;
}

type Labels = Record<string, string>;
const keyOf = (labels: Labels) => Object.values(labels).join('\u0000');

export function createStore(opts: StoreOptions = {}): MetricsStore {
  const prom = new Registry();
  const openMetrics = new Registry<OpenMetricsContentType>();
  openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [prom, openMetrics];
  const gauges = new Map<string, Gauge>();
  const counters = new Map<string, Counter>();
  for (const f of FAMILIES) {
    const labelNames = ['cluster', 'datacenter', ...f.labels];
    if (f.type === 'counter') counters.set(f.name, new Counter({ name: f.name, help: f.help, labelNames, registers }));
    else gauges.set(f.name, new Gauge({ name: f.name, help: f.help, labelNames, registers }));
  }
  const clusters = new Gauge({ name: 'ontap_exporter_clusters', help: 'Clusters in the configuration.', registers });
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

  // Per cluster: family -> series key -> labels (and, for counters, the value already counted).
  const held = new Map<string, Map<string, Map<string, { labels: Labels; value: number }>>>();

  function apply(snap: ClusterSnapshot): void {
    const next = new Map<string, Map<string, { labels: Labels; value: number }>>();
    for (const s of clusterSamples(snap) as Sample[]) {
      let fam = next.get(s.name);
      if (!fam) next.set(s.name, (fam = new Map()));
      fam.set(keyOf(s.labels), { labels: s.labels, value: s.value });
    }
    const prev = held.get(snap.cluster) ?? new Map();
    for (const [name, old] of prev) {
      const now = next.get(name);
      const metric = gauges.get(name) ?? counters.get(name);
      for (const [k, v] of old) if (!now?.has(k)) metric?.remove(v.labels);
    }
    for (const [name, fam] of next) {
      const g = gauges.get(name);
      if (g) {
        for (const { labels, value } of fam.values()) g.set(labels, value);
        continue;
      }
      const c = counters.get(name);
      if (!c) continue;
      const old = prev.get(name);
      for (const [k, { labels, value }] of fam) {
        const delta = value - (old?.get(k)?.value ?? 0);
        if (delta > 0 || !old?.has(k)) c.inc(labels, Math.max(0, delta));
      }
    }
    held.set(snap.cluster, next);
  }

  return { prom, openMetrics, apply, setConfiguredClusters: (n) => clusters.set(n) };
}
