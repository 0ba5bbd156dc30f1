// GET /api/cluster/software/packages: the images in the cluster's package repository.

import { records, str, time, unique } from './parse.js';
import type { PackagesData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

export const packagesCollector: Collector<'packages'> = {
  endpoint: 'packages',
  path: '/api/cluster/software/packages',
  query: { fields: 'version,create_time', max_records: '1000' },
  paginated: true,
  parse(pages, warn): PackagesData {
    return {
      packages: unique(records(pages, 'packages', warn).map((r, i) => ({
        version: str(r, 'version', `packages.records[${i}]`, warn) ?? '',
        created: time(r, 'create_time', `packages.records[${i}]`, warn),
      })).filter((p) => p.version !== ''), (p) => p.version, 'packages.records', warn),
    };
  },
};
