// Reads the shipped rule files and knows which metric names exist.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FAMILY_NAMES } from '../../src/metrics/catalog.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const RULE_FILES = readdirSync(join(ROOT, 'alerts')).filter((f) => f.endsWith('.rules.yml')).map((f) => join(ROOT, 'alerts', f));

export interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }

export function allRules(): Rule[] {
  return RULE_FILES.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules));
}

const PROMQL_WORDS = new Set(['by', 'on', 'and', 'or', 'unless', 'without', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'time', 'sum', 'max', 'min', 'count', 'avg', 'rate', 'irate', 'increase', 'clamp_max', 'clamp_min', 'absent', 'topk', 'bottomk', 'abs', 'label_replace', 'histogram_quantile', 'vector', 'scalar', 'changes', 'resets', 'delta', 'deriv', 'max_over_time', 'min_over_time', 'avg_over_time', 'last_over_time', 'sort', 'sort_desc', 'round', 'count_values', 'group', 'timestamp', 'sgn', 'ceil', 'floor', 'quantile_over_time', 'absent_over_time', 'present_over_time', 'le']);

/** Metric names a PromQL expression reads (label names and values and keywords left out). */
export function metricNames(expr: string): string[] {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...new Set([...noStrings.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w) && !/^\d/.test(w) && w !== '$__rate_interval' && w !== '$__interval' && w !== '$__range'))];
}

/** Every name a query may use: the exporter's catalog, prom-client's process metrics, the recording rules, Prometheus's own. */
export function knownMetrics(): Set<string> {
  const recorded = allRules().filter((r) => r.record).map((r) => r.record as string);
  return new Set([...FAMILY_NAMES, ...recorded, 'ALERTS', 'ALERTS_FOR_STATE', 'up', 'process_cpu_seconds_total', 'process_resident_memory_bytes',
    'process_start_time_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']);
}
