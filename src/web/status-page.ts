// The page at `/`: the fleet at a glance for the person on call. Server-side HTML, no script,
// refreshes itself; a summary (on target / behind / updating / failing / unreachable), then one
// row per cluster with version, target, a coloured state, progress and ETA of a running update,
// failing readiness checks and the last poll's error. Filters ride in the query string
// (?dc=...&state=...), so a filtered view can be bookmarked. Everything from ONTAP or the config
// is escaped; credentials are never part of what is shown.

import { READINESS_CHECKS, eta, readiness, targetState, type Eta, type ReadinessCheck } from '../campaign/campaign.js';
import { ENDPOINTS } from '../core/endpoints.js';
import type { Target } from '../poll/poller.js';
import { nameMismatch, type ClusterSnapshot } from '../poll/snapshot.js';

export interface StatusPageDeps { targets: Target[]; version: string }

/** A cluster's one state on the page, most urgent first. */
export const PAGE_STATES = ['unreachable', 'failing', 'updating', 'behind', 'on_target', 'ahead', 'unknown', 'no_target', 'pending'] as const;
export type PageState = (typeof PAGE_STATES)[number];

const LABEL: Record<PageState, string> = {
  unreachable: 'unreachable', failing: 'failing', updating: 'updating', behind: 'behind', on_target: 'on target',
  ahead: 'ahead of target', unknown: 'not comparable', no_target: 'no target', pending: 'not polled yet',
};

/** Summary buckets: "on target" counts clusters past their target too. */
const SUMMARY: Array<{ key: string; label: string; states: PageState[] }> = [
  { key: 'on_target', label: 'On target', states: ['on_target', 'ahead'] },
  { key: 'behind', label: 'Behind', states: ['behind'] },
  { key: 'updating', label: 'Updating', states: ['updating'] },
  { key: 'failing', label: 'Failing', states: ['failing'] },
  { key: 'unreachable', label: 'Unreachable', states: ['unreachable'] },
];

/** How a failed readiness check reads on the page. */
const CHECK_TEXT: Record<ReadinessCheck, string> = {
  package_in_repository: 'target package not in the repository', validation_passed: 'not validated',
  no_update_running: 'an update is running', nodes_on_one_version: 'nodes run different versions',
};

