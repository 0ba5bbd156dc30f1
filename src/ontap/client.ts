// GETs against one cluster's REST API over one undici pool (HTTP/1.1,
// keep-alive). Read-only by construction: the only method it sends is GET.
// Errors carry a reason from a fixed set and a message that never includes
// credentials or headers, and never more than a bounded piece of what the
// cluster sent.
//
// The pool can be thrown away (reset) and is rebuilt on the next request: the
// poller does so when a poll misses its deadline, because undici 7 can leave
// requests pending forever, deaf to their AbortSignal. Minimal reproduction
// (undici 7.30.2, Node 20.20; upstream-ready):
//
//   // server: any HTTPS server whose certificate names another host, e.g.
//   //   openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=other.example \
//   //     -addext subjectAltName=DNS:other.example -keyout k.pem -out c.pem
//   //   https.createServer({ key, cert }, (q, r) => r.end('{}')).listen(8443)
//   const pool = new Pool('https://localhost:8443', { connections: 1, connect: { ca: cert } })
//   const signal = AbortSignal.timeout(500)
//   const a = pool.request({ method: 'GET', path: '/', signal }) // rejects: ERR_TLS_CERT_ALTNAME_INVALID
//   const b = pool.request({ method: 'GET', path: '/', signal }) // never settles, even after `signal` aborts
//
// With `connections: 2` and 4 requests, 2 reject and 2 hang; a bare Client
// rejects both. The cause is the special case for ERR_TLS_CERT_ALTNAME_INVALID
// in lib/dispatcher/client.js (connect error handling): it rejects only the
// queued requests whose servername matches, instead of going through onError
// like every other connect error, and the requests the Pool had handed to that
// client stay queued with no connection attempt and no abort handling. Related:
// nodejs/undici#5355 (same branch, assertion with pipelining > 1, fixed in
// #5373 for undici 8). Hence the deadline above the client: it cannot be lost.

import { hash } from 'node:crypto';
import { Pool, errors as undiciErrors } from 'undici';
import { DEFAULT_LIMITS, MAX_PEM_FILE_BYTES, readBoundedFile, type ClusterConfig } from '../config/config.js';
import { bound, sanitize, secretsOf } from './redact.js';
import type { ErrorReason } from './errors.js';
import { systemClock, type Clock } from '../runtime/clock.js';

export class PollError extends Error {
  /** Seconds the cluster asked us to wait (Retry-After on 429 or 503). */
  retryAfterSeconds?: number;
  constructor(readonly reason: ErrorReason, message: string) {
    super(message);
  }
}

export interface OntapClient {
  /**
   * GETs path with query; follows `_links.next` when paginated. Returns a digest of every page's
   * body (equal digests, equal responses) and the pages' JSON, parsed only when asked for.
   */
  get(path: string, query: Record<string, string>, paginated: boolean, signal: AbortSignal): Promise<EndpointResponse>;
  /**
   * Destroys the connection pool (requests still pending on it are dropped) so the next
   * request starts on a new one. Returns the transport error the old pool saw, if any:
   * the likely cause of what got stuck.
   */
  reset(): PollError | undefined;
  /** Drops the pool and whatever is still pending on it. */
  close(): Promise<void>;
}

/** What one GET of an endpoint brought back. */
export interface EndpointResponse {
  digest: string;
  /** Each page's JSON. Parsed on the first call: an unchanged response (same digest) need never be. */
  pages(): unknown[];
}

const MAX_PAGES = 100;
/** Remembered `_links.next` of pages already parsed, so an unchanged page is followed unparsed. */
const MAX_REMEMBERED_LINKS = 256;

