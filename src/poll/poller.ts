// One poll of one cluster: every collector at once under the poll deadline;
// each endpoint succeeds or fails on its own, and the snapshot and metrics follow.
//
// The deadline is a timer raced against the requests, not only an AbortSignal
// handed to the HTTP client: a client that loses its signal (see ontap-client.ts)
// cannot hold a poll, or the scheduler's concurrency slot, past timeouts.poll.

import { COLLECTORS } from '../collectors/index.js';
import type { Endpoint } from '../core/endpoints.js';
import { dueEndpoints } from './due.js';
import { noteRefused, queryOf, waitsForIdentity } from './query.js';
import { DEFAULT_LIMITS, type ClusterConfig } from '../config/config.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';
import type { OntapClient } from '../ontap/client.js';
import { PollError, classify } from '../ontap/poll-error.js';
import { sanitize, secretsOf } from '../ontap/redact.js';
import { nameMismatch, recordOutcome, type ClusterSnapshot, type PollOutcome } from './snapshot.js';
import { queryString } from '../ontap/pagination.js';

export interface Target {
  config: ClusterConfig;
  client: OntapClient;
  snapshot: ClusterSnapshot;
  /** A poll of this cluster is running (never two at once). */
  polling: boolean;
  /** When the next poll is due, in the scheduler clock's monotonic milliseconds (a wall-clock step cannot stall polling). */
  nextDue: number;
  /** Per endpoint, the digest of the response its snapshot data was parsed from. */
  digests?: Partial<Record<Endpoint, string>>;
}

/** Longest wait a cluster's Retry-After can impose on its next poll. */
export const MAX_BACKOFF_SECONDS = 600;

type Outcome = PollOutcome<Endpoint>;

/** A cluster's credentials in every form they could come back in, worked out once per configuration (not once per poll). */
const secretsByConfig = new WeakMap<ClusterConfig, readonly string[]>();
function secretsFor(config: ClusterConfig): readonly string[] {
  let s = secretsByConfig.get(config);
  if (s === undefined) secretsByConfig.set(config, (s = secretsOf(config)));
  return s;
}

/**
 * One walk over a response's pages, without recursion (a deeply nested body must not blow the
 * stack): counts array items at any depth, stopping once past `maxRecords`, and replaces in place
 * every string holding one of the secrets (a cluster echoing credentials must not put them in a
 * label). Returns the count (above `maxRecords` means the walk stopped early).
 */
export function scanPages(pages: unknown[], maxRecords: number, secrets: readonly string[]): number {
  const holdsSecret = (x: string) => secrets.length > 0 && secrets.some((s) => x.includes(s));
  let n = 0;
  const stack: object[] = [pages];
  while (stack.length > 0 && n <= maxRecords) {
    const v = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(v)) {
      if (v !== pages) n += v.length; // the list of pages is not a record
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'string') { if (holdsSecret(x)) v[i] = sanitize(x, secrets, Infinity); } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    } else {
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (typeof x === 'string') { if (holdsSecret(x)) v[k] = sanitize(x, secrets, Infinity); } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return n;
}

/**
 * A response's pages -> the endpoint's outcome: the record cap, the cluster's credentials
 * masked wherever the cluster echoed them, then the collector. Never throws.
 */
export function interpret<E extends Endpoint>(config: ClusterConfig, endpoint: E, pages: unknown[], log: Logger, query: Record<string, string> = COLLECTORS[endpoint].query): PollOutcome<E> | PollError {
  const maxRecords = config.maxRecords ?? DEFAULT_LIMITS.maxRecords;
  if (scanPages(pages, maxRecords, secretsFor(config)) > maxRecords) return new PollError('bad_response', `more than ${maxRecords} records in the response (max_records)`);
  const warnings: string[] = [];
  let data;
  try {
    data = COLLECTORS[endpoint].parse(pages, (w) => warnings.push(w), query);
  } catch (err) {
    return new PollError('bad_response', `unexpected response shape: ${(err as Error).message}`);
  }
  if (warnings.length > 0) {
    log.debug({ cluster: config.name, endpoint, warnings: warnings.slice(0, 5), count: warnings.length }, 'fields skipped in ONTAP response');
  }
  return { ok: true, data, durationSeconds: 0 };
}

