// One poll of one cluster: every collector at once under the poll timeout;
// each endpoint succeeds or fails on its own, and the snapshot and metrics follow.

import { COLLECTORS, ENDPOINTS, nameMismatch, type Endpoint, type EndpointData } from './collectors/index.js';
import type { ClusterConfig } from './config.js';
import type { Logger } from './log.js';
import type { MetricsStore } from './metrics/store.js';
import { PollError, classify, type OntapClient } from './ontap-client.js';
import { recordOutcome, type ClusterSnapshot, type PollOutcome } from './snapshot.js';

export interface Target {
  config: ClusterConfig;
  client: OntapClient;
  snapshot: ClusterSnapshot;
  /** A poll of this cluster is running (never two at once). */
  polling: boolean;
  /** Epoch ms the next poll is due. */
  nextDue: number;
  /** Per endpoint, the digest of the response its snapshot data was parsed from. */
  digests?: Partial<Record<Endpoint, string>>;
}

async function pollEndpoint<E extends Endpoint>(t: Target, endpoint: E, signal: AbortSignal, log: Logger): Promise<PollOutcome<E>> {
  const c = COLLECTORS[endpoint];
  const start = performance.now();
  const took = () => (performance.now() - start) / 1000;
  try {
    const fetched = await t.client.get(c.path, c.query, c.paginated, signal);
    // The same response as the one the data came from (an idle cluster, most of the time): no parse.
    const known = t.snapshot.endpoints[endpoint].data;
    const digests = (t.digests ??= {});
    if (known !== undefined && digests[endpoint] === fetched.digest) return { ok: true, data: known as EndpointData[E], durationSeconds: took() };
    const pages = fetched.pages();
    const warnings: string[] = [];
    let data;
    try {
      data = c.parse(pages, (w) => warnings.push(w));
    } catch (err) {
      throw new PollError('bad_response', `unexpected response shape: ${(err as Error).message}`);
    }
    digests[endpoint] = fetched.digest;
    if (warnings.length > 0) {
      log.debug({ cluster: t.config.name, endpoint, warnings: warnings.slice(0, 5), count: warnings.length }, 'fields skipped in ONTAP response');
    }
    return { ok: true, data, durationSeconds: took() };
  } catch (err) {
    const e = classify(err, signal);
    return { ok: false, reason: e.reason, message: e.message, durationSeconds: took() };
  }
}

export async function pollCluster(t: Target, store: MetricsStore, log: Logger): Promise<void> {
  const signal = AbortSignal.timeout(t.config.timeouts.poll * 1000);
  // Slow-changing endpoints (identity) say when they are due; the others are read every poll.
  const due = ENDPOINTS.filter((e) => COLLECTORS[e].due?.(t.snapshot, Date.now() / 1000) ?? true);
  const mismatchBefore = nameMismatch(t.snapshot);
  const outcomes = await Promise.all(due.map((e) => pollEndpoint(t, e, signal, log)));
  const now = Date.now() / 1000;
  due.forEach((endpoint, i) => {
    const o = outcomes[i] as PollOutcome<typeof endpoint>;
    const before = t.snapshot.endpoints[endpoint];
    const wasOk = before.success || t.snapshot.lastPoll === undefined;
    if (!o.ok) {
      // Log when an endpoint starts failing or the reason changes; repeats only at debug.
      const changed = wasOk || before.lastError?.reason !== o.reason;
      log[changed ? 'warn' : 'debug']({ cluster: t.config.name, endpoint, reason: o.reason, err: o.message }, 'poll failed');
    } else if (!before.success && t.snapshot.lastPoll !== undefined) {
      log.info({ cluster: t.config.name, endpoint }, 'poll recovered');
    }
    recordOutcome(t.snapshot, endpoint, o as never, now);
  });
  t.snapshot.lastPoll = now;
  // Once per name: the configured `cluster` label is not the name ONTAP reports.
  const mismatch = nameMismatch(t.snapshot);
  if (mismatch !== undefined && mismatch !== mismatchBefore) {
    log.warn({ cluster: t.config.name, ontap_name: mismatch }, 'configured cluster name differs from the name ONTAP reports');
  }
  store.apply(t.snapshot);
}
