import { describe, expect, it } from 'vitest';
import { historyRecords } from './history.js';
import type { ClusterModel } from './model.js';
import type { UpdateOp } from './operation.js';

const nodes = ['n1', 'n2', 'n3'].map((name, i) => ({ name, uuid: `u${i}`, version: i === 2 ? '9.14.1' : '9.15.1', model: 'AFF-A400' }));
const model = { nodes } as ClusterModel;
const op = {
  kind: 'update', jobUuid: 'j', version: '9.15.1', steps: [], index: 0, skipWarnings: true, startedAt: 1000,
  fromVersions: ['9.14.1', '9.14.1', '9.14.1'], nodes: [0, 2], stabilizeMinutes: 8, showDetails: false,
} satisfies UpdateOp;

describe('historyRecords', () => {
  it('writes one record per node the update acted on, in node order, with its version at the start', () => {
    const recs = historyRecords(model, op, 5000, (i) => (nodes[i]?.version === op.version ? 'successful' : 'canceled'));
    expect(recs).toEqual([
      { node: { name: 'n1', uuid: 'u0' }, from_version: '9.14.1', to_version: '9.15.1', start_time: 1000, end_time: 5000, state: 'successful' },
      { node: { name: 'n3', uuid: 'u2' }, from_version: '9.14.1', to_version: '9.15.1', start_time: 1000, end_time: 5000, state: 'canceled' },
    ]);
  });
});