async function pollEndpoint<E extends Endpoint>(t: Target, endpoint: E, signal: AbortSignal, log: Logger, clock: Clock, identity?: Promise<Outcome | undefined>): Promise<PollOutcome<E>> {
  const c = COLLECTORS[endpoint];
  const start = clock.monotonic();
  const took = () => (clock.monotonic() - start) / 1000;
  let result: PollOutcome<E> | PollError;
  let query = c.query;
  try {
    // Fields chosen by release: on a first poll, from this poll's /api/cluster answer (query.ts).
    query = queryOf(t.snapshot, endpoint, identity ? (await identity) as PollOutcome<'cluster'> | undefined : undefined);
    const res = await t.client.get(c.path, query, c.paginated, signal);
    // The same response as the one the data came from (an idle cluster, most of the time): the data
    // object is kept, so neither the collector nor the store does that work again.
    const known = t.snapshot.endpoints[endpoint].data;
    const digests = (t.digests ??= {});
    const asked = `${queryString(query)}\u0000${res.digest}`; // the same body to another question is other data
    if (known !== undefined && digests[endpoint] === asked) return { ok: true, data: known, durationSeconds: took() };
    result = interpret(t.config, endpoint, res.pages(), log, query);
    if (!(result instanceof PollError)) digests[endpoint] = asked;
  } catch (err) {
    result = classify(err, signal);
    if (query !== c.query) noteRefused(t.snapshot, endpoint, result);
  }
  if (!(result instanceof PollError)) return { ...result, durationSeconds: took() };
  const e = result;
  return { ok: false, reason: e.reason, message: e.message, durationSeconds: took(), ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
}

/** Every endpoint's outcome, by the deadline at the latest; what missed it is failed and its connections reset. */
async function pollWithDeadline(t: Target, due: readonly Endpoint[], log: Logger, clock: Clock, stop?: AbortSignal): Promise<Outcome[] | undefined> {
  const seconds = t.config.timeouts.poll;
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    onStop = () => { ctl.abort(); resolve(undefined); };
    timer = setTimeout(onStop, seconds * 1000);
    stop?.addEventListener('abort', onStop, { once: true });
  });
  const identity = due.includes('cluster') ? pollEndpoint(t, 'cluster', ctl.signal, log, clock) as Promise<Outcome> : undefined;
  // An endpoint waiting for identity waits half the deadline at most: a slow /api/cluster must not
  // take the software poll down with it (it then asks what every release knows).
  let waitTimer: NodeJS.Timeout | undefined;
  const identityOrLate = identity && Promise.race([identity, new Promise<undefined>((r) => { waitTimer = setTimeout(() => r(undefined), seconds * 500); })]);
  const polls = due.map((e) => (e === 'cluster' && identity ? identity
    : pollEndpoint(t, e, ctl.signal, log, clock, waitsForIdentity(t.snapshot, e, due) ? identityOrLate : undefined) as Promise<Outcome>));
  const raced = await Promise.all(polls.map((p) => Promise.race([p, deadline])));
  clearTimeout(timer);
  clearTimeout(waitTimer);
  stop?.removeEventListener('abort', onStop as () => void);
  if (stop?.aborted) {
    t.client.reset();
    return undefined;
  }
  const missed = due.filter((_e, i) => raced[i] === undefined);
  if (missed.length === 0) return raced as Outcome[];
  // Whatever is still pending may never settle: drop the whole pool; the next poll builds a new one.
  const cause = t.client.reset();
  const reason = cause?.reason === 'tls' ? 'tls' : 'timeout';
  const message = `no answer within timeouts.poll (${seconds}s)${cause ? ` after ${cause.message}` : ''}; connections reset`;
  // At debug: the "poll failed" line (warn when the reason changes) already carries the message.
  log.debug({ cluster: t.config.name, endpoints: missed, reason }, 'poll missed its deadline; connections reset');
  return raced.map((o) => o ?? { ok: false, reason, message, durationSeconds: seconds });
}

/**
 * The series count the cluster would have with `data` for each endpoint (undefined: keep the current
 * data), as recordOutcome() will leave it at `now`: the store may keep the samples made here for the
 * render, and some (an update's expected end) read the poll's time.
 */
function seriesWith(count: PollSink['seriesCount'], snap: ClusterSnapshot, due: readonly Endpoint[], data: unknown[], now: number): number {
  const endpoints = { ...snap.endpoints };
  due.forEach((e, i) => { if (data[i] !== undefined) endpoints[e] = { ...endpoints[e], data: data[i], lastSuccess: now } as never; });
  return count({ ...snap, endpoints, lastPoll: now });
}

