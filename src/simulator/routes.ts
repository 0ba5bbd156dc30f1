// The REST resources of one simulated cluster: which path and method reach
// which resource, the query each takes, and the wait on a job (return_timeout).

import { getRecord, onlyParams, queryCollection, type CollectionSpec } from './collection.js';
import { applyAction, syncCluster, type SimCluster } from './cluster.js';
import { OntapError } from './errors.js';
import { CLUSTER_FIELDS, NODE_FIELDS, renderCluster, renderNode } from './identity.js';
import type { Job } from './model.js';
import { routeFirmware } from './firmware-routes.js';
import { patchSoftware } from './patch.js';
import { clusterVersion, jobFields, jobLink, renderDownload, renderHistory, renderJob, renderPackage, renderSoftware, softwareFields } from './render.js';

type Json = Record<string, unknown>;

const HISTORY_SPEC: CollectionSpec = {
  base: '/api/cluster/software/history',
  known: new Set(['node', 'start_time', 'end_time', 'from_version', 'to_version', 'state']),
  keys: [], defaultAll: true,
};
const PACKAGES_SPEC: CollectionSpec = {
  base: '/api/cluster/software/packages',
  known: new Set(['version', 'create_time']),
  keys: ['version'], defaultAll: false,
};

const DOWNLOAD_FIELDS = new Set(['state', 'message', 'code']);

const JOBS_SPEC: CollectionSpec = {
  base: '/api/cluster/jobs',
  known: new Set(), // per release: jobFields()
  keys: ['uuid'], defaultAll: false,
};
const NODES_SPEC: CollectionSpec = { base: '/api/cluster/nodes', known: NODE_FIELDS, keys: ['uuid', 'name'], defaultAll: false };

export interface Result { status: number; body: Json }

/** What the request asks of the cluster; `clock` is read again while waiting on a job. */
export async function route(c: SimCluster, clock: () => number, method: string, path: string, q: URLSearchParams, body: Json | undefined): Promise<Result> {
  const m = c.engine.model;
  const now = clock();
  if (path === '/api/cluster') {
    if (method !== 'GET') throw notAllowed();
    return { status: 200, body: getRecord(renderCluster(m), q, CLUSTER_FIELDS, []) };
  }
  if (path === '/api/cluster/nodes') {
    if (method !== 'GET') throw notAllowed();
    return { status: 200, body: queryCollection(m.nodes.map((n) => renderNode(m, n, now)), q, NODES_SPEC) };
  }
  const node = /^\/api\/cluster\/nodes\/([^/]+)$/.exec(path);
  if (node) {
    if (method !== 'GET') throw notAllowed();
    const n = m.nodes.find((x) => x.uuid === node[1]);
    if (!n) throw new OntapError(404, '4', 'entry doesn\'t exist', 'uuid');
    return { status: 200, body: getRecord(renderNode(m, n, now), q, NODE_FIELDS, NODES_SPEC.keys) };
  }
  if (path === '/api/cluster/software') {
    if (method === 'GET') {
      return { status: 200, body: getRecord(renderSoftware(m, now), q, softwareFields(m), []) };
    }
    if (method === 'PATCH') return waitForJob(c, clock, patchSoftware(c, q, body ?? {}, now), q);
    throw notAllowed();
  }
  if (path === '/api/cluster/software/download') {
    if (method === 'GET') {
      return { status: 200, body: getRecord(renderDownload(m), q, DOWNLOAD_FIELDS, []) };
    }
    if (method === 'POST') {
      onlyParams(q, ['return_timeout', 'return_records']);
      const b = body ?? {};
      for (const k of Object.keys(b)) if (!['url', 'username', 'password'].includes(k)) throw new OntapError(400, '262179', `Unexpected field "${k}".`, k);
      if (typeof b.url !== 'string' || b.url === '') throw new OntapError(400, '2', 'Missing value for required field "url".', 'url');
      checkDownloadUrl(b.url);
      const failure = /fail/i.test(b.url);
      const job = applyAction(c, { action: 'download', url: b.url, outcome: failure ? 'failure' : 'success' }, now) as Job;
      // The 9.16.1 reference: 201 Created when the download finished within return_timeout, else 202.
      return waitForJob(c, clock, job, q, 201);
    }
    throw notAllowed();
  }
  if (path === '/api/cluster/software/history') {
    if (method !== 'GET') throw notAllowed();
    return { status: 200, body: queryCollection(m.history.map(renderHistory), q, HISTORY_SPEC) };
  }
  if (path === '/api/cluster/software/packages') {
    if (method !== 'GET') throw notAllowed();
    return { status: 200, body: queryCollection(m.packages.map(renderPackage), q, PACKAGES_SPEC) };
  }
  const pkg = /^\/api\/cluster\/software\/packages\/([^/]+)$/.exec(path);
  if (pkg) {
    const version = decodeURIComponent(pkg[1] as string);
    if (method === 'GET') {
      const p = m.packages.find((x) => x.version === version);
      if (!p) throw new OntapError(404, '10551325', 'Package does not exist on the system', 'version');
      return { status: 200, body: getRecord(renderPackage(p), q, PACKAGES_SPEC.known, PACKAGES_SPEC.keys) };
    }
    if (method === 'DELETE') {
      onlyParams(q, ['return_timeout']);
      const job = applyAction(c, { action: 'delete-package', version }, now) as Job;
      return waitForJob(c, clock, job, q);
    }
    throw notAllowed();
  }
  if (path === '/api/cluster/jobs') {
    if (method !== 'GET') throw notAllowed();
    const v = clusterVersion(m);
    return { status: 200, body: queryCollection([...m.jobs.values()].map((j) => renderJob(j, v)), q, { ...JOBS_SPEC, known: jobFields(v) }) };
  }
  const job = /^\/api\/cluster\/jobs\/([0-9a-f-]+)$/.exec(path);
  if (job) {
    if (method !== 'GET') throw notAllowed();
    const j = m.jobs.get(job[1] as string);
    if (!j) throw new OntapError(404, '4', 'entry doesn\'t exist', 'uuid');
    const v = clusterVersion(m);
    return { status: 200, body: getRecord(renderJob(j, v), q, jobFields(v), JOBS_SPEC.keys) };
  }
  const fw = routeFirmware(m, method, path, q, now);
  if (fw) return fw;
  throw new OntapError(404, '3', `API not found: ${path}`);
}

function notAllowed(): OntapError {
  return new OntapError(405, '3', 'The method is not allowed for this API.');
}

function checkDownloadUrl(raw: string): void {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OntapError(400, '39387137', 'Invalid URL syntax was provided. Retry with a valid URL.', 'url');
  }
  if (!['http:', 'https:', 'ftp:', 'file:'].includes(u.protocol)) {
    throw new OntapError(400, '39387138', 'Unsupported URL scheme provided. Retry with one of FILE://, FTP://, or HTTPS://.', 'url');
  }
}

/** With return_timeout > 0 ONTAP waits for the job: 200 if it finished, its error if it failed, else 202. */
async function waitForJob(c: SimCluster, clock: () => number, job: Job, q: URLSearchParams, doneStatus = 200): Promise<Result> {
  const timeout = Number(q.get('return_timeout') ?? '0');
  const deadline = Date.now() + timeout * 1000;
  while (timeout > 0 && (job.state === 'running' || job.state === 'queued') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    syncCluster(c, clock());
  }
  if (job.state === 'success') return { status: timeout > 0 ? doneStatus : 202, body: jobLink(job) };
  if (job.state === 'failure' && timeout > 0) throw new OntapError(400, String(job.code), job.message);
  return { status: 202, body: jobLink(job) };
}
