// The one contract of a collector: an endpoint, the GET that reads it, and a parse of its pages.
// Parsing only: when an endpoint is due is the poller's decision (poll/due.ts).

import type { Endpoint, EndpointData } from '../core/endpoints.js';
import type { Release } from '../core/release.js';

export interface Collector<E extends Endpoint> {
  endpoint: E;
  path: string;
  /** Explicit fields, never `**`. */
  query: Record<string, string>;
  paginated: boolean;
  /** Fields that depend on the cluster's release (a field a release lacks is a 400 there); `query` when absent. */
  queryFor?(release: Release | undefined): Record<string, string>;
  parse(pages: unknown[], warn: (message: string) => void): EndpointData[E];
}