/** Fails the endpoints whose new data would take the cluster past max_series, biggest growth first; their last good data stays. */
function capSeries(t: Target, due: readonly Endpoint[], outcomes: Outcome[], count: PollSink['seriesCount'], now: number): void {
  const max = t.config.maxSeries ?? DEFAULT_LIMITS.maxSeries;
  // The same data objects as last poll (unchanged responses, the idle case): the count it was accepted with stands.
  if (outcomes.every((o, i) => !o.ok || o.data === t.snapshot.endpoints[due[i] as Endpoint].data)) return;
  const fresh = outcomes.map((o) => (o.ok ? o.data : undefined));
  let total = seriesWith(count, t.snapshot, due, fresh, now);
  if (total <= max) return; // the usual case: one count, nothing more
  const growth = due.map((_e, i) => ({ i, by: fresh[i] === undefined ? 0 : total - seriesWith(count, t.snapshot, due, fresh.map((d, j) => (j === i ? undefined : d)), now) }));
  for (const g of growth.sort((a, b) => b.by - a.by)) {
    if (total <= max || g.by <= 0) break;
    const o = outcomes[g.i] as Outcome;
    outcomes[g.i] = { ok: false, reason: 'bad_response', message: `the response would give the cluster ${total} series, more than max_series (${max})`, durationSeconds: o.durationSeconds };
    total -= g.by;
  }
}

/**
 * Where a poll's result goes: the metrics layer, which the poll layer does not know.
 * `seriesCount` tells how many series a snapshot would export (max_series is checked with it).
 */
export interface PollSink {
  apply(snap: ClusterSnapshot): void;
  seriesCount: (snap: ClusterSnapshot) => number;
}

export interface PollOptions {
  /** Wall time stamps what the poll saw; monotonic time measures how long each endpoint took. */
  clock?: Clock;
  /** Aborted when the exporter shuts down. */
  stop?: AbortSignal;
  /** Endpoints never read (a collector turned off: --no-collector.firmware). */
  leaveOut?: readonly Endpoint[];
}

/** Polls the cluster; ends by timeouts.poll, or at once when `stop` aborts (the exporter is shutting down: nothing is recorded). */
export async function pollCluster(t: Target, sink: PollSink, log: Logger, { clock = systemClock, stop, leaveOut }: PollOptions = {}): Promise<void> {
  // Slow-changing endpoints (identity) say when they are due; the others are read every poll.
  const due = dueEndpoints(t.snapshot, clock.now() / 1000).filter((e) => leaveOut?.includes(e) !== true);
  const mismatchBefore = nameMismatch(t.snapshot);
  const outcomes = await pollWithDeadline(t, due, log, clock, stop);
  if (!outcomes) return;
  const now = clock.now() / 1000;
  capSeries(t, due, outcomes, sink.seriesCount, now);
  const secrets = secretsFor(t.config);
  let retryAfter: number | undefined;
  due.forEach((endpoint, i) => {
    const o = outcomes[i] as Outcome;
    const before = t.snapshot.endpoints[endpoint];
    const wasOk = before.success || t.snapshot.lastPoll === undefined;
    if (!o.ok) {
      // Last gate before logs, metrics and the status page: no secret, nothing unbounded.
      o.message = sanitize(o.message, secrets, 400);
      if (o.retryAfterSeconds !== undefined) retryAfter = Math.max(retryAfter ?? 0, o.retryAfterSeconds);
      // Log when an endpoint starts failing or the reason changes; repeats only at debug.
      const changed = wasOk || before.lastError?.reason !== o.reason;
      log[changed ? 'warn' : 'debug']({ cluster: t.config.name, endpoint, reason: o.reason, err: o.message }, 'poll failed');
    } else if (!before.success && t.snapshot.lastPoll !== undefined) {
      log.info({ cluster: t.config.name, endpoint }, 'poll recovered');
    }
    recordOutcome(t.snapshot, endpoint, o as never, now);
  });
  if (retryAfter !== undefined) {
    t.snapshot.backoff = { until: now + Math.min(retryAfter, MAX_BACKOFF_SECONDS), requestedSeconds: retryAfter };
    log.info({ cluster: t.config.name, retry_after_seconds: retryAfter, next_poll_in_seconds: Math.min(retryAfter, MAX_BACKOFF_SECONDS) }, 'cluster asked to wait (Retry-After)');
  } else {
    delete t.snapshot.backoff;
  }
  t.snapshot.lastPoll = now;
  // Once per name: the configured `cluster` label is not the name ONTAP reports.
  const mismatch = nameMismatch(t.snapshot);
  if (mismatch !== undefined && mismatch !== mismatchBefore) {
    log.warn({ cluster: t.config.name, ontap_name: mismatch }, 'configured cluster name differs from the name ONTAP reports');
  }
  sink.apply(t.snapshot);
}