export function createClient(c: ClusterConfig, clock: Clock = systemClock): OntapClient {
  const url = new URL(c.url);
  const basePath = url.pathname.replace(/\/+$/, '');
  const secrets = secretsOf(c);
  const clean = (s: string) => sanitize(s, secrets);
  const tls = url.protocol === 'https:'
    ? {
        rejectUnauthorized: !c.insecureSkipVerify,
        ...(c.caFile ? { ca: readBoundedFile(c.caFile, MAX_PEM_FILE_BYTES) } : {}),
        ...(c.certFile && c.keyFile ? { cert: readBoundedFile(c.certFile, MAX_PEM_FILE_BYTES), key: readBoundedFile(c.keyFile, MAX_PEM_FILE_BYTES) } : {}),
      }
    : {};
  const newPool = () => new Pool(url.origin, {
    connections: 2,
    pipelining: 1,
    // A connection is reused within one poll (endpoints, pages) and never across polls, which are
    // fast_interval or more apart: kept longer (or as long as the server hints) it only holds a
    // file descriptor, 2 per cluster: 20,000 for 10,000 clusters polled back to back.
    keepAliveTimeout: 1_000,
    keepAliveMaxTimeout: 1_000,
    headersTimeout: c.timeouts.headers * 1000,
    bodyTimeout: c.timeouts.body * 1000,
    connect: { timeout: c.timeouts.connect * 1000, ...tls },
  });
  let pool: Pool | undefined;
  /** The last transport error of the current pool (for reset()'s answer). */
  let transportError: PollError | undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.username && c.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }
  const maxEndpointBytes = c.maxEndpointBytes ?? DEFAULT_LIMITS.maxEndpointBytes;

  /** One GET; `budget` is what is left of the endpoint's byte cap. */
  async function getOne(pathAndQuery: string, signal: AbortSignal, budget: number): Promise<{ text: string; bytes: number; digest: string }> {
    pool ??= newPool();
    const cap = Math.min(c.maxResponseBytes, budget);
    const tooBig = () => new PollError('bad_response', cap < c.maxResponseBytes
      ? `all pages of this endpoint together larger than ${maxEndpointBytes} bytes (max_endpoint_bytes)`
      : `response larger than ${c.maxResponseBytes} bytes (max_response_bytes)`);
    let res;
    try {
      res = await pool.request({ method: 'GET', path: pathAndQuery, headers, signal });
    } catch (err) {
      const e = classify(err, signal, secrets);
      if (e.reason === 'tls' || e.reason === 'connect') transportError = e;
      throw e;
    }
    const { statusCode } = res;
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
    const fail = (reason: ErrorReason, what: string) => {
      const e = new PollError(reason, `${what}${ontapMessage(text, clean)}`);
      const after = retryAfter(res.headers['retry-after'], clock.now());
      if ((statusCode === 429 || statusCode === 503) && after !== undefined) e.retryAfterSeconds = after;
      return e;
    };
    if (statusCode === 401 || statusCode === 403) throw fail('auth', `HTTP ${statusCode}`);
    if (statusCode >= 500) throw fail('http_5xx', `HTTP ${statusCode}`);
    if (statusCode >= 400) throw fail('http_4xx', `HTTP ${statusCode}`);
    if (statusCode !== 200) throw new PollError('bad_response', `unexpected HTTP ${statusCode}`);
    return { text, bytes, digest: hash('sha1', text, 'base64') };
  }

  function parse(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new PollError('bad_response', `invalid JSON (${clean((err as Error).message).slice(0, 80)}), ${text.length} bytes`);
    }
  }

  /** Digest of a page that parsed -> its next link ('' for none). Keyed with the request, as the same body may answer two. */
  const nextLinks = new Map<string, string>();

  return {
    async get(path, query, paginated, signal) {
      let request = `${basePath}${path}?${new URLSearchParams(query).toString()}`;
      let { text, bytes, digest } = await getOne(request, signal, maxEndpointBytes);
      // Index-aligned: a page's text until it is parsed, then its JSON.
      const texts: string[] = [text];
      const parsed: unknown[] = [];
      const done = (): EndpointResponse => ({
        digest,
        pages: () => texts.map((t, i) => (i in parsed ? parsed[i] : (parsed[i] = parse(t)))),
      });
      if (!paginated) return done();
      let pageDigest = digest;
      for (let i = 1; i < MAX_PAGES; i++) {
        const key = `${request} ${pageDigest}`;
        let next = nextLinks.get(key);
        if (next === undefined) {
          parsed[i - 1] = parse(texts[i - 1] as string);
          next = nextHref(parsed[i - 1]) ?? '';
          if (nextLinks.size >= MAX_REMEMBERED_LINKS) nextLinks.clear();
          nextLinks.set(key, next);
        }
        if (!next) return done();
        // Follow only links on this cluster's own API: credentials never go elsewhere.
        let target: URL;
        try {
          target = new URL(next, url.origin);
        } catch {
          throw new PollError('bad_response', `_links.next is not a URL: ${JSON.stringify(clean(next))}`);
        }
        if (target.origin !== url.origin || !target.pathname.startsWith('/api/')) {
          throw new PollError('bad_response', `_links.next points outside the cluster's API: ${clean(target.pathname)}`);
        }
        request = `${basePath}${target.pathname}${target.search}`;
        const page = await getOne(request, signal, maxEndpointBytes - bytes);
        bytes += page.bytes;
        digest += ` ${page.digest}`;
        pageDigest = page.digest;
        texts.push(page.text);
      }
      throw new PollError('bad_response', `more than ${MAX_PAGES} pages of ${path}`);
    },
    reset() {
      const seen = transportError;
      transportError = undefined;
      const old = pool;
      pool = undefined;
      // destroy() rejects what is still queued; nobody waits for those any more.
      old?.destroy().catch(() => undefined);
      return seen;
    },
    // destroy, not close: close would wait for requests that may never end.
    close: async () => { await pool?.destroy(); },
  };
}

function nextHref(page: unknown): string | undefined {
  const links = (page as { _links?: { next?: { href?: unknown } } } | null)?._links;
  const href = links?.next?.href;
  return typeof href === 'string' && href !== '' ? href : undefined;
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(v: string | string[] | undefined, now: number): number | undefined {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Math.min(Number(s), 1e9); // 400 digits would read as Infinity
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

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

/** ONTAP's own error message and code (never a header), with secrets masked and the length bounded. */
function ontapMessage(text: string, clean: (s: string) => string): string {
  try {
    const m = (JSON.parse(text) as { error?: { message?: unknown; code?: unknown } }).error;
    if (m && typeof m.message === 'string') {
      const code = m.code === undefined ? '' : ` (code ${clean(typeof m.code === 'string' ? m.code : JSON.stringify(m.code) ?? '').slice(0, 40)})`;
      return `: ${clean(m.message)}${code}`;
    }
  } catch { /* not ONTAP's error body */ }
  return '';
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

export function classify(err: unknown, signal?: AbortSignal, secrets: readonly string[] = []): PollError {
  if (err instanceof PollError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = bound(String(e.code ?? e.cause?.code ?? ''), 60);
  const msg = sanitize(e.message ?? String(err), secrets, 160);
  if (signal?.aborted || e.name === 'AbortError' || e.name === 'TimeoutError') return new PollError('timeout', 'poll timeout reached');
  if (err instanceof undiciErrors.ConnectTimeoutError) return new PollError('timeout', 'connect timeout');
  if (err instanceof undiciErrors.HeadersTimeoutError) return new PollError('timeout', 'headers timeout');
  if (err instanceof undiciErrors.BodyTimeoutError) return new PollError('timeout', 'body timeout');
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(msg)) return new PollError('tls', `TLS: ${code || msg}`);
  return new PollError('connect', `${code || 'connection error'}: ${msg}`);
}
