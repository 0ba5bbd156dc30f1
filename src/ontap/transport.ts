// GETs against one cluster over one or two undici Clients (HTTP/1.1, keep-alive): TLS material
// and Basic credentials from the config, a byte cap on every response, and an answer other than
// 200 turned into a PollError. Read-only by construction: the only method it sends is GET.
//
// The connections can be thrown away (reset) and are rebuilt on the next request: the poller does so when
// a poll misses its deadline, because undici 7 can leave requests pending forever, deaf to their
// AbortSignal. Why, with a minimal reproduction: docs/undici-tls-pending.md.

import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'undici';
import { DEFAULT_LIMITS, type ClusterConfig } from '../config/config.js';
import { MAX_PEM_FILE_BYTES, readBoundedFile } from '../config/files.js';
import type { Clock } from '../runtime/clock.js';
import { PollError, classify, httpError } from './poll-error.js';
import { sanitize } from './redact.js';

/** One response body, whole. */
export interface Page { text: string; bytes: number; digest: string }

export interface Transport {
  /** GETs `pathAndQuery`; `budget` is what is left of the endpoint's byte cap (max_endpoint_bytes). */
  get(pathAndQuery: string, signal: AbortSignal, budget: number): Promise<Page>;
  /** Destroys the pool; returns the last transport error the old pool saw, if any. */
  reset(): PollError | undefined;
  close(): Promise<void>;
}

export interface TransportOptions {
  /**
   * Keep the connection between polls when the cluster's Keep-Alive hint allows it (the exporter
   * says so when the fleet fits in a quarter of the open-files limit: keepConnections()). Reconnecting on
   * every poll was the poll path's largest CPU cost (docs/benchmarks.md).
   */
  keepAcrossPolls?: boolean;
}

export function createTransport(c: ClusterConfig, secrets: readonly string[], clock: Clock, opts: TransportOptions = {}): Transport {
  const url = new URL(c.url);
  const clean = (s: string) => sanitize(s, secrets);
  const tls = url.protocol === 'https:'
    ? {
        rejectUnauthorized: !c.insecureSkipVerify,
        ...(c.caFile ? { ca: readBoundedFile(c.caFile, MAX_PEM_FILE_BYTES) } : {}),
        ...(c.certFile && c.keyFile ? { cert: readBoundedFile(c.certFile, MAX_PEM_FILE_BYTES), key: readBoundedFile(c.keyFile, MAX_PEM_FILE_BYTES) } : {}),
      }
    : {};
  const keep = opts.keepAcrossPolls === true;
  const options = {
    pipelining: 1,
    // Without a Keep-Alive hint the server's own timeout is unknown, and a request sent as the
    // server closes an idle socket fails: closed after 1 s then, never reused across polls. With a
    // hint (`Keep-Alive: timeout=N`), undici keeps the socket N - 2 s, at most keepAliveMaxTimeout:
    // a poll interval and a bit when keeping, else 1 s again.
    keepAliveTimeout: 1_000,
    keepAliveMaxTimeout: keep ? (c.interval + 5) * 1000 : 1_000,
    headersTimeout: c.timeouts.headers * 1000,
    bodyTimeout: c.timeouts.body * 1000,
    connect: { timeout: c.timeouts.connect * 1000, ...tls },
  };
  // Kept across polls: one connection, one file descriptor per cluster. Otherwise two, closed
  // within the poll. Each connection an undici Client, a request on the least busy one: a Pool
  // would do the same with a preallocated 16 KB queue per cluster (160 MB for 10,000 clusters).
  const newPool = (): Conn[] => Array.from({ length: keep ? 1 : 2 }, () => ({ client: new Client(url.origin, options), busy: 0 }));
  let pool: Conn[] | undefined;
  /** The last transport error of the current pool (for reset()'s answer). */
  let transportError: PollError | undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.username && c.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }
  const maxEndpointBytes = c.maxEndpointBytes ?? DEFAULT_LIMITS.maxEndpointBytes;

  return {
    async get(pathAndQuery, signal, budget) {
      pool ??= newPool();
      const cap = Math.min(c.maxResponseBytes, budget);
      const tooBig = () => new PollError('bad_response', cap < c.maxResponseBytes
        ? `all pages of this endpoint together larger than ${maxEndpointBytes} bytes (max_endpoint_bytes)`
        : `response larger than ${c.maxResponseBytes} bytes (max_response_bytes)`);
      const conn = pool.reduce((a, b) => (b.busy < a.busy ? b : a));
      conn.busy += 1;
      try {
        return await getOn(conn.client, pathAndQuery, signal, cap, tooBig);
      } finally {
        conn.busy -= 1;
      }
    },
    reset() {
      const seen = transportError;
      transportError = undefined;
      const old = pool;
      pool = undefined;
      // destroy() rejects what is still queued; nobody waits for those any more.
      for (const conn of old ?? []) conn.client.destroy().catch(() => undefined);
      return seen;
    },
    // destroy, not close: close would wait for requests that may never end.
    close: async () => { await Promise.all((pool ?? []).map((conn) => conn.client.destroy())); },
  };

  async function getOn(client: Client, pathAndQuery: string, signal: AbortSignal, cap: number, tooBig: () => PollError): Promise<Page> {
    let res;
    try {
      res = await client.request({ method: 'GET', path: pathAndQuery, headers, signal });
    } catch (err) {
      const e = classify(err, signal, secrets);
      if (e.reason === 'tls' || e.reason === 'connect') transportError = e;
      throw e;
    }
    let text: string;
    let bytes: number;
    try {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > cap) {
        discard(res.body);
        throw tooBig();
      }
      // With a declared length within the cap, read it whole (that many bytes); otherwise count bytes as they come.
      ({ text, bytes } = Number.isFinite(declared) ? { text: await res.body.text(), bytes: declared } : await readCapped(res.body, cap, tooBig));
    } catch (err) {
      throw err instanceof PollError ? err : classify(err, signal, secrets);
    }
    const error = httpError(res.statusCode, text, res.headers['retry-after'], clean, clock.now());
    if (error) throw error;
    return { text, bytes, digest: hash('sha1', text, 'base64') };
  }
}

interface Conn { client: Client; busy: number }

type Body = AsyncIterable<Buffer> & { destroy(e?: Error): unknown; on(event: 'error', fn: () => void): unknown };

/** Drops a body we will not read. Destroying emits 'error': without a listener that would crash the process. */
function discard(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readCapped(body: Body, max: number, tooBig: () => PollError): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      discard(body);
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes: size };
}

/**
 * Whether a fleet of `clusters` may keep one idle connection each between polls: when that takes
 * at most a quarter of the process's open-files limit (the rest for the listener, scrapes and the
 * polls that open new connections while old ones close). At half the limit the bench's 10,000
 * clusters (limit 20,000) lost 13% of their polls to connection errors; at a quarter nothing
 * (docs/benchmarks.md). The limit from /proc/self/limits; elsewhere 1,024 is assumed.
 */
export function keepConnections(clusters: number, limits = '/proc/self/limits'): boolean {
  let max = 1024;
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(limits, 'latin1'));
    if (m) max = m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    // Not Linux: the conservative default.
  }
  return clusters <= max / 4;
}
