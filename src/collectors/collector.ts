// The one contract of a collector: an endpoint, the GET that reads it, and a parse of its pages.
// Parsing only: when an endpoint is due is the poller's decision (poll/due.ts).

import type { Endpoint, EndpointData } from '../core/endpoints.js';

export interface Collector<E extends Endpoint> {
  endpoint: E;
  path: string;
  /** Explicit fields, never `**`. */
  query: Record<string, string>;
  paginated: boolean;
  parse(pages: unknown[], warn: (message: string) => void): EndpointData[E];
}
