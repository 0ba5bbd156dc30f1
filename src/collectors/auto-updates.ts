// GET /api/support/auto-update/updates (9.10+): each update ONTAP fetched on its own (firmware,
// system files), with its state. content_type is free text in the schema ("disk_fw", "sp_fw"...):
// it is normalised to an enum-like value; description and status message are not kept.

import { enumValue, records, stateOf, str, time } from './parse.js';
import type { AutoUpdatesData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

export const autoUpdatesCollector: Collector<'auto_updates'> = {
  endpoint: 'auto_updates',
  path: '/api/support/auto-update/updates',
  query: { fields: 'content_type,state,last_state_change_time', max_records: '1000' },
  paginated: true,
  parse(pages, warn): AutoUpdatesData {
    return {
      updates: records(pages, 'auto_updates', warn).map((u, i) => {
        const at = `auto_updates.records[${i}]`;
        const type = str(u, 'content_type', at, warn);
        return {
          contentType: type === undefined ? 'unknown' : enumValue(type), state: stateOf(u, at, warn) ?? 'unknown',
          changed: time(u, 'last_state_change_time', at, warn),
        };
      }),
    };
  },
};
