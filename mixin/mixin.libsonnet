// Monitoring mixin of ontap-upgrade-exporter: its alerts, recording rules and Grafana dashboards,
// with the knobs below. Rendered from generated/ (npm run mixin, from the shipped alerts/*.rules.yml
// and dashboards/*.json, the one source of truth): with the default _config it gives those very files.
//
//   local ontap = (import 'ontap-upgrade-exporter-mixin/mixin.libsonnet') + {
//     _config+:: {
//       selector: 'job="ontap-upgrade-exporter"',
//       alerts+: { OntapExporterScrapeErrors+: { 'for': '30m', thresholds: ['60', '1'] } },
//     },
//   };
//   ontap.prometheusAlerts, ontap.prometheusRules, ontap.grafanaDashboards

local rules = import 'generated/rules.json';
local dashboards = import 'generated/dashboards.json';
local alertDefaults = import 'generated/alert-defaults.json';

{
  _config+:: {
    // Label matchers added to every selector of the exporter's metrics (ontap_*), e.g.
    // 'job="ontap-upgrade-exporter"' or 'namespace="monitoring",job="ontap"'. Empty: none (as shipped).
    selector: '',
    // The Grafana data source the dashboards' "Data source" variable starts on (name or uid); null: Grafana's default.
    datasource: null,
    // Per alert (its name; name:severity when an alert has several levels): 'for', then the range windows
    // (`[15m]`) and the numbers of its expression, in the order they appear in it (see alerts/*.rules.yml).
    alerts: alertDefaults,
  },

  local cfg = self._config,

  local promql(parts, values) = std.join('', [
    if std.isString(p) then p
    else if std.objectHas(p, 'metric') then (
      local matchers = std.filter(function(m) m != '', [cfg.selector, if p.matchers == null then '' else p.matchers]);
      if cfg.selector == '' && p.matchers == null then p.metric else p.metric + '{' + std.join(',', matchers) + '}'
    )
    else if std.objectHas(p, 'window') then values.windows[p.window]
    else std.toString(values.thresholds[p.threshold])
    for p in parts
  ]),

  local rule(r) =
    local settings = if std.objectHas(r, '__key') then cfg.alerts[r.__key] else { windows: [], thresholds: [] };
    { [k]: r[k] for k in std.objectFields(r) if k != '__key' && k != 'expr' && k != 'for' }
    + { expr: promql(r.expr.__promql, settings) }
    + (if std.objectHas(settings, 'for') && settings['for'] != null then { 'for': settings['for'] } else {}),

  local group(g) = g { rules: [rule(r) for r in g.rules] },
  local alerting(g) = std.length([r for r in g.rules if std.objectHas(r, 'alert')]) > 0,

  local dashboard(x) =
    if std.isObject(x) then (if std.objectHas(x, '__promql') then promql(x.__promql, null) else { [k]: dashboard(x[k]) for k in std.objectFields(x) })
    else if std.isArray(x) then [dashboard(e) for e in x]
    else x,
  local withDatasource(d) =
    if cfg.datasource == null || !std.objectHas(d, 'templating') then d
    else d {
      templating+: {
        list: [
          if v.type == 'datasource' then v { current: { selected: true, text: cfg.datasource, value: cfg.datasource } } else v
          for v in super.list
        ],
      },
    },

  // Each shipped rule file, by name: what alerts/*.rules.yml hold, after _config.
  local unknown = std.setDiff(std.objectFields(cfg.alerts), std.objectFields(alertDefaults)),
  ruleFiles:: (
    assert unknown == [] : '_config.alerts names no such alert: ' + std.join(', ', unknown);
    { [f]: rules[f] { groups: [group(g) for g in rules[f].groups] } for f in std.objectFields(rules) }
  ),
  local all = [g for f in std.objectFields(self.ruleFiles) for g in self.ruleFiles[f].groups],

  // The groups with alerts (some also record the series their alerts use: kept together, as shipped).
  prometheusAlerts+:: { groups+: [g for g in all if alerting(g)] },
  // The groups that only record.
  prometheusRules+:: { groups+: [g for g in all if !alerting(g)] },
  grafanaDashboards+:: { [f]: withDatasource(dashboard(dashboards[f])) for f in std.objectFields(dashboards) },
}
