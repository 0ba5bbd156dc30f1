import { describe, expect, it } from 'vitest';
import { FIRMWARE_BUSY_INTERVAL_SECONDS, FIRMWARE_INTERVAL_SECONDS, dueEndpoints } from './due.js';
import { emptySnapshot, recordOutcome, type ClusterSnapshot } from './snapshot.js';

function snapOn(version: string | undefined): ClusterSnapshot {
  const s = emptySnapshot('c1', 'dc1', 60);
  if (version !== undefined) {
    recordOutcome(s, 'cluster', { ok: true, data: { name: 'c1', version }, durationSeconds: 0 }, 1000);
    recordOutcome(s, 'software', { ok: true, data: { version, nodes: [], phases: [], statusDetails: [], validation: [], sites: [] }, durationSeconds: 0 }, 1000);
  }
  return s;
}
const firmware = (s: ClusterSnapshot, now: number) => dueEndpoints(s, now).filter((e) => ['firmware_history', 'sp', 'shelves', 'disks', 'auto_updates'].includes(e));

describe('firmware endpoints: asked only on releases that have them, on a slow schedule', () => {
  it('asks none while the release is unknown (the first poll of a cluster)', () => {
    expect(firmware(snapOn(undefined), 1000)).toEqual([]);
  });
  it('asks what each release has: 9.6 SP and disks; 9.8 adds history and shelves; 9.10.1 automatic updates', () => {
    expect(firmware(snapOn('9.6.0'), 1000)).toEqual(['sp', 'disks']);
    expect(firmware(snapOn('9.8.0'), 1000)).toEqual(['firmware_history', 'sp', 'shelves', 'disks']);
    expect(firmware(snapOn('9.17.1'), 1000)).toEqual(['firmware_history', 'sp', 'shelves', 'disks', 'auto_updates']);
  });
  it('reads them again after 30 minutes when idle, after 5 while an update moves; a failure waits as long', () => {
    const s = snapOn('9.17.1');
    recordOutcome(s, 'sp', { ok: true, data: { nodes: [] }, durationSeconds: 0 }, 1000);
    recordOutcome(s, 'disks', { ok: false, reason: 'timeout', message: 'x', durationSeconds: 0 }, 1000);
    expect(firmware(s, 1000 + FIRMWARE_INTERVAL_SECONDS - 1)).not.toContain('sp');
    expect(firmware(s, 1000 + FIRMWARE_INTERVAL_SECONDS - 1)).not.toContain('disks');
    expect(firmware(s, 1000 + FIRMWARE_INTERVAL_SECONDS)).toContain('sp');
    expect(firmware(s, 1000 + FIRMWARE_INTERVAL_SECONDS)).toContain('disks');
    (s.endpoints.software.data as { state?: string }).state = 'in_progress';
    expect(firmware(s, 1000 + FIRMWARE_BUSY_INTERVAL_SECONDS)).toContain('sp');
  });
  it('reads SP/BMC again within a minute once the nodes of the cluster are not those it holds, so rows of a node that left go', () => {
    const s = snapOn('9.17.1');
    const nodes = (...names: string[]) => names.map((name) => ({ name, version: '9.17.1' }));
    (s.endpoints.software.data as { nodes: unknown }).nodes = nodes('n1', 'n2');
    recordOutcome(s, 'sp', { ok: true, data: { nodes: [{ node: 'n1' }, { node: 'n2' }] }, durationSeconds: 0 }, 1000);
    expect(firmware(s, 1100)).not.toContain('sp');
    (s.endpoints.software.data as { nodes: unknown }).nodes = nodes('n1', 'n3');
    expect(firmware(s, 1030)).not.toContain('sp');
    expect(firmware(s, 1060)).toContain('sp');
  });
});
