// GETs against one cluster's REST API over one undici pool (HTTP/1.1,
// keep-alive). Read-only by construction: the only method it sends is GET.
// Errors carry a reason from a fixed set and a message that never includes
// credentials or headers.

import { readFileSync } from 'node:fs';
import { Pool, errors as undiciErrors } from 'undici';
import type { ClusterConfig } from './config.js';
import type { ErrorReason } from './snapshot.js';

export class PollError extends Error {
  constructor(readonly reason: ErrorReason, message: string) {
    super(message);
  }
}

export interface OntapClient {
  /** GETs path with query; follows `_links.next` when paginated. Returns each page's parsed JSON. */
  get(path: string, query: Record<string, string>, paginated: boolean, signal: AbortSignal): Promise<unknown[]>;
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
  const pool = new Pool(url.origin, {
    connections: 2,
    pipelining: 1,
    keepAliveTimeout: 4_000,
    headersTimeout: c.timeouts.headers * 1000,
    bodyTimeout: c.timeouts.body * 1000,
    connect: { timeout: c.timeouts.connect * 1000, ...tls },
  });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.username && c.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  async function getOne(pathAndQuery: string, signal: AbortSignal): Promise<unknown> {
    let res;
    try {
      res = await pool.request({ method: 'GET', path: pathAndQuery, headers, signal });
    } catch (err) {
      throw classify(err, signal);
    }
    const { statusCode } = res;
    let text: string;
    try {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > c.maxResponseBytes) {
        discard(res.body);
        throw new PollError('bad_response', `response larger than ${c.maxResponseBytes} bytes`);
      }
      // With a declared length within the cap, read it whole; otherwise count bytes as they come.
      text = Number.isFinite(declared) ? await res.body.text() : await readCapped(res.body, c.maxResponseBytes);
    } catch (err) {
      throw err instanceof PollError ? err : classify(err, signal);
    }
    if (statusCode === 401 || statusCode === 403) throw new PollError('auth', `HTTP ${statusCode}${ontapMessage(text)}`);
    if (statusCode >= 500) throw new PollError('http_5xx', `HTTP ${statusCode}${ontapMessage(text)}`);
    if (statusCode >= 400) throw new PollError('http_4xx', `HTTP ${statusCode}${ontapMessage(text)}`);
    if (statusCode !== 200) throw new PollError('bad_response', `unexpected HTTP ${statusCode}`);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new PollError('bad_response', `invalid JSON (${(err as Error).message.slice(0, 80)}), ${text.length} bytes`);
    }
  }

  return {
    async get(path, query, paginated, signal) {
      const first = `${basePath}${path}?${new URLSearchParams(query).toString()}`;
      const pages: unknown[] = [await getOne(first, signal)];
      if (!paginated) return pages;
      for (let i = 1; i < MAX_PAGES; i++) {
        const next = nextHref(pages[pages.length - 1]);
        if (!next) return pages;
        // Follow only links on this cluster's own API: credentials never go elsewhere.
        const target = new URL(next, url.origin);
        if (target.origin !== url.origin || !target.pathname.startsWith('/api/')) {
          throw new PollError('bad_response', `_links.next points outside the cluster's API: ${target.pathname}`);
        }
        pages.push(await getOne(`${basePath}${target.pathname}${target.search}`, signal));
      }
      throw new PollError('bad_response', `more than ${MAX_PAGES} pages of ${path}`);
    },
    close: () => pool.close(),
  };
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

async function readCapped(body: Body, max: number): Promise<string> {
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
  return Buffer.concat(chunks).toString('utf8');
}

/** ONTAP's own error message (never a header), shortened. */
function ontapMessage(text: string): string {
  try {
    const m = (JSON.parse(text) as { error?: { message?: unknown; code?: unknown } }).error;
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
