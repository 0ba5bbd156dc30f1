// Model -> the JSON ONTAP sends, shaped by release: 9.6 used flat validation
// strings, 9.16 added node details, message codes and post_update_checks.

import { ontapTime } from './clock.js';
import { elapsedNow } from './progress.js';
import type { ClusterModel, HistoryRecord, Job, Package } from './model.js';

type Json = Record<string, unknown>;

const link = (href: string) => ({ self: { href } });

/** The cluster's version is the lowest its nodes run (ONTAP's effective cluster version). Not src/core's: see identity.ts. */
export function clusterVersion(m: ClusterModel): string {
  return [...m.nodes.map((n) => n.version)].sort(compareVersions)[0] ?? '';
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.P]/).map(Number);
  const pb = b.split(/[.P]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function msg(m: { message: string; code?: number } | undefined, withCode: boolean): Json | undefined {
  if (!m) return undefined;
  return withCode && m.code !== undefined ? { message: m.message, code: m.code } : { message: m.message };
}

export function renderSoftware(m: ClusterModel, now: number): Json {
  const new16 = m.shape === '9.16';
  const out: Json = { version: clusterVersion(m) };
  out.nodes = m.nodes.map((n) => (new16 ? { name: n.name, version: n.version, model: n.model } : { name: n.name, version: n.version }));
  if (m.pendingVersion) out.pending_version = m.pendingVersion;
  if (m.state) {
    out.state = m.state;
    const elapsed = elapsedNow(m.elapsed, m.runningSince, now);
    out.elapsed_duration = elapsed;
    // Up to 9.9 estimated_duration was time remaining; from 9.10 the overall estimate.
    out.estimated_duration = new16 ? m.estimated : Math.max(0, m.estimated - elapsed);
  }
  if (m.action) out.action = m.action;
  if (m.validation.length > 0) {
    out.validation_results = m.validation.map((v) =>
      m.shape === '9.6'
        ? { update_check: v.update_check, status: v.status, message: v.issue.message, ...(v.action ? { action: v.action.message } : {}) }
        : { update_check: v.update_check, status: v.status, issue: msg(v.issue, new16), ...(v.action ? { action: msg(v.action, new16) } : {}) },
    );
  }
  if (m.phases.length > 0) {
    out.update_details = m.phases.map((r) => ({
      phase: r.phase, state: r.state, estimated_duration: r.estimated_duration,
      elapsed_duration: elapsedNow(r.elapsed_duration, r.runningSince, now),
      ...(r.node ? { node: { name: r.node } } : {}),
    }));
  }
  if (m.status.length > 0) {
    out.status_details = m.status.map((r) => ({
      name: r.name, state: r.state, node: { name: r.node },
      ...(r.issue ? { issue: msg(r.issue, new16) } : {}),
      ...(r.action ? { action: msg(r.action, new16) } : {}),
      start_time: ontapTime(r.start_time),
      ...(r.end_time !== undefined ? { end_time: ontapTime(r.end_time) } : {}),
    }));
  }
  if (m.metrocluster) {
    out.metrocluster = {
      clusters: m.metrocluster.sites.map((c) => ({
        name: c.name, uuid: c.uuid, state: c.state, estimated_duration: c.estimated_duration,
        elapsed_duration: elapsedNow(c.elapsed_duration, c.runningSince, now),
      })),
      progress_summary: { message: m.metrocluster.summary },
      progress_details: { message: m.metrocluster.details },
    };
  }
  if (new16) out.post_update_checks = [];
  out._links = link('/api/cluster/software');
  return out;
}

/** Fields a release knows for /cluster/software: asking for another is an error, as on ONTAP. */
export function softwareFields(m: ClusterModel): Set<string> {
  const f = ['version', 'nodes', 'pending_version', 'state', 'elapsed_duration', 'estimated_duration', 'action',
    'validation_results', 'update_details', 'status_details', 'metrocluster', '_links'];
  if (m.shape === '9.16') f.push('post_update_checks');
  return new Set(f);
}

export function renderDownload(m: ClusterModel): Json {
  return { state: m.download.state, message: m.download.message, code: m.download.code, _links: link('/api/cluster/software/download') };
}

export function renderHistory(r: HistoryRecord): Json {
  return {
    node: { uuid: r.node.uuid, name: r.node.name, _links: link(`/api/cluster/nodes/${r.node.uuid}`) },
    start_time: ontapTime(r.start_time), end_time: ontapTime(r.end_time),
    from_version: r.from_version, to_version: r.to_version, state: r.state,
  };
}

export function renderPackage(p: Package): Json {
  return { version: p.version, create_time: ontapTime(p.create_time), _links: link(`/api/cluster/software/packages/${encodeURIComponent(p.version)}`) };
}

export function renderJob(j: Job): Json {
  return {
    uuid: j.uuid, description: j.description, state: j.state, message: j.message, code: j.code,
    start_time: ontapTime(j.start_time), ...(j.end_time !== undefined ? { end_time: ontapTime(j.end_time) } : {}),
    _links: link(`/api/cluster/jobs/${j.uuid}`),
  };
}

export function jobLink(j: Job): Json {
  return { job: { uuid: j.uuid, _links: link(`/api/cluster/jobs/${j.uuid}`) } };
}
