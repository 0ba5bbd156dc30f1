// The ONTAP client the poller uses: GETs against one cluster's REST API (transport.ts), pages
// followed (pagination.ts), failures as PollErrors (poll-error.ts) whose messages never carry
// credentials (redact.ts).

import { DEFAULT_LIMITS, type ClusterConfig } from '../config/config.js';
import { pagedGetter, type EndpointResponse } from './pagination.js';
import type { PollError } from './poll-error.js';
import { sanitize, secretsOf } from './redact.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { createTransport, type TransportOptions } from './transport.js';

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

export function createClient(c: ClusterConfig, clock: Clock = systemClock, opts: TransportOptions = {}): OntapClient {
  const secrets = secretsOf(c);
  const transport = createTransport(c, secrets, clock, opts);
  const maxEndpointBytes = c.maxEndpointBytes ?? DEFAULT_LIMITS.maxEndpointBytes;
  return {
    get: pagedGetter((...args: Parameters<typeof transport.get>) => transport.get(...args), new URL(c.url), maxEndpointBytes, (s) => sanitize(s, secrets)),
    reset: () => transport.reset(),
    close: () => transport.close(),
  };
}
