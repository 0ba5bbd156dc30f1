// GET /api/cluster/software/download (9.7+): {state, message, code}. The message is free text and is not exported.

import { isObj, num, stateOf } from './parse.js';
import type { DownloadData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

export const downloadCollector: Collector<'download'> = {
  endpoint: 'download',
  path: '/api/cluster/software/download',
  query: { fields: 'state,code' },
  paginated: false,
  parse(pages, warn): DownloadData {
    const b = pages[0];
    if (!isObj(b)) throw new Error('expected a JSON object');
    return { state: stateOf(b, 'download', warn), code: num(b, 'code', 'download', warn) };
  },
};
