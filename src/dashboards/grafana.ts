// Plain builders for Grafana dashboard JSON (schema 39, Grafana 10.4+). Every panel and query uses
// the `datasource` variable; every panel has a description and a unit.

export type Json = Record<string, unknown>;

export const DS = { type: 'prometheus', uid: '${datasource}' };
export const SEL = 'datacenter=~"$datacenter",cluster=~"$cluster"';
export const TAGS = ['ontap', 'ontap-upgrade'];

/** An `organize` transformation's excludeByName for these fields. */
export const hide = (...names: string[]): Record<string, boolean> => Object.fromEntries(names.map((n) => [n, true]));

export const UIDS = { fleet: 'ontap-upgrade-fleet', cluster: 'ontap-upgrade-cluster', exporter: 'ontap-upgrade-exporter' } as const;

export interface Target { expr: string; legend?: string; instant?: boolean; table?: boolean }

interface PanelOpts {
  title: string;
  description: string;
  unit: string;
  targets: Target[];
  w?: number;
  h?: number;
  options?: Json;
  fieldConfig?: Json;
  transformations?: Json[];
}

/** Colours for ONTAP states, shared by every panel that shows one. */
export const STATE_COLOURS: Record<string, string> = {
  completed: 'green', successful: 'green', success: 'green', in_progress: 'blue', running: 'blue', waiting: 'purple',
  pause_pending: 'orange', paused_by_user: 'orange', cancel_pending: 'orange', canceled: 'yellow', paused_on_error: 'red',
  failed: 'red', failure: 'red', not_started: 'text', error: 'red', warning: 'orange',
};

export const stateMappings = [{
  type: 'value',
  options: Object.fromEntries(Object.entries(STATE_COLOURS).map(([k, color], i) => [k, { color, index: i, text: k.replace(/_/g, ' ') }])),
}];

function targets(ts: Target[]): Json[] {
  return ts.map((t, i) => ({
    datasource: DS, refId: String.fromCharCode(65 + i), expr: t.expr, legendFormat: t.legend ?? '__auto',
    ...(t.instant || t.table ? { instant: true, range: false } : { range: true }),
    ...(t.table ? { format: 'table' } : {}),
  }));
}

/** Lays panels left to right in rows of 24 columns. */
export function grid(): (w: number, h: number) => Json {
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

export function panel(type: string, o: PanelOpts): (place: (w: number, h: number) => Json, id: number) => Json {
  return (place, id) => ({
    id, type, title: o.title, description: o.description, datasource: DS,
    gridPos: place(o.w ?? 12, o.h ?? 8),
    fieldConfig: { defaults: { unit: o.unit, ...(o.fieldConfig ?? {}) }, overrides: [] },
    options: o.options ?? {},
    targets: targets(o.targets),
    ...(o.transformations ? { transformations: o.transformations } : {}),
  });
}

export function row(title: string): (place: (w: number, h: number) => Json, id: number) => Json {
  return (place, id) => ({ id, type: 'row', title, collapsed: false, gridPos: place(24, 1), panels: [] });
}

export function variables(extra: Json[] = []): Json {
  const q = (name: string, label: string, query: string) => ({
    name, label, type: 'query', datasource: DS, query: { query, refId: `${name}-var` }, definition: query,
    refresh: 2, multi: true, includeAll: true, allValue: '.*', current: { selected: true, text: ['All'], value: ['$__all'] }, sort: 1,
  });
  return {
    list: [
      { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', refresh: 1, current: {}, hide: 0 },
      q('datacenter', 'Datacenter', 'label_values(ontap_software_info, datacenter)'),
      q('cluster', 'Cluster', 'label_values(ontap_software_info{datacenter=~"$datacenter"}, cluster)'),
      ...extra,
    ],
  };
}

export function dashboard(uid: string, title: string, description: string, panels: Array<(place: (w: number, h: number) => Json, id: number) => Json>): Json {
  const place = grid();
  return {
    uid, title, description, tags: TAGS, editable: true, graphTooltip: 1, schemaVersion: 39, version: 1,
    time: { from: 'now-6h', to: 'now' }, refresh: '1m', timezone: 'browser',
    links: [{ type: 'dashboards', tags: ['ontap-upgrade'], asDropdown: false, includeVars: true, keepTime: true, title: 'ONTAP upgrade dashboards' }],
    templating: variables(), annotations: { list: [] },
    panels: panels.map((p, i) => p(place, i + 1)),
  };
}

/** Data link from a cluster field to the cluster dashboard, keeping data source and time range. */
export const clusterLink = {
  title: 'Open cluster ${__value.raw}',
  url: `/d/${UIDS.cluster}/ontap-upgrade-cluster?var-cluster=\${__value.raw}&\${datasource:queryparam}&\${__url_time_range}`,
};
