// GET /api/cluster/software/history: one record per node per update request.

import { nodeName, records, stateOf, str, time } from './parse.js';
import type { HistoryData } from '../core/endpoints.js';
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
        return {
          node: nodeName(r, at, warn), state: stateOf(r, at, warn), from: str(r, 'from_version', at, warn),
          to: str(r, 'to_version', at, warn), start: time(r, 'start_time', at, warn), end: time(r, 'end_time', at, warn),
        };
      }),
    };
  },
};
