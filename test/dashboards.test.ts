import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, render } from '../src/dashboards/build.js';
import { panelsOf } from './helpers/dashboards.js';
import { ROOT, knownMetrics, metricNames } from './helpers/rules.js';

const DIR = join(ROOT, 'dashboards');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8'));


const PANEL_TYPES = new Set(['stat', 'gauge', 'bargauge', 'table', 'timeseries', 'state-timeline', 'piechart', 'text']);

describe('dashboards', () => {
  it('the committed JSON is what its source generates', () => {
    expect(files.sort()).toEqual(Object.keys(DASHBOARDS).sort());
    for (const [file, make] of Object.entries(DASHBOARDS)) expect(readFileSync(join(DIR, file), 'utf8'), `${file}: run npm run dashboards`).toBe(render(make()));
  });

  it('have stable, unique uids and link to each other', () => {
    const ds = files.map(load);
    expect(ds.map((d) => d.uid).sort()).toEqual(['ontap-upgrade-campaign', 'ontap-upgrade-cluster', 'ontap-upgrade-exporter', 'ontap-upgrade-fleet']);
    for (const d of ds) expect(d.links.some((l: any) => l.type === 'dashboards' && l.tags.includes('ontap-upgrade') && l.includeVars)).toBe(true);
    for (const d of ds) expect(d.tags).toContain('ontap-upgrade');
    // The fleet's cluster rows lead to the cluster dashboard.
    const fleet = JSON.stringify(load('ontap-upgrade-fleet.json'));
    expect(fleet).toContain('/d/ontap-upgrade-cluster/');
  });

  for (const f of files) {
    describe(f, () => {
      const d = load(f);
      it('is valid for Grafana\'s schema: version, ids, grid positions, known panel types', () => {
        expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
        expect(typeof d.title).toBe('string');
        const ids = d.panels.map((p: any) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const p of d.panels) {
          expect(p.gridPos.w).toBeGreaterThan(0);
          expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
          if (p.type !== 'row') expect(PANEL_TYPES.has(p.type), p.type).toBe(true);
        }
      });

      it('uses the datasource variable everywhere and has datacenter -> cluster variables', () => {
        const vars = d.templating.list;
        expect(vars[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
        const dc = vars.find((v: any) => v.name === 'datacenter');
        const cl = vars.find((v: any) => v.name === 'cluster');
        expect(dc).toMatchObject({ multi: true, includeAll: true, refresh: 2 });
        expect(cl).toMatchObject({ multi: true, includeAll: true, refresh: 2 });
        expect(cl.query.query).toContain('$datacenter');
        for (const v of vars.filter((x: any) => x.type === 'query')) expect(v.datasource.uid).toBe('${datasource}');
        for (const p of panelsOf(d)) {
          expect(p.datasource?.uid, p.title).toBe('${datasource}');
          for (const t of p.targets) expect(t.datasource?.uid, `${p.title} ${t.refId}`).toBe('${datasource}');
        }
        // No hard-coded data source uid anywhere.
        expect(JSON.stringify(d).match(/"uid":\s*"(?!\$\{datasource\}|ontap-upgrade-)[^"]+"/g)).toBeNull();
      });

      it('every panel has a description and a unit', () => {
        for (const p of panelsOf(d)) {
          expect(p.description, p.title).toMatch(/\w{3,}/);
          expect(p.fieldConfig?.defaults?.unit, p.title).toMatch(/\w/);
        }
      });

      it('uses $__rate_interval, not fixed windows, in rate-like functions', () => {
        for (const p of panelsOf(d)) {
          for (const t of p.targets) expect(t.expr, p.title).not.toMatch(/\b(rate|irate|increase|delta|deriv)\([^)]*\[\d+[smhdw]\]/);
        }
      });

      it('every metric in every query exists in the exporter catalog or the recording rules', () => {
        const known = knownMetrics();
        const unknown = panelsOf(d).flatMap((p) => p.targets.flatMap((t: any) => metricNames(t.expr).filter((m) => !known.has(m)).map((m) => `${p.title}: ${m}`)));
        for (const a of d.annotations.list) unknown.push(...metricNames(a.target.expr).filter((m) => !known.has(m)).map((m) => `annotation ${a.name}: ${m}`));
        const varUnknown = d.templating.list.filter((v: any) => v.type === 'query').flatMap((v: any) => metricNames(v.query.query.replace(/label_values\(/, '(').replace(/,\s*\w+\)$/, ')')).filter((m) => !known.has(m)));
        expect([...unknown, ...varUnknown]).toEqual([]);
      });
    });
  }

  it('provisioning files point Grafana at the dashboards and a Prometheus data source', () => {
    const dash = parse(readFileSync(join(DIR, 'provisioning', 'dashboards.yml'), 'utf8'));
    expect(dash.providers[0]).toMatchObject({ type: 'file' });
    const ds = parse(readFileSync(join(DIR, 'provisioning', 'datasources.yml'), 'utf8'));
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus' });
  });
});

describe('metric name extraction (used by the dashboard and rule checks)', () => {
  it('finds metric names and leaves out functions, labels, strings and variables', () => {
    expect(metricNames('sum by (endpoint, reason) (rate(ontap_scrape_errors_total{cluster=~"$cluster",x="up"}[$__rate_interval]))')).toEqual(['ontap_scrape_errors_total']);
    expect(metricNames('a_metric / on (cluster) group_left b:recorded:rule > 1.5 * c_metric + 900')).toEqual(['a_metric', 'b:recorded:rule', 'c_metric']);
    const known = knownMetrics();
    expect(metricNames('ontap_sofware_info').filter((m) => !known.has(m))).toEqual(['ontap_sofware_info']);
  });
});
