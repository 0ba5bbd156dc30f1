// GETs against one cluster's REST API over one keep-alive HTTP/1.1 connection
// (an undici Client: a Pool preallocates a 16 KB queue, 160 MB for 10,000 clusters,
// and one socket per cluster keeps a 10,000-cluster process under its file limit;
// fleet-wide parallelism comes from the scheduler's concurrency).
// Read-only by construction: the only method it sends is GET.
// Errors carry a reason from a fixed set and a message that never includes
// credentials or headers. Each response comes with a digest of its body, so a
// caller can skip parsing what it has already seen.

import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, errors as undiciErrors } from 'undici';
import type { ClusterConfig } from './config.js';
import type { ErrorReason } from './snapshot.js';

export class PollError extends Error {
  constructor(readonly reason: ErrorReason, message: string) {
    super(message);
  }
}

export interface Fetched {
  /** Digest of every page's body: equal digests, equal responses. */
  digest: string;
  /** Each page's parsed JSON (parsed on the first call; throws PollError on invalid JSON). */
  pages(): unknown[];
}

export interface OntapClient {
  /** GETs path with query; follows `_links.next` when paginated. */
  get(path: string, query: Record<string, string>, paginated: boolean, signal: AbortSignal): Promise<Fetched>;
  close(): Promise<void>;
}

const MAX_PAGES = 100;

export function createClient(c: ClusterConfig): OntapClient {
  const url = new URL(c.url);
  const basePath = url.pathname.replace(/\/+$/, '');
  const tls = url.protocol === 'https:'
    ? {
        rejectUnauthorized: !c.insecureSkipVerify,
        ...(c.caFile ? { ca: readFileSync(c.caFile) } : {}),
        ...(c.certFile && c.keyFile ? { cert: readFileSync(c.certFile), key: readFileSync(c.keyFile) } : {}),
      }
    : {};
  const client = new Client(url.origin, {
    pipelining: 1,
    keepAliveTimeout: 4_000,
    headersTimeout: c.timeouts.headers * 1000,
    bodyTimeout: c.timeouts.body * 1000,
    connect: { timeout: c.timeouts.connect * 1000, ...tls },
  });
  // Per page of a paginated request: the digest of its body when last seen and the next link it
  // held, so an unchanged page is followed without parsing it.
  const seenPages = new Map<string, Array<{ digest: string; next?: string }>>();
  // Collectors pass the same query object every poll: encode it once.
  const queries = new WeakMap<Record<string, string>, string>();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.username && c.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  async function getOne(pathAndQuery: string, signal: AbortSignal): Promise<Buffer> {
    let res;
    try {
      res = await client.request({ method: 'GET', path: pathAndQuery, headers, signal });
    } catch (err) {
      throw classify(err, signal);
    }
    const { statusCode } = res;
    let body: Buffer;
    try {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > c.maxResponseBytes) {
        discard(res.body);
        throw new PollError('bad_response', `response larger than ${c.maxResponseBytes} bytes`);
      }
      // With a declared length within the cap, read it whole; otherwise count bytes as they come.
      body = Number.isFinite(declared) ? Buffer.from(await res.body.arrayBuffer()) : await readCapped(res.body, c.maxResponseBytes);
    } catch (err) {
      throw err instanceof PollError ? err : classify(err, signal);
    }
    if (statusCode === 401 || statusCode === 403) throw new PollError('auth', `HTTP ${statusCode}${ontapMessage(body)}`);
    if (statusCode >= 500) throw new PollError('http_5xx', `HTTP ${statusCode}${ontapMessage(body)}`);
    if (statusCode >= 400) throw new PollError('http_4xx', `HTTP ${statusCode}${ontapMessage(body)}`);
    if (statusCode !== 200) throw new PollError('bad_response', `unexpected HTTP ${statusCode}`);
    return body;
  }

  return {
    async get(path, query, paginated, signal) {
      let q = queries.get(query);
      if (q === undefined) queries.set(query, (q = new URLSearchParams(query).toString()));
      const bodies: Buffer[] = [];
      const parsed: unknown[] = [];
      const digests: string[] = [];
      const first = `${basePath}${path}?${q}`;
      const seen = seenPages.get(first) ?? [];
      let pathAndQuery: string | undefined = first;
      for (let i = 0; pathAndQuery !== undefined; i++) {
        if (i === MAX_PAGES) throw new PollError('bad_response', `more than ${MAX_PAGES} pages of ${path}`);
        const body = await getOne(pathAndQuery, signal);
        const digest = hash('sha1', body, 'base64');
        bodies.push(body);
        digests.push(digest);
        if (!paginated) break;
        let next: string | undefined;
        if (seen[i]?.digest === digest) next = seen[i]?.next;
        else {
          parsed[i] = parseJson(body);
          next = nextHref(parsed[i]);
          seen[i] = { digest, ...(next !== undefined ? { next } : {}) };
        }
        seen.length = i + 1;
        pathAndQuery = next === undefined ? undefined : sameApi(next, path);
      }
      if (paginated) seenPages.set(first, seen);
      return {
        digest: digests.join(' '),
        pages: () => bodies.map((b, i) => (parsed[i] ??= parseJson(b))),
      };
    },
    close: () => client.close(),
  };

  /** Follow only links on this cluster's own API: credentials never go elsewhere. */
  function sameApi(next: string, path: string): string {
    const target = new URL(next, url.origin);
    if (target.origin !== url.origin || !target.pathname.startsWith('/api/')) {
      throw new PollError('bad_response', `_links.next of ${path} points outside the cluster's API: ${target.pathname}`);
    }
    return `${basePath}${target.pathname}${target.search}`;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new PollError('bad_response', `invalid JSON (${(err as Error).message.slice(0, 80)}), ${body.length} bytes`);
  }
}

function nextHref(page: unknown): string | undefined {
  const links = (page as { _links?: { next?: { href?: unknown } } } | null)?._links;
  const href = links?.next?.href;
  return typeof href === 'string' && href !== '' ? href : undefined;
}

type Body = AsyncIterable<Buffer> & { destroy(e?: Error): unknown; on(event: 'error', fn: () => void): unknown };

/** Drops a body we will not read. Destroying emits 'error': without a listener that would crash the process. */
function discard(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readCapped(body: Body, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      discard(body);
      throw new PollError('bad_response', `response larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** ONTAP's own error message (never a header), shortened. */
function ontapMessage(body: Buffer): string {
  try {
    const m = (JSON.parse(body.toString('utf8')) as { error?: { message?: unknown; code?: unknown } }).error;
    if (m && typeof m.message === 'string') return `: ${m.message.slice(0, 160)}${m.code !== undefined ? ` (code ${String(m.code)})` : ''}`;
  } catch { /* not ONTAP's error body */ }
  return '';
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

export function classify(err: unknown, signal?: AbortSignal): PollError {
  if (err instanceof PollError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const msg = (e.message ?? String(err)).slice(0, 160);
  if (signal?.aborted || e.name === 'AbortError' || e.name === 'TimeoutError') return new PollError('timeout', 'poll timeout reached');
  if (err instanceof undiciErrors.ConnectTimeoutError) return new PollError('timeout', 'connect timeout');
  if (err instanceof undiciErrors.HeadersTimeoutError) return new PollError('timeout', 'headers timeout');
  if (err instanceof undiciErrors.BodyTimeoutError) return new PollError('timeout', 'body timeout');
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(msg)) return new PollError('tls', `TLS: ${code || msg}`);
  return new PollError('connect', `${code || 'connection error'}: ${msg}`);
}
