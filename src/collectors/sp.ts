// GET /api/cluster/nodes, service processor / BMC part: each node's SP firmware version and state,
// its HA partner (to tell mixed SP firmware within an HA pair), and from 9.10 the outcome of the
// SP's last firmware update. Addresses, MACs and network settings are not read.

import { compareReleases, parseRelease, type Release } from '../core/release.js';
import { asArray, enumValue, isObj, records, str, unique } from './parse.js';
import type { SpData } from '../core/endpoints.js';
import type { Collector } from './collector.js';

// In the 9.6 schema (and every release since): name, ha.partners, service_processor.{firmware_version,state}.
const BASE = 'name,ha.partners.name,service_processor.firmware_version,service_processor.state';
// service_processor.last_update_state: 9.10.1 (NetApp's 9.10.1 client; not in 9.8's).
const SINCE_9_10 = `${BASE},service_processor.last_update_state`;
// The same objects every poll: the poller and the client remember what they derive from a query by its object.
const BASE_QUERY = { fields: BASE, max_records: '1000' };
const QUERY_9_10 = { fields: SINCE_9_10, max_records: '1000' };
const V9_10 = parseRelease('9.10.1') as Release;

export const spCollector: Collector<'sp'> = {
  endpoint: 'sp',
  path: '/api/cluster/nodes',
  query: BASE_QUERY,
  queryFor: (r) => (r !== undefined && compareReleases(r, V9_10) >= 0 ? QUERY_9_10 : BASE_QUERY),
  paginated: true,
  parse(pages, warn): SpData {
    return {
      nodes: unique(records(pages, 'sp', warn).map((n, i) => {
        const at = `sp.records[${i}]`;
        const sp = isObj(n.service_processor) ? n.service_processor : {};
        const ha = isObj(n.ha) ? n.ha : {};
        const partner = asArray(ha.partners, `${at}.ha.partners`, warn).map((p) => str(p, 'name', `${at}.ha.partners`, warn)).find((x) => x !== undefined);
        const state = str(sp, 'state', `${at}.service_processor`, warn);
        const last = str(sp, 'last_update_state', `${at}.service_processor`, warn);
        return {
          node: str(n, 'name', at, warn) ?? '', version: str(sp, 'firmware_version', `${at}.service_processor`, warn),
          ...(state !== undefined ? { state: enumValue(state) } : {}),
          ...(last !== undefined ? { lastUpdate: enumValue(last) } : {}),
          ...(partner !== undefined ? { partner } : {}),
        };
      }).filter((n) => n.node !== ''), (n) => n.node, 'sp.records', warn),
    };
  },
};
