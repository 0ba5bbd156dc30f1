import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../config/config.js';
import type { SoftwareData } from '../../core/endpoints.js';
import type { Target } from '../../poll/poller.js';
import { emptySnapshot, recordOutcome } from '../../poll/snapshot.js';
import { statusView } from './view.js';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY = 86_400;
const sw = (o: Partial<SoftwareData>): SoftwareData => ({ nodes: [], phases: [], statusDetails: [], validation: [], sites: [], ...o });

function target(name: string, datacenter: string, d: SoftwareData | undefined, goal?: { version: string; deadline?: number }): Target {
  const config = { name, datacenter, url: 'https://10.0.0.1/' } as unknown as ClusterConfig;
  const snapshot = emptySnapshot(name, datacenter, 60, goal);
  if (d) {
    recordOutcome(snapshot, 'software', { ok: true, data: d, durationSeconds: 0 }, NOW - 30);
    snapshot.lastPoll = NOW - 30;
  }
  return { config, snapshot, client: undefined as never, polling: false, nextDue: 0 };
}

const fleet = () => [
  target('late', 'dc1', sw({ version: '9.14.1' }), { version: '9.16.1', deadline: NOW - DAY }),
  target('done', 'dc1', sw({ version: '9.16.1' }), { version: '9.16.1', deadline: NOW - DAY }),
  target('new', 'dc2', undefined),
  target('running', 'dc2', sw({ version: '9.14.1', state: 'in_progress', pendingVersion: '9.16.1', elapsed: 600, estimated: 1800, nodes: [{ name: 'n1' }] }), { version: '9.16.1' }),
];

describe('statusView', () => {
  it("settles each cluster's state and everything that depends on the time, as plain data", () => {
    const byName = Object.fromEntries(statusView(fleet(), '1.0', { dc: [], state: [] }, NOW).rows.map((r) => [r.name, r]));
    expect(byName.late).toMatchObject({ state: 'behind', deadline: { day: '2025-12-30', missed: true }, pollAgeSeconds: 30, url: 'https://10.0.0.1' });
    // On target: a past deadline is no longer missed.
    expect(byName.done).toMatchObject({ state: 'on_target', deadline: { missed: false } });
    expect(byName.new).toMatchObject({ state: 'pending', pollAgeSeconds: undefined });
    expect(byName.running?.state).toBe('updating');
    expect(byName.running?.update).toMatchObject({ paused: false, fromHistory: false });
    expect(byName.running?.update?.secondsLeft).toBe((byName.running?.update?.expectedEnd ?? 0) - NOW);
  });

  it('puts the most urgent first, counts the summary within the datacenter filter, and links each bucket', () => {
    const v = statusView(fleet(), '1.0', { dc: ['dc1'], state: ['behind'] }, NOW);
    expect(v.rows.map((r) => r.name)).toEqual(['late']);
    expect(v.clusterCount).toBe(4);
    expect(v.datacenters).toEqual(['dc1', 'dc2']);
    expect(v.summary.map((b) => [b.key, b.count, b.selected])).toEqual([
      ['on_target', 1, false], ['behind', 1, true], ['updating', 0, false], ['failing', 0, false], ['unreachable', 0, false],
    ]);
    expect(v.summary.find((b) => b.key === 'behind')?.href).toBe('/?dc=dc1');
    expect(v.summary.find((b) => b.key === 'failing')?.href).toBe('/?dc=dc1&state=failing');
    const all = statusView(fleet(), '1.0', { dc: [], state: [] }, NOW);
    expect(all.rows.map((r) => r.state)).toEqual(['updating', 'behind', 'on_target', 'pending']);
  });
});
