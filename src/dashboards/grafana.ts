// Plain builders for Grafana dashboard JSON (schema 39, Grafana 10.4+). Every panel and query uses
// the `datasource` variable; every panel has a description and a unit. Typed against Grafana's
// published schema (@grafana/schema): the dashboard, panels, variables, annotations and each panel
// type's options and field config, so a misspelt field or a wrong option value fails the build.

import type {
  AnnotationQuery, Dashboard, DashboardLink, DataQuery, DataSourceRef, DataTransformerConfig, FieldConfig, GridPos,
  Panel, RowPanel, TableOptions, ValueMapping, VariableModel,
} from '@grafana/schema';
import type * as BarGauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type * as Gauge from '@grafana/schema/dist/esm/raw/composable/gauge/panelcfg/x/GaugePanelCfg_types.gen';
import type * as PieChart from '@grafana/schema/dist/esm/raw/composable/piechart/panelcfg/x/PieChartPanelCfg_types.gen';
import type * as Stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as StateTimeline from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen';
import type * as Table from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type * as TimeSeries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

/**
 * What a dashboard author writes for a schema type: every field optional (Grafana fills in its
 * defaults), string enums as their string values, and no field the schema does not know.
 */
export type Loose<T> = T extends string ? `${T}` : T extends number | boolean ? T : T extends Array<infer U> ? Array<Loose<U>>
  : T extends object ? { [K in keyof T]?: Loose<T[K]> } : T;

/** Each panel type's options and custom field config, from its plugin's published schema. */
interface PanelTypes {
  stat: { options: Stat.Options; custom: Record<string, never> };
  gauge: { options: Gauge.Options; custom: Record<string, never> };
  bargauge: { options: BarGauge.Options; custom: Record<string, never> };
  table: { options: TableOptions; custom: Table.FieldConfig };
  timeseries: { options: TimeSeries.Options; custom: TimeSeries.FieldConfig };
  'state-timeline': { options: StateTimeline.Options; custom: StateTimeline.FieldConfig };
  piechart: { options: PieChart.Options; custom: PieChart.FieldConfig };
}
export type PanelType = keyof PanelTypes;

/** A Prometheus query as Grafana stores it (the Prometheus plugin's fields on top of DataQuery). */
type PromQuery = { [K in keyof DataQuery]: DataQuery[K] } & {
  datasource: DataSourceRef; expr: string; legendFormat: string; instant?: boolean; range?: boolean; format?: 'table' | 'time_series';
};

/** A Prometheus annotation: the plugin reads these fields next to the core ones. */
type PromAnnotation = AnnotationQuery<PromQuery> & { titleFormat?: string; textFormat?: string; tagKeys?: string; useValueForTime?: boolean; step?: string };

export type Place = (w: number, h: number) => GridPos;
export type PanelBuilder = (place: Place, id: number) => Panel | RowPanel;

export const DS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };
export const SEL = 'datacenter=~"$datacenter",cluster=~"$cluster"';
export const TAGS = ['ontap', 'ontap-upgrade'];

/** An `organize` transformation's excludeByName for these fields. */
export const hide = (...names: string[]): Record<string, boolean> => Object.fromEntries(names.map((n) => [n, true]));

export const UIDS = { fleet: 'ontap-upgrade-fleet', cluster: 'ontap-upgrade-cluster', exporter: 'ontap-upgrade-exporter', campaign: 'ontap-upgrade-campaign' } as const;

export interface Target { expr: string; legend?: string; instant?: boolean; table?: boolean }

interface PanelOpts<T extends PanelType> {
  title: string;
  description: string;
  unit: string;
  targets: Target[];
  w?: number;
  h?: number;
  options?: Loose<PanelTypes[T]['options']>;
  fieldConfig?: Loose<Omit<FieldConfig, 'unit' | 'custom'>> & { custom?: Loose<PanelTypes[T]['custom']> };
  transformations?: DataTransformerConfig[];
}

/** Colours for ONTAP states, shared by every panel that shows one. */
export const STATE_COLOURS: Record<string, string> = {
  completed: 'green', successful: 'green', success: 'green', in_progress: 'blue', running: 'blue', waiting: 'purple',
  pause_pending: 'orange', paused_by_user: 'orange', cancel_pending: 'orange', canceled: 'yellow', paused_on_error: 'red',
  failed: 'red', failure: 'red', not_started: 'text', error: 'red', warning: 'orange',
};

