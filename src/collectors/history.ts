// GET /api/cluster/software/history: one record per node per update request.

import { nodeName, records, stateOf, str, time } from './parse.js';
import type { HistoryData } from '../core/endpoints.js';
import { MAX_DURATION_SECONDS, plausibleSeconds } from '../core/estimate.js';
import type { Collector } from './collector.js';

export const historyCollector: Collector<'history'> = {
  endpoint: 'history',
  path: '/api/cluster/software/history',
  query: { fields: 'node.name,from_version,to_version,start_time,end_time,state', max_records: '1000' },
  paginated: true,
  parse(pages, warn): HistoryData {
    return {
      records: records(pages, 'history', warn).map((r, i) => {
        const at = `history.records[${i}]`;
        const end = time(r, 'end_time', at, warn);
        let start = time(r, 'start_time', at, warn);
        // An update that took longer than a year (or ended before it began) is a wrong start time:
        // it would become the duration metric and this cluster's ETA. The end still counts.
        if (start !== undefined && end !== undefined && !plausibleSeconds(end - start)) {
          warn(`${at}: start_time to end_time is not a duration between 0 and ${MAX_DURATION_SECONDS} seconds: start_time skipped`);
          start = undefined;
        }
        return {
          node: nodeName(r, at, warn), state: stateOf(r, at, warn), from: str(r, 'from_version', at, warn),
          to: str(r, 'to_version', at, warn), start, end,
        };
      }),
    };
  },
};
