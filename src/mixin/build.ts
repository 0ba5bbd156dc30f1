// npm run mixin: mixin/generated/*.json from the shipped alerts/*.rules.yml and dashboards/*.json,
// which stay the one source of truth. Each expression is cut into parts (promql.ts) so that
// mixin/mixin.libsonnet can apply its _config (job selector, per-alert `for`, windows, thresholds,
// data source); with the default _config it renders the shipped files again (test/mixin.test.ts).
// Generated rather than read by jsonnet at render time: jsonnet-bundler vendors mixin/ alone, so
// the mixin must hold what it renders; and PromQL cannot be cut up in jsonnet.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { splitPromql } from './promql.js';

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; [k: string]: unknown }
interface RuleFile { groups: Array<{ name: string; rules: Rule[]; [k: string]: unknown }> }
/** An alert's settings in _config.alerts: what it waits (`for`), its windows and its numbers, in order. */
interface AlertSettings { for?: string; windows: string[]; thresholds: string[] }

/** The name alone when it is unique; else with its severity (an alert at two levels), and a count if need be. */
function alertKeys(files: RuleFile[]): Map<Rule, string> {
  const alerts = files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r) => r.alert !== undefined)));
  const count = (k: (r: Rule) => string) => (r: Rule) => alerts.filter((o) => k(o) === k(r)).length;
  const byName = count((r) => r.alert as string);
  const bySeverity = count((r) => `${r.alert}:${r.labels?.severity}`);
  const keys = new Map<Rule, string>();
  const seen = new Map<string, number>();
  for (const r of alerts) {
    let key = byName(r) === 1 ? (r.alert as string) : `${r.alert}:${r.labels?.severity ?? 'none'}`;
    if (byName(r) > 1 && bySeverity(r) > 1) {
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      key = `${key}:${n}`;
    }
    keys.set(r, key);
  }
  return keys;
}

/** Every `expr` string in a dashboard, and its template variables' queries, made into parts. */
function dashboardParts(x: unknown, key = ''): unknown {
  if (typeof x === 'string' && (key === 'expr' || key === 'query')) return { __promql: splitPromql(x, false).parts };
  if (Array.isArray(x)) return x.map((e) => dashboardParts(e));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, dashboardParts(v, k)]));
  return x;
}

const json = (x: unknown) => `${JSON.stringify(x, null, 1)}\n`;

/** The generated files (name -> content) for the shipped files under `root`. */
export function generate(root: string): Record<string, string> {
  const ruleFiles = readdirSync(join(root, 'alerts')).filter((f) => f.endsWith('.rules.yml')).sort();
  const parsed = ruleFiles.map((f) => parse(readFileSync(join(root, 'alerts', f), 'utf8')) as RuleFile);
  const keys = alertKeys(parsed);
  const defaults: Record<string, AlertSettings> = {};
  const rules = Object.fromEntries(ruleFiles.map((f, i) => [f, {
    ...parsed[i],
    groups: (parsed[i] as RuleFile).groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) => {
        const key = keys.get(r);
        const split = splitPromql(r.expr, key !== undefined);
        if (key === undefined) return { ...r, expr: { __promql: split.parts } };
        defaults[key] = { ...(r.for !== undefined ? { for: r.for } : {}), windows: split.windows, thresholds: split.thresholds };
        return { ...r, expr: { __promql: split.parts }, __key: key };
      }),
    })),
  }]));
  const dashboards = Object.fromEntries(readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f, dashboardParts(JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8')))]));
  return { 'rules.json': json(rules), 'alert-defaults.json': json(defaults), 'dashboards.json': json(dashboards) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
  const out = join(root, process.argv[2] ?? 'mixin', 'generated');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(generate(root))) writeFileSync(join(out, name), text);
  process.stdout.write(`wrote ${out}\n`);
}
