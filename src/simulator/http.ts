// One simulated cluster on the wire: auth, request bodies, ONTAP-style
// errors, and the wire-level faults (reset, latency, forced status,
// truncation, malformed JSON). routes.ts answers the request itself.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { syncCluster, type SimCluster } from './cluster.js';
import { OntapError } from './errors.js';
import { activeFaults, endpointOf, mutateBody } from './faults.js';
import { route } from './routes.js';

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
    const result = await route(c, () => ctx.now(), method, path, q, body);
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
