// GET /api/cluster/firmware/history (9.8+): one record per firmware update request (a downloaded
// file such as all_disk_fw.zip), with the state of the update worker on each node and its error code.
// The error message is free text and is not kept.

import { asArray, enumValue, isObj, nodeName, num, records, stateOf, str, time, type Obj, type Warn } from './parse.js';
import type { FirmwareHistoryData, FirmwareWorker } from '../core/endpoints.js';
import type { Collector } from './collector.js';

// Every field here is in 9.8's schema, the release that introduced the endpoint.
const FIELDS = 'node.name,fw_file_name,fw_update_state,start_time,end_time,update_status.worker.node.name,update_status.worker.state,update_status.worker.error.code';

function workers(r: Obj, at: string, warn: Warn): FirmwareWorker[] {
  return asArray(r.update_status, `${at}.update_status`, warn).flatMap((u, i) => {
    const w = isObj(u.worker) ? u.worker : undefined;
    if (!w) return [];
    const where = `${at}.update_status[${i}].worker`;
    const err = isObj(w.error) ? num(w.error, 'code', `${where}.error`, warn) : undefined;
    return [{ node: nodeName(w, where, warn), state: stateOf(w, where, warn), ...(err !== undefined ? { errorCode: err } : {}) }];
  });
}

export const firmwareHistoryCollector: Collector<'firmware_history'> = {
  endpoint: 'firmware_history',
  path: '/api/cluster/firmware/history',
  query: { fields: FIELDS, max_records: '1000' },
  paginated: true,
  parse(pages, warn): FirmwareHistoryData {
    return {
      records: records(pages, 'firmware_history', warn).map((r, i) => {
        const at = `firmware_history.records[${i}]`;
        // fw_update_state is the request's state; `state` is not a field here, so stateOf is not used.
        const state = str(r, 'fw_update_state', at, warn);
        return {
          node: nodeName(r, at, warn), file: str(r, 'fw_file_name', at, warn) ?? '',
          ...(state !== undefined ? { state: enumValue(state) } : {}),
          start: time(r, 'start_time', at, warn), end: time(r, 'end_time', at, warn), workers: workers(r, at, warn),
        };
      }),
    };
  },
};
