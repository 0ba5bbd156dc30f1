// The monitoring mixin (mixin/): generated from the shipped alerts/*.rules.yml and dashboards/*.json
// (npm run mixin), rendered with Debian's jsonnet. With the default _config it gives the shipped files
// again (as data: jsonnet sorts keys and drops comments); with another it still passes promtool.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from '../src/mixin/build.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'mixin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Evaluates jsonnet `code` with the mixin in `dir` importable as mixin.libsonnet; returns its JSON. */
function jsonnet(code: string, dir = join(ROOT, 'mixin')): any {
  const r = spawnSync('jsonnet', ['-J', dir, '-e', code], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`jsonnet failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const shippedRules = () => Object.fromEntries(readdirSync(join(ROOT, 'alerts')).filter((f) => f.endsWith('.rules.yml')).sort()
  .map((f) => [f, parse(readFileSync(join(ROOT, 'alerts', f), 'utf8'))]));
const shippedDashboards = () => Object.fromEntries(readdirSync(join(ROOT, 'dashboards')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f, JSON.parse(readFileSync(join(ROOT, 'dashboards', f), 'utf8'))]));

function promtoolCheck(groups: unknown): string {
  const file = join(tmp, `check-${Math.random().toString(36).slice(2)}.rules.yml`);
  writeFileSync(file, JSON.stringify(groups));
  const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr + r.stdout).toMatch(/SUCCESS/);
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('mixin', () => {
  it('mixin/generated is in step with the shipped rules and dashboards (else: npm run mixin)', () => {
    for (const [name, text] of Object.entries(generate(ROOT))) {
      expect(readFileSync(join(ROOT, 'mixin', 'generated', name), 'utf8'), `mixin/generated/${name} is stale: run npm run mixin`).toBe(text);
    }
  });

  it('renders exactly the shipped rule files and dashboards with the default _config', () => {
    const m = jsonnet('local m = import "mixin.libsonnet"; { files: m.ruleFiles, alerts: m.prometheusAlerts, rules: m.prometheusRules, dashboards: m.grafanaDashboards }');
    const shipped = shippedRules();
    expect(m.files).toEqual(shipped);
    const groups = Object.values(shipped).flatMap((f: any) => f.groups);
    expect([...m.alerts.groups, ...m.rules.groups].sort((a: any, b: any) => a.name.localeCompare(b.name))).toEqual([...groups].sort((a, b) => a.name.localeCompare(b.name)));
    expect(m.alerts.groups.every((g: any) => g.rules.some((r: any) => r.alert))).toBe(true);
    expect(m.rules.groups.every((g: any) => g.rules.every((r: any) => r.record))).toBe(true);
    expect(m.dashboards).toEqual(shippedDashboards());
    promtoolCheck(m.alerts);
    promtoolCheck(m.rules);
  });

  it('applies _config: job selector, an alert\'s for, window and threshold, the data source; promtool still passes', () => {
    const m = jsonnet(`local m = (import "mixin.libsonnet") + { _config+:: {
      selector: 'job="ontap"',
      datasource: 'Mimir',
      alerts+: { OntapExporterScrapeErrors+: { 'for': '30m', windows: ['1h'], thresholds: ['60', '1'] } },
    } }; { prometheusAlerts: m.prometheusAlerts, prometheusRules: m.prometheusRules, grafanaDashboards: m.grafanaDashboards }`);
    const rules = [...m.prometheusAlerts.groups, ...m.prometheusRules.groups].flatMap((g: any) => g.rules);
    const scrape = rules.find((r: any) => r.alert === 'OntapExporterScrapeErrors');
    expect(scrape.for).toBe('30m');
    expect(scrape.expr).toBe('sum by (cluster, datacenter, team, endpoint) (rate(ontap_scrape_failures_total{job="ontap"}[1h])) * 60 > 1');
    expect(rules.find((r: any) => r.alert === 'OntapExporterDown').expr).toBe('absent(ontap_exporter_build_info{job="ontap"})');
    // Every selector of an exporter metric has the job; recorded series (name:with:colons) are left as they are.
    for (const r of rules) for (const sel of r.expr.matchAll(/(?<![\w:])(ontap_[a-z_]+)(?![\w:])(\{[^}]*\})?(?!\s*\()/g)) expect(sel[2] ?? '', `${r.alert ?? r.record}: ${sel[0]}`).toMatch(/^\{job="ontap"/);
    promtoolCheck(m.prometheusAlerts);
    promtoolCheck(m.prometheusRules);
    const fleet = m.grafanaDashboards['ontap-upgrade-fleet.json'];
    expect(fleet.templating.list.find((v: any) => v.type === 'datasource').current).toEqual({ selected: true, text: 'Mimir', value: 'Mimir' });
    const exprs: string[] = [];
    JSON.stringify(fleet, (k, v) => { if (k === 'expr') exprs.push(v); return v; });
    expect(exprs.length).toBeGreaterThan(3);
    for (const e of exprs) for (const sel of e.matchAll(/(?<![\w:])(ontap_[a-z_]+)(?![\w:])(\{[^}]*\})?(?!\s*\()/g)) expect(sel[2] ?? '', sel[0]).toMatch(/^\{job="ontap"/);
  });

  it('mixin.jsonnet writes every shipped file under its name (jsonnet -m)', () => {
    const out = join(tmp, 'out');
    mkdirSync(out);
    const r = spawnSync('jsonnet', ['-J', join(ROOT, 'mixin'), '-m', out, join(ROOT, 'mixin', 'mixin.jsonnet')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual([...Object.keys(shippedRules()), ...Object.keys(shippedDashboards())].sort());
    expect(parse(readFileSync(join(out, 'exporter.rules.yml'), 'utf8'))).toEqual(shippedRules()['exporter.rules.yml']);
  });

  it('a misspelt alert in _config.alerts is an error naming it, not a silent no-op', () => {
    expect(() => jsonnet('((import "mixin.libsonnet") + { _config+:: { alerts+: { OntapNoSuch: { windows: [], thresholds: [] } } } }).prometheusAlerts')).toThrow(/_config.alerts names no such alert: OntapNoSuch/);
  });

  it('picks up an alert added to the shipped files once regenerated, with no edit of the mixin', () => {
    const root = join(tmp, 'tree');
    for (const d of ['alerts', 'dashboards']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
    cpSync(join(ROOT, 'mixin', 'mixin.libsonnet'), join(root, 'mixin', 'mixin.libsonnet'));
    writeFileSync(join(root, 'alerts', 'new.rules.yml'), 'groups:\n  - name: new\n    rules:\n      - alert: OntapNew\n        expr: ontap_up == 0\n        for: 7m\n        labels: { severity: info }\n');
    mkdirSync(join(root, 'mixin', 'generated'));
    for (const [name, text] of Object.entries(generate(root))) writeFileSync(join(root, 'mixin', 'generated', name), text);
    const m = jsonnet('((import "mixin.libsonnet") + { _config+:: { selector: \'job="x"\' } }).prometheusAlerts', join(root, 'mixin'));
    expect(m.groups.find((g: any) => g.name === 'new').rules).toEqual([{ alert: 'OntapNew', expr: 'ontap_up{job="x"} == 0', for: '7m', labels: { severity: 'info' } }]);
    // And the committed mixin/generated, made from the real tree, does not match this one: the drift test would fail.
    expect(readFileSync(join(root, 'mixin', 'generated', 'rules.json'), 'utf8')).not.toBe(readFileSync(join(ROOT, 'mixin', 'generated', 'rules.json'), 'utf8'));
  });
});