const REFRESH_SECONDS = 15;
const PAUSED_OR_ACTIVE = new Set(['in_progress', 'waiting', 'pause_pending', 'cancel_pending', 'paused_by_user']);
const FAILED = new Set(['failed', 'paused_on_error']);

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The URL without anything but scheme, host, port and path (it never holds credentials, but be sure). */
export function safeUrl(u: string): string {
  const url = new URL(u);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** Set by the poller when a cluster answered 429/503 with Retry-After (reliability's back-off). */
interface Backoff { until: number; requestedSeconds: number }

export interface ClusterView {
  name: string;
  datacenter: string;
  url: string;
  version?: string;
  target?: string;
  deadline?: number;
  state: PageState;
  /** What the state means here, e.g. "paused on error" or "validation errors". */
  detail: string;
  eta?: Eta;
  /** 0..1 while an update runs. */
  progress?: number;
  failingChecks: ReadinessCheck[];
  validationErrors: string[];
  validationSeen?: number;
  pollError?: string;
  /** A 429/503 with Retry-After holds the next poll back: said, or the pause looks like a hang. */
  backoff?: Backoff;
  lastPoll?: number;
  /** The name ONTAP reports when it is not the configured one (a wrong URL in the config?). */
  ontapName?: string;
}

/** A 429/503 with Retry-After holds the next poll back: say so, or the pause looks like a hang. */
function backoffNote(s: ClusterSnapshot): string {
  return s.backoff ? `; Retry-After ${s.backoff.requestedSeconds}s: next poll not before ${new Date(s.backoff.until * 1000).toISOString()}` : '';
}

export function clusterView(t: Target): ClusterView {
  const s: ClusterSnapshot = t.snapshot;
  const d = s.endpoints.software.data;
  const failed = ENDPOINTS.filter((e) => !s.endpoints[e].success);
  const pollError = s.lastPoll === undefined || failed.length === 0 ? undefined
    : `failed: ${failed.map((e) => `${e} (${s.endpoints[e].lastError?.reason ?? '?'})`).join(', ')}: ${failed.map((e) => s.endpoints[e].lastError?.message).find(Boolean) ?? ''}${backoffNote(s)}`;
  const target = s.target?.version;
  const r = readiness(s);
  const validationErrors = (d?.validation ?? []).filter((v) => v.status === 'error').map((v) => v.check);
  const position = target === undefined ? undefined : targetState(d?.version, target);
  const e = eta(s);
  const now = s.endpoints.software.lastSuccess;
  let state: PageState;
  let detail = '';
  if (s.lastPoll === undefined) state = 'pending';
  else if (!s.endpoints.software.success) { state = 'unreachable'; detail = s.endpoints.software.lastError?.reason ?? ''; }
  else if (d?.state !== undefined && FAILED.has(d.state)) {
    state = 'failing';
    // A validate-only run that failed has no update phases.
    detail = d.phases.length === 0 && d.pendingVersion === undefined ? 'validation failed' : `update ${d.state.replace(/_/g, ' ')}`;
  }
  else if (validationErrors.length > 0) { state = 'failing'; detail = 'validation errors'; }
  else if (s.endpoints.download.data?.state === 'failure') { state = 'failing'; detail = 'package download failed'; }
  else if (d?.state !== undefined && PAUSED_OR_ACTIVE.has(d.state)) {
    state = 'updating';
    detail = d.phases.length === 0 && d.pendingVersion === undefined ? 'validation running' : d.state.replace(/_/g, ' ');
  }
  else if (target === undefined) state = 'no_target';
  else if (position === undefined) { state = 'unknown'; detail = 'version is not an ONTAP release number'; }
  else { state = position; if (position === 'behind' && r?.ready) detail = 'ready to upgrade'; }
  return {
    name: t.config.name, datacenter: t.config.datacenter, url: safeUrl(t.config.url), version: d?.version, target,
    deadline: s.target?.deadline, state, detail, eta: e,
    progress: e && now !== undefined && e.expectedEnd > e.start ? Math.min(1, Math.max(0, (now - e.start) / (e.expectedEnd - e.start))) : undefined,
    failingChecks: r ? READINESS_CHECKS.filter((c) => !r.checks[c]) : [],
    validationErrors, validationSeen: s.validationSeen?.at, pollError, lastPoll: s.lastPoll, ontapName: nameMismatch(s),
    backoff: (s as ClusterSnapshot & { backoff?: Backoff }).backoff,
  };
}

export interface Filters { dc: string[]; state: string[] }

/** ?dc=a&dc=b&state=behind; anything else (objects, unknown keys) is ignored. */
export function parseFilters(query: unknown): Filters {
  const q = (query ?? {}) as Record<string, unknown>;
  const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
    .flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '').slice(0, 50);
  return { dc: list(q.dc), state: list(q.state) };
}

function matches(v: ClusterView, f: Filters): boolean {
  if (f.dc.length > 0 && !f.dc.includes(v.datacenter)) return false;
  if (f.state.length === 0) return true;
  return f.state.some((s) => s === v.state || SUMMARY.find((b) => b.key === s)?.states.includes(v.state));
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const utc = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function href(f: Filters, change: Partial<Filters>): string {
  const p = new URLSearchParams();
  for (const dc of change.dc ?? f.dc) p.append('dc', dc);
  for (const st of change.state ?? f.state) p.append('state', st);
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

function progressCell(v: ClusterView, now: number): string {
  if (!v.eta || v.progress === undefined) return v.state === 'updating' ? `<span class="muted">${esc(v.detail)}, no estimate</span>` : '';
  const pct = Math.round(v.progress * 100);
  const left = v.eta.expectedEnd - now;
  const when = v.eta.paused ? `paused; if resumed now, ends ${utc(v.eta.expectedEnd)}`
    : left >= 0 ? `ETA ${utc(v.eta.expectedEnd)} (in ${duration(left)})` : `overdue by ${duration(-left)} (expected ${utc(v.eta.expectedEnd)})`;
  const source = v.eta.historyEnd !== undefined && v.eta.expectedEnd === v.eta.historyEnd ? 'from this cluster\'s last update' : 'from ONTAP\'s estimate';
  return `<div class="bar${v.eta.paused ? ' paused' : ''}" role="progressbar" aria-valuenow="${pct}" aria-valuemin="0" aria-valuemax="100"><span style="width:${pct}%"></span></div>`
    + `<div class="eta">${pct}% · ${esc(when)} <span class="muted">${esc(source)}</span></div>`;
}

function checksCell(v: ClusterView, now: number): string {
  const items = [
    ...v.validationErrors.map((c) => `validation error: ${esc(c)}`),
    ...(v.state === 'behind' || v.state === 'failing' ? v.failingChecks.filter((c) => c !== 'validation_passed' || v.validationErrors.length === 0).map((c) => CHECK_TEXT[c]) : []),
  ];
  const relevant = v.state === 'behind' || v.state === 'failing';
  const validated = v.validationSeen === undefined || !relevant ? '' : `<div class="muted">validation results seen ${esc(duration(now - v.validationSeen))} ago</div>`;
  return (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '') + validated;
}

function row(v: ClusterView, now: number): string {
  const overdue = v.deadline !== undefined && now > v.deadline && (v.state === 'behind' || v.state === 'failing' || v.state === 'updating');
  const target = v.target === undefined ? '<span class="muted">none</span>'
    : `${esc(v.target)}${v.deadline !== undefined ? `<div class="${overdue ? 'late' : 'muted'}">by ${esc(new Date((v.deadline - 86_400) * 1000).toISOString().slice(0, 10))}${overdue ? ' (missed)' : ''}</div>` : ''}`;
  return `<tr class="cluster s-${v.state}" data-state="${v.state}">`
    + `<td><b>${esc(v.name)}</b>${v.ontapName === undefined ? '' : `<div class="late">ONTAP reports the name ${esc(v.ontapName)}</div>`}<div class="muted">${esc(v.url)}</div></td>`
    + `<td>${esc(v.datacenter)}</td>`
    + `<td>${esc(v.version ?? '?')}</td>`
    + `<td>${target}</td>`
    + `<td><span class="pill s-${v.state}">${esc(LABEL[v.state])}</span>${v.detail ? `<div class="${v.detail === 'ready to upgrade' ? 'ready' : 'muted'}">${esc(v.detail)}</div>` : ''}</td>`
    + `<td class="progress">${progressCell(v, now)}</td>`
    + `<td>${checksCell(v, now)}</td>`
    + `<td>${v.pollError ? `<span class="err">${esc(v.pollError)}</span>` : ''}`
    + (v.backoff ? `<div class="late">Retry-After ${esc(String(v.backoff.requestedSeconds))}s: next poll not before ${esc(utc(v.backoff.until))}</div>` : '')
    + `<div class="muted">${v.lastPoll === undefined ? 'never polled' : `polled ${esc(duration(now - v.lastPoll))} ago`}</div></td>`
    + '</tr>';
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d232a;background:#f6f7f9}
h1{font-size:1.4em;margin:0 0 .2em}a{color:#1f5fbf}.muted{color:#6b7380;font-size:.85em}
.summary{display:flex;gap:.8em;margin:1em 0;flex-wrap:wrap}
.summary a{display:block;min-width:8em;padding:.6em 1em;border-radius:6px;background:#fff;border:1px solid #d6d9de;text-decoration:none;color:inherit}
.summary a.on{outline:2px solid #1f5fbf}.summary .n{font-size:2em;font-weight:600;display:block}
form{margin:.5em 0 1em}select,button{font:inherit;padding:.2em .4em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e5e8;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eceef1;font-weight:600}ul{margin:0;padding-left:1.1em}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;white-space:nowrap}
.s-on_target,.s-ahead{background:#2e7d32}.s-behind{background:#e08a00}.s-updating{background:#1f6fd1}.s-failing{background:#c62828}
.s-unreachable{background:#5f6670}.s-no_target,.s-pending,.s-unknown{background:#9aa1ab}
tr.cluster{background:#fff}tr.s-failing td:first-child{border-left:4px solid #c62828}tr.s-unreachable td:first-child{border-left:4px solid #5f6670}
.summary .k-on_target .n{color:#2e7d32}.summary .k-behind .n{color:#e08a00}.summary .k-updating .n{color:#1f6fd1}.summary .k-failing .n{color:#c62828}.summary .k-unreachable .n{color:#5f6670}
.bar{width:14em;height:10px;background:#e3e5e8;border-radius:5px;overflow:hidden}.bar span{display:block;height:100%;background:#1f6fd1}.bar.paused span{background:#9aa1ab}
.eta{font-size:.85em}.ready{color:#2e7d32;font-weight:600;font-size:.85em}.err{color:#c62828}.late{color:#c62828;font-size:.85em;font-weight:600}
`;

export function statusPage(d: StatusPageDeps, query: unknown, now = Date.now() / 1000): string {
  const f = parseFilters(query);
  const all = d.targets.map(clusterView);
  const shown = all.filter((v) => matches(v, f));
  // Most urgent first, then by name: the row to act on is at the top.
  shown.sort((a, b) => PAGE_STATES.indexOf(a.state) - PAGE_STATES.indexOf(b.state) || a.name.localeCompare(b.name));
  const inDc = all.filter((v) => f.dc.length === 0 || f.dc.includes(v.datacenter));
  const summary = SUMMARY.map((b) => {
    const n = inDc.filter((v) => b.states.includes(v.state)).length;
    const on = f.state.length === 1 && f.state[0] === b.key;
    return `<a class="k-${b.key}${on ? ' on' : ''}" href="${esc(href(f, { state: on ? [] : [b.key] }))}"><span class="n">${n}</span>${b.label}</a>`;
  }).join('');
  // A cluster without a datacenter cannot be picked by one (an empty filter means all).
  const dcs = [...new Set(all.map((v) => v.datacenter))].filter((dc) => dc !== '').sort();
  const option = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const form = `<form method="get" action="/"><label>Datacenter <select name="dc">${option('', 'all', f.dc.length === 0)}${dcs.map((dc) => option(dc, dc, f.dc.includes(dc))).join('')}</select></label>
 <label>State <select name="state">${option('', 'all', f.state.length === 0)}${PAGE_STATES.map((s) => option(s, LABEL[s], f.state.includes(s))).join('')}</select></label>
 <button type="submit">Filter</button>${f.dc.length || f.state.length ? ' <a href="/">clear</a>' : ''}</form>`;
  const rows = shown.length > 0 ? shown.map((v) => row(v, now)).join('\n')
    : '<tr><td colspan="8" class="muted">No cluster matches these filters.</td></tr>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ONTAP upgrades: fleet status</title><style>${CSS}</style></head>
<body><h1>ONTAP upgrades: fleet status</h1>
<p class="muted">${all.length} cluster(s) · page refreshes every ${REFRESH_SECONDS}s · as of ${esc(utc(now))} · exporter ${esc(d.version)} · <a href="/metrics">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
<nav class="summary" aria-label="Summary">${summary}</nav>
${form}
<table><thead><tr><th>Cluster</th><th>Datacenter</th><th>Version</th><th>Target</th><th>State</th><th>Update progress</th><th>Failing checks</th><th>Last poll</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
