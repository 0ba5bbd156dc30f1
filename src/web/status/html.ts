// The status page as HTML: server-side, no script, refreshing itself. A summary (on target /
// behind / updating / failing / unreachable), a filter form, then one row per cluster. Writes out
// a StatusView (view.ts) and decides nothing about the fleet itself; everything from ONTAP or the
// config is escaped.

import type { ReadinessCheck } from '../../campaign/campaign.js';
import { duration, esc, utc } from './format.js';
import { fleetSupportHtml, floorHtml, supportHtml } from './support.js';
import { PAGE_STATES, type ClusterView, type PageState, type StatusView } from './view.js';

const LABEL: Record<PageState, string> = {
  unreachable: 'unreachable', failing: 'failing', updating: 'updating', behind: 'behind', on_target: 'on target',
  ahead: 'ahead of target', unknown: 'not comparable', no_target: 'no target', pending: 'not polled yet',
};

/** How a failed readiness check reads on the page. */
const CHECK_TEXT: Record<ReadinessCheck, string> = {
  package_in_repository: 'target package not in the repository', validation_passed: 'not validated',
  no_update_running: 'an update is running', nodes_on_one_version: 'nodes run different versions',
};

const REFRESH_SECONDS = 15;

function progressCell(v: ClusterView): string {
  const u = v.update;
  if (!u) return v.state === 'updating' ? `<span class="muted">${esc(v.detail)}, no estimate</span>` : '';
  const when = u.paused ? `paused; if resumed now, ends ${utc(u.expectedEnd)}`
    : u.secondsLeft >= 0 ? `ETA ${utc(u.expectedEnd)} (in ${duration(u.secondsLeft)})` : `overdue by ${duration(-u.secondsLeft)} (expected ${utc(u.expectedEnd)})`;
  const source = u.fromHistory ? 'from this cluster\'s last update' : 'from ONTAP\'s estimate';
  return `<div class="bar${u.paused ? ' paused' : ''}" role="progressbar" aria-valuenow="${u.percent}" aria-valuemin="0" aria-valuemax="100"><span style="width:${u.percent}%"></span></div>`
    + `<div class="eta">${u.percent}% · ${esc(when)} <span class="muted">${esc(source)}</span></div>`;
}

function checksCell(v: ClusterView): string {
  const items = [...v.validationErrors.map((c) => `validation error: ${esc(c)}`), ...v.postUpdateErrors.map((c) => `post-update check failed: ${esc(c)}`),
    ...v.failingChecks.map((c) => CHECK_TEXT[c])];
  const validated = v.validationAgeSeconds === undefined ? '' : `<div class="muted">validation results seen ${esc(duration(v.validationAgeSeconds))} ago</div>`;
  return (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '') + validated;
}

/** A row, or an error row naming the cluster should writing it throw. */
function isolatedRow(v: ClusterView): string {
  try {
    if (v.rowError === undefined) return row(v);
  } catch (err) {
    v.rowError = `cannot show this cluster: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}`;
  }
  return `<tr class="cluster s-unknown" data-state="${v.state}"><td><b>${esc(v.name)}</b></td><td>${esc(v.datacenter)}</td>`
    + `<td colspan="6"><span class="err">${esc(v.rowError ?? '')}</span></td></tr>`;
}

function row(v: ClusterView): string {
  const target = v.target === undefined ? '<span class="muted">none</span>'
    : `${esc(v.target)}${v.deadline ? `<div class="${v.deadline.missed ? 'late' : 'muted'}">by ${esc(v.deadline.day)}${v.deadline.missed ? ' (missed)' : ''}</div>` : ''}`;
  return `<tr class="cluster s-${v.state}" data-state="${v.state}">`
    + `<td><b>${esc(v.name)}</b>${v.ontapName === undefined ? '' : `<div class="late">ONTAP reports the name ${esc(v.ontapName)}</div>`}<div class="muted">${esc(v.url)}</div></td>`
    + `<td>${esc(v.datacenter)}</td>`
    + `<td>${esc(v.version ?? '?')}${supportHtml(v.support)}${firmwareCell(v)}</td>`
    + `<td>${target}${floorHtml(v.support)}</td>`
    + `<td><span class="pill s-${v.state}">${esc(LABEL[v.state])}</span>${v.detail ? `<div class="${v.detail === 'ready to upgrade' ? 'ready' : 'muted'}">${esc(v.detail)}</div>` : ''}</td>`
    + `<td class="progress">${progressCell(v)}</td>`
    + `<td>${checksCell(v)}</td>`
    + `<td>${v.pollError ? `<span class="err">${esc(v.pollError)}</span>` : ''}`
    + (v.backoff ? `<div class="late">Retry-After ${esc(String(v.backoff.requestedSeconds))}s: next poll not before ${esc(utc(v.backoff.until))}</div>` : '')
    + `<div class="muted">${v.pollAgeSeconds === undefined ? 'never polled' : `polled ${esc(duration(v.pollAgeSeconds))} ago`}</div></td>`
    + '</tr>';
}

/** The firmware line under the version: SP/BMC versions, and what failed. */
function firmwareCell(v: ClusterView): string {
  const f = v.firmware;
  if (!f) return '';
  const sp = f.spVersions.length > 0 ? `<div class="muted">SP/BMC ${esc(f.spVersions.join(', '))}</div>` : '';
  return sp + (f.failures.length > 0 ? `<div class="late">firmware update failed: ${esc(f.failures.join('; '))}</div>` : '');
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

export function renderStatusPage(view: StatusView): string {
  const f = view.filters;
  const summary = view.summary.map((b) => `<a class="k-${b.key}${b.selected ? ' on' : ''}" href="${esc(b.href)}"><span class="n">${b.count}</span>${b.label}</a>`).join('');
  const option = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const form = `<form method="get" action="/"><label>Datacenter <select name="dc">${option('', 'all', f.dc.length === 0)}${view.datacenters.map((dc) => option(dc, dc, f.dc.includes(dc))).join('')}</select></label>
 <label>State <select name="state">${option('', 'all', f.state.length === 0)}${PAGE_STATES.map((s) => option(s, LABEL[s], f.state.includes(s))).join('')}</select></label>
 <button type="submit">Filter</button>${f.dc.length || f.state.length ? ' <a href="/">clear</a>' : ''}</form>`;
  const rows = view.rows.length > 0 ? view.rows.map(isolatedRow).join('\n')
    : '<tr><td colspan="8" class="muted">No cluster matches these filters.</td></tr>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ONTAP upgrades: fleet status</title><style>${CSS}</style></head>
<body><h1>ONTAP upgrades: fleet status</h1>
<p class="muted">${view.clusterCount} cluster(s) · page refreshes every ${REFRESH_SECONDS}s · as of ${esc(utc(view.now))} · exporter ${esc(view.exporterVersion)} · <a href="/metrics">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
<nav class="summary" aria-label="Summary">${summary}</nav>
${fleetSupportHtml(view.support)}
${form}
<table><thead><tr><th>Cluster</th><th>Datacenter</th><th>Version</th><th>Target</th><th>State</th><th>Update progress</th><th>Failing checks</th><th>Last poll</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
