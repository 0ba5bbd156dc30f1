// How a request to a cluster failed, as a PollError: a reason from ERROR_REASONS (what
// ontap_scrape_errors_total counts by) and a message that never holds credentials or headers,
// and never more than a bounded piece of what the cluster sent.

import { errors as undiciErrors } from 'undici';
import type { ErrorReason } from './errors.js';
import { bound, sanitize } from './redact.js';

export class PollError extends Error {
  /** Seconds the cluster asked us to wait (Retry-After on 429 or 503). */
  retryAfterSeconds?: number;
  constructor(readonly reason: ErrorReason, message: string) {
    super(message);
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(v: string | string[] | undefined, now: number): number | undefined {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Math.min(Number(s), 1e9); // 400 digits would read as Infinity
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The error an HTTP answer other than 200 means, with ONTAP's own message from the body (masked by
 * `clean`), and Retry-After when a 429 or 503 carries one; undefined for a 200.
 */
export function httpError(statusCode: number, body: string, retryAfterHeader: string | string[] | undefined, clean: (s: string) => string, now: number): PollError | undefined {
  const fail = (reason: ErrorReason) => {
    const e = new PollError(reason, `HTTP ${statusCode}${ontapMessage(body, clean)}`);
    const after = retryAfter(retryAfterHeader, now);
    if ((statusCode === 429 || statusCode === 503) && after !== undefined) e.retryAfterSeconds = after;
    return e;
  };
  if (statusCode === 401 || statusCode === 403) return fail('auth');
  if (statusCode >= 500) return fail('http_5xx');
  if (statusCode >= 400) return fail('http_4xx');
  if (statusCode !== 200) return new PollError('bad_response', `unexpected HTTP ${statusCode}`);
  return undefined;
}

/** ONTAP's own error message and code (never a header), with secrets masked and the length bounded. */
function ontapMessage(text: string, clean: (s: string) => string): string {
  try {
    const m = (JSON.parse(text) as { error?: { message?: unknown; code?: unknown } }).error;
    if (m && typeof m.message === 'string') {
      const code = m.code === undefined ? '' : ` (code ${clean(typeof m.code === 'string' ? m.code : JSON.stringify(m.code)).slice(0, 40)})`;
      return `: ${clean(m.message)}${code}`;
    }
  } catch { /* not ONTAP's error body */ }
  return '';
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** What a thrown transport error (undici, Node, an abort) means, with `secrets` masked in its message. */
export function classify(err: unknown, signal?: AbortSignal, secrets: readonly string[] = []): PollError {
  if (err instanceof PollError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = bound(e.code ?? e.cause?.code ?? '', 60);
  const msg = sanitize(e.message ?? String(err), secrets, 160);
  if (signal?.aborted || e.name === 'AbortError' || e.name === 'TimeoutError') return new PollError('timeout', 'poll timeout reached');
  if (err instanceof undiciErrors.ConnectTimeoutError) return new PollError('timeout', 'connect timeout');
  if (err instanceof undiciErrors.HeadersTimeoutError) return new PollError('timeout', 'headers timeout');
  if (err instanceof undiciErrors.BodyTimeoutError) return new PollError('timeout', 'body timeout');
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(msg)) return new PollError('tls', `TLS: ${code || msg}`);
  return new PollError('connect', `${code || 'connection error'}: ${msg}`);
}
