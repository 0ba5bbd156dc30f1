// The REST surface of one simulated cluster: routing, auth, ONTAP-style
// errors, and the wire-level faults (reset, truncation, malformed JSON).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRecord, onlyParams, queryCollection, type CollectionSpec } from './collection.js';
import { applyAction, syncCluster, type SimCluster } from './cluster.js';
import { OntapError } from './errors.js';
import { CLUSTER_FIELDS, NODE_FIELDS, renderCluster, renderNode } from './identity.js';
import { activeFaults, endpointOf, mutateBody } from './faults.js';
import type { Job } from './model.js';
import { patchSoftware } from './patch.js';
import { jobLink, renderDownload, renderHistory, renderJob, renderPackage, renderSoftware, softwareFields } from './render.js';

type Json = Record<string, unknown>;

export interface RequestLogEntry {
  cluster: string;
  method: string;
  path: string;
  query: string;
  /** Real time, ISO 8601. */
  time: string;
  status: number;
}

export interface HandlerContext {
  now(): number;
  auth?: { user: string; password: string };
  log(entry: RequestLogEntry): void;
}

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
  known: new Set(['uuid', 'description', 'state', 'message', 'code', 'start_time', 'end_time', '_links']),
  keys: ['uuid'], defaultAll: false,
};
const NODES_SPEC: CollectionSpec = { base: '/api/cluster/nodes', known: NODE_FIELDS, keys: ['uuid', 'name'], defaultAll: false };

/** A malformed body in the style of the reference's own examples (trailing commas, unbalanced). */
const MALFORMED = '{"version": "9.15.1", "nodes": [{"name": "node1", "version": "9.15.1",}], "state": "in_progress",';

export async function handle(c: SimCluster, ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const now = ctx.now();
  syncCluster(c, now);
  const endpoint = endpointOf(path);
  const faults = activeFaults(c.faults, endpoint, now);
  const logEntry = (status: number) => ctx.log({
    cluster: c.engine.model.name, method, path, query: url.search.slice(1), time: new Date().toISOString(), status,
  });

  // The management LIF is moving (takeover/giveback) or a fault cut it off: no answer at all.
  if (now < c.engine.lifUnreachableUntil || faults.some((f) => f.kind === 'unreachable' || f.kind === 'reset')) {
    logEntry(0);
    req.socket.destroy();
    return;
  }
  const latency = faults.filter((f) => f.kind === 'latency').reduce((sum, f) => sum + (f.latencyMs ?? 0), 0);
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));

  const send = (status: number, body: Json, extraHeaders: Record<string, string> = {}) => {
    const hal = (req.headers.accept ?? '').includes('hal+json');
    let text = JSON.stringify(status < 300 ? mutateBody(body, faults) : body);
    if (status < 300 && faults.some((f) => f.kind === 'malformed')) text = MALFORMED;
    if (status < 300 && faults.some((f) => f.kind === 'truncate')) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    res.writeHead(status, { 'content-type': hal ? 'application/hal+json' : 'application/json', 'content-length': Buffer.byteLength(text), ...extraHeaders });
    res.end(text);
    logEntry(status);
  };
  const sendError = (e: OntapError, headers: Record<string, string> = {}) =>
    send(e.status, { error: { message: e.message, code: e.code, ...(e.target ? { target: e.target } : {}) } }, headers);

  const forced = faults.find((f) => f.kind === 'status');
  if (forced?.status) {
    const status = forced.status;
    if (status === 401) return sendError(new OntapError(401, '6', 'Not authorized.'), { 'www-authenticate': 'Basic realm="ONTAP"' });
    if (status === 403) return sendError(new OntapError(403, '6', 'not authorized for that command'));
    return sendError(new OntapError(status, '8', status >= 500 ? 'Internal error. Contact technical support.' : 'Request refused.'));
  }
  if (ctx.auth && !authorized(req, ctx.auth)) {
    return sendError(new OntapError(401, '6', 'Not authorized.'), { 'www-authenticate': 'Basic realm="ONTAP"' });
  }

  try {
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(req);
    const q = url.searchParams;
    checkTimeout(q);
    const result = await route(c, ctx, method, path, q, body);
    send(result.status, result.body);
  } catch (err) {
    if (err instanceof OntapError) sendError(err);
    else sendError(new OntapError(500, '8', 'Internal error.'));
  }
}

function authorized(req: IncomingMessage, auth: { user: string; password: string }): boolean {
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Basic ')) return false;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  return sep >= 0 && decoded.slice(0, sep) === auth.user && decoded.slice(sep + 1) === auth.password;
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new OntapError(413, '262179', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Json;
  } catch {
    throw new OntapError(400, '262179', 'Invalid JSON input in the request body.');
  }
}

function checkTimeout(q: URLSearchParams): void {
  if (!q.has('return_timeout')) return;
  const t = Number(q.get('return_timeout'));
  if (!Number.isInteger(t) || t < 0 || t > 120) throw new OntapError(400, '262179', 'return_timeout must be an integer from 0 to 120.', 'return_timeout');
}

interface Result { status: number; body: Json }

async function route(c: SimCluster, ctx: HandlerContext, method: string, path: string, q: URLSearchParams, body: Json | undefined): Promise<Result> {
  const m = c.engine.model;
  const now = ctx.now();
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
    if (method === 'PATCH') return waitForJob(c, ctx, patchSoftware(c, q, body ?? {}, now), q);
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
      return waitForJob(c, ctx, job, q, 201);
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
      return waitForJob(c, ctx, job, q);
    }
    throw notAllowed();
  }
  if (path === '/api/cluster/jobs') {
    if (method !== 'GET') throw notAllowed();
    return { status: 200, body: queryCollection([...m.jobs.values()].map(renderJob), q, JOBS_SPEC) };
  }
  const job = /^\/api\/cluster\/jobs\/([0-9a-f-]+)$/.exec(path);
  if (job) {
    if (method !== 'GET') throw notAllowed();
    const j = m.jobs.get(job[1] as string);
    if (!j) throw new OntapError(404, '4', 'entry doesn\'t exist', 'uuid');
    return { status: 200, body: getRecord(renderJob(j), q, JOBS_SPEC.known, JOBS_SPEC.keys) };
  }
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
async function waitForJob(c: SimCluster, ctx: HandlerContext, job: Job, q: URLSearchParams, doneStatus = 200): Promise<Result> {
  const timeout = Number(q.get('return_timeout') ?? '0');
  const deadline = Date.now() + timeout * 1000;
  while (timeout > 0 && (job.state === 'running' || job.state === 'queued') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    syncCluster(c, ctx.now());
  }
  if (job.state === 'success') return { status: timeout > 0 ? doneStatus : 202, body: jobLink(job) };
  if (job.state === 'failure' && timeout > 0) throw new OntapError(400, String(job.code), job.message);
  return { status: 202, body: jobLink(job) };
}
