import { describe, expect, it } from 'vitest';
import { emptySnapshot, recordOutcome } from '../../poll/snapshot.js';
import { firmwareView } from './firmware.js';

describe('the status page firmware line', () => {
  it('is absent before the firmware endpoints were read', () => {
    expect(firmwareView(emptySnapshot('c1', 'dc1', 60))).toBeUndefined();
  });
  it('lists SP/BMC versions and the failures the latest update of each kind left, not ones a later update cleared', () => {
    const s = emptySnapshot('c1', 'dc1', 60);
    recordOutcome(s, 'sp', { ok: true, data: { nodes: [{ node: 'n1', version: '3.17', lastUpdate: 'passed' }, { node: 'n2', version: '3.16', lastUpdate: 'failed' }] }, durationSeconds: 0 }, 100);
    recordOutcome(s, 'firmware_history', { ok: true, durationSeconds: 0, data: { records: [
      { node: 'n1', file: 'all_disk_fw.zip', start: 10, workers: [{ node: 'n1', state: 'failed' }, { node: 'n2', state: 'failed' }] },
      { node: 'n1', file: 'all_disk_fw.zip', start: 20, workers: [{ node: 'n1', state: 'complete' }] },
    ] } }, 100);
    recordOutcome(s, 'auto_updates', { ok: true, durationSeconds: 0, data: { updates: [{ contentType: 'shelf_fw', state: 'failed' }, { contentType: 'disk_fw', state: 'applied' }] } }, 100);
    expect(firmwareView(s)).toEqual({
      spVersions: ['3.16', '3.17'],
      failures: ['automatic update shelf_fw', 'node n2: SP/BMC update', 'node n2: disk firmware'],
    });
  });
});
