// Model -> the JSON ONTAP sends, shaped by release: 9.6 used flat validation
// strings, 9.16 added message codes; fields newer releases introduced are
// gated by the cluster's version as schema.ts dates them.

import { ontapTime } from './clock.js';
import { elapsedNow } from './progress.js';
import type { ClusterModel, HistoryRecord, Job, Package, ValidationResult } from './model.js';
import { atLeastRelease, JOB, knownFields, softwareSchema } from './schema.js';

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

/** validation_results[] and post_update_checks[] from 9.7: issue and action carry `message` only (no reference table has `code`). */
function check(v: ValidationResult): Json {
  return { update_check: v.update_check, status: v.status, issue: msg(v.issue, false), ...(v.action ? { action: msg(v.action, false) } : {}) };
}

export function renderSoftware(m: ClusterModel, now: number): Json {
  const new16 = m.shape === '9.16';
  const version = clusterVersion(m);
  const out: Json = { version };
  const withModel = atLeastRelease(version, '9.17.1'); // nodes[].model: first in the 9.17.1 reference
  out.nodes = m.nodes.map((n) => (withModel ? { name: n.name, version: n.version, model: n.model } : { name: n.name, version: n.version }));
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
        : check(v),
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
        name: c.name, state: c.state, estimated_duration: c.estimated_duration,
        elapsed_duration: elapsedNow(c.elapsed_duration, c.runningSince, now),
      })),
      progress_summary: { message: m.metrocluster.summary },
      progress_details: { message: m.metrocluster.details },
    };
  }
  // 9.8+ (schema.ts); ONTAP leaves an empty list out.
  if (atLeastRelease(version, '9.8.0') && m.postChecks.length > 0) out.post_update_checks = m.postChecks.map(check);
  out._links = link('/api/cluster/software');
  return out;
}

/** Fields a release knows for /cluster/software: asking for another is an error, as on ONTAP. */
export function softwareFields(m: ClusterModel): Set<string> {
  const v = clusterVersion(m);
  return knownFields(softwareSchema(v), v);
}

export function renderDownload(m: ClusterModel): Json {
  // No _links: neither the reference's response nor the newest client's schema has one.
  return { state: m.download.state, message: m.download.message, code: m.download.code };
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

/** `version`: the cluster's, which dates `node` (9.11.1+). `error` only on failure, its `code` a string. */
export function renderJob(j: Job, version: string): Json {
  return {
    uuid: j.uuid, description: j.description, state: j.state, message: j.message, code: j.code,
    start_time: ontapTime(j.start_time), ...(j.end_time !== undefined ? { end_time: ontapTime(j.end_time) } : {}),
    ...(j.state === 'failure' ? { error: { code: String(j.code), message: j.message } } : {}),
    ...(j.node !== undefined && atLeastRelease(version, '9.11.1') ? { node: { name: j.node } } : {}),
    _links: link(`/api/cluster/jobs/${j.uuid}`),
  };
}

/** Job fields `fields=` accepts on a release (the newest client asks for message,state,error). */
export function jobFields(version: string): Set<string> {
  return knownFields(JOB, version);
}

export function jobLink(j: Job): Json {
  return { job: { uuid: j.uuid, _links: link(`/api/cluster/jobs/${j.uuid}`) } };
}
