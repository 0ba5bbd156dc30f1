// The page at `/`: the fleet at a glance for the person on call. Filters from the query string
// (filters.ts), the view of the fleet at `now` (view.ts), written out as HTML (html.ts).

import type { Target } from '../../poll/poller.js';
import { parseFilters } from './filters.js';
import { renderStatusPage } from './html.js';
import { statusView } from './view.js';

interface StatusPageDeps { targets: Target[]; version: string }

export function statusPage(d: StatusPageDeps, query: unknown, now: number): string {
  return renderStatusPage(statusView(d.targets, d.version, parseFilters(query), now));
}
