// GET /api/storage/disks: disks counted per model and firmware version (9.6+ schema). ONTAP has no
// per-disk "pending firmware" field: pending disk firmware shows in the firmware history and in
// the automatic updates instead.

import { records, str } from './parse.js';
import type { DisksData } from '../core/endpoints.js';
import type { Collector } from './collector.js';
import { countByModel } from './firmware-count.js';

export const disksCollector: Collector<'disks'> = {
  endpoint: 'disks',
  path: '/api/storage/disks',
  // Large clusters have thousands of disks: big pages, two fields each.
  query: { fields: 'model,firmware_version', max_records: '5000' },
  paginated: true,
  parse(pages, warn): DisksData {
    return {
      disks: countByModel(records(pages, 'disks', warn).map((d, i) => ({
        model: str(d, 'model', `disks.records[${i}]`, warn), version: str(d, 'firmware_version', `disks.records[${i}]`, warn),
      }))),
    };
  },
};
