// The one contract of a collector: an endpoint, the GET that reads it, and a parse of its pages.
// Parsing only: when an endpoint is due is the poller's decision (poll/due.ts).

import type { Endpoint, EndpointData } from '../core/endpoints.js';
import type { Release } from '../core/release.js';

export interface Collector<E extends Endpoint> {
  endpoint: E;
  path: string;
  /** Explicit fields, never `**`. */
  query: Record<string, string>;
  /**
   * The query for a cluster running `release` (undefined: not known yet), when fields depend on
   * it: asking for a field a release does not know fails the whole request.
   */
  queryFor?(release: Release | undefined): Record<string, string>;
  paginated: boolean;
  /** `query`: what was asked (a field asked for and absent is empty; one not asked is unknown). */
  parse(pages: unknown[], warn: (message: string) => void, query?: Record<string, string>): EndpointData[E];
}
