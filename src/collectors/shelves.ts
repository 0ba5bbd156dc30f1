// GET /api/storage/shelves: the firmware of each shelf module (I/O module, `frus[]` of type
// `module`), counted per shelf model and firmware version. Asked from 9.8: `frus` is in the 9.8
// schema (NetApp's 9.8 client) and the exporter does not rely on it being in 9.6/9.7.

import { asArray, records, str } from './parse.js';
import type { ShelvesData } from '../core/endpoints.js';
import type { Collector } from './collector.js';
import { countByModel } from './firmware-count.js';

export const shelvesCollector: Collector<'shelves'> = {
  endpoint: 'shelves',
  path: '/api/storage/shelves',
  query: { fields: 'model,frus.type,frus.firmware_version', max_records: '1000' },
  paginated: true,
  parse(pages, warn): ShelvesData {
    const modules = records(pages, 'shelves', warn).flatMap((s, i) => {
      const at = `shelves.records[${i}]`;
      const model = str(s, 'model', at, warn);
      return asArray(s.frus, `${at}.frus`, warn)
        .filter((f) => str(f, 'type', `${at}.frus`, warn) === 'module')
        .map((f) => ({ model, version: str(f, 'firmware_version', `${at}.frus`, warn) }));
    });
    return { modules: countByModel(modules) };
  },
};