export const stateMappings: ValueMapping[] = [{
  type: 'value' as ValueMapping['type'] & 'value',
  options: Object.fromEntries(Object.entries(STATE_COLOURS).map(([k, color], i) => [k, { color, index: i, text: k.replace(/_/g, ' ') }])),
}];

function targets(ts: Target[]): PromQuery[] {
  return ts.map((t, i): PromQuery => ({
    datasource: DS, refId: String.fromCharCode(65 + i), expr: t.expr, legendFormat: t.legend ?? '__auto',
    ...(t.instant || t.table ? { instant: true, range: false } : { range: true }),
    ...(t.table ? { format: 'table' } : {}),
  }));
}

/** Lays panels left to right in rows of 24 columns. */
export function grid(): Place {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return (w, h) => {
    if (x + w > 24) { x = 0; y += rowH; rowH = 0; }
    const pos = { x, y, w, h };
    x += w;
    rowH = Math.max(rowH, h);
    return pos;
  };
}

export function panel<T extends PanelType>(type: T, o: PanelOpts<T>): PanelBuilder {
  return (place, id): Panel => ({
    id, type, title: o.title, description: o.description, datasource: DS,
    gridPos: place(o.w ?? 12, o.h ?? 8),
    fieldConfig: { defaults: { unit: o.unit, ...(o.fieldConfig ?? {}) } as FieldConfig, overrides: [] },
    options: o.options ?? {},
    targets: targets(o.targets),
    ...(o.transformations ? { transformations: o.transformations } : {}),
  });
}

export function row(title: string): PanelBuilder {
  return (place, id): RowPanel => ({ id, type: 'row', title, collapsed: false, gridPos: place(24, 1), panels: [] });
}

export function variables(extra: VariableModel[] = []): { list: VariableModel[] } {
  const q = (name: string, label: string, query: string): VariableModel => ({
    name, label, type: 'query', datasource: DS, query: { query, refId: `${name}-var` },
    refresh: 2, multi: true, includeAll: true, allValue: '.*', current: { selected: true, text: ['All'], value: ['$__all'] }, sort: 1,
  });
  return {
    list: [
      { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', refresh: 1, hide: 0 },
      q('datacenter', 'Datacenter', 'label_values(ontap_software_info, datacenter)'),
      q('cluster', 'Cluster', 'label_values(ontap_software_info{datacenter=~"$datacenter"}, cluster)'),
      ...extra,
    ],
  };
}

export function dashboard(uid: string, title: string, description: string, panels: PanelBuilder[], annotations: PromAnnotation[] = []): Dashboard {
  const place = grid();
  return {
    uid, title, description, tags: TAGS, editable: true, graphTooltip: 1, schemaVersion: 39, version: 1,
    time: { from: 'now-6h', to: 'now' }, refresh: '1m', timezone: 'browser',
    links: [{ type: 'dashboards', tags: ['ontap-upgrade'], asDropdown: false, includeVars: true, keepTime: true, title: 'ONTAP upgrade dashboards', icon: 'external link', targetBlank: false, tooltip: '' } satisfies DashboardLink],
    templating: variables(), annotations: { list: annotations },
    panels: panels.map((p, i) => p(place, i + 1)),
  };
}

/** A Prometheus annotation: `expr` marks a region while it has a non-zero value, or (useValueForTime) an event at each value in ms. */
export function annotation(name: string, iconColor: string, expr: string, o: Omit<PromAnnotation, 'name' | 'iconColor' | 'datasource' | 'enable' | 'target'>): PromAnnotation {
  return { name, iconColor, enable: true, datasource: DS, target: { refId: `anno-${name}`, datasource: DS, expr, legendFormat: '' }, step: '1m', ...o };
}

/** Data link from a cluster field to the cluster dashboard, keeping data source and time range. */
export const clusterLink = {
  title: 'Open cluster ${__value.raw}',
  url: `/d/${UIDS.cluster}/ontap-upgrade-cluster?var-cluster=\${__value.raw}&\${datasource:queryparam}&\${__url_time_range}`,
};
export type { Dashboard } from '@grafana/schema';
