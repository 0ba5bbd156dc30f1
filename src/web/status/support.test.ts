import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../config/config.js';
import type { SoftwareData } from '../../core/endpoints.js';
import type { Target } from '../../poll/poller.js';
import { emptySnapshot, recordOutcome } from '../../poll/snapshot.js';
import { renderStatusPage } from './html.js';
import { statusView } from './view.js';

const NOW = Date.parse('2026-11-29T12:00:00Z') / 1000;
const sw = (version: string): SoftwareData => ({ version, nodes: [], phases: [], statusDetails: [], validation: [], sites: [] });

function target(name: string, version: string | undefined, goal?: string): Target {
  const config = { name, datacenter: 'dc1', url: 'https://10.0.0.1/' } as unknown as ClusterConfig;
  const snapshot = emptySnapshot(name, 'dc1', 60, goal ? { version: goal } : undefined);
  if (version) {
    recordOutcome(snapshot, 'software', { ok: true, data: sw(version), durationSeconds: 0 }, NOW - 30);
    snapshot.lastPoll = NOW - 30;
  }
  return { config, snapshot, client: undefined as never, polling: false, nextDue: 0 };
}

describe('status page: release support', () => {
  const fleet = [
    target('old', '9.9.1P20', '9.9.1P21'), // self-service, and its target below the floor (9.10.1)
    target('mid', '9.13.1P5'), // limited until 2028-06-30 (derived)
    target('new', '9.16.1', '9.16.1'),
    target('odd', '9.8P3'),
    target('never', undefined),
  ];
  const view = statusView(fleet, 'test', { dc: [], state: [] }, NOW);
  const by = Object.fromEntries(view.rows.map((r) => [r.name, r.support]));

  it('per cluster: the phase, its last day (derived or not), and a target below the supported floor', () => {
    expect(by.old).toEqual({ state: 'self_service', release: '9.9.1', endsDay: '2029-06-30', derived: true, targetBelowFloor: '9.10.1' });
    expect(by.mid).toEqual({ state: 'limited', release: '9.13.1', endsDay: '2028-06-30', derived: true });
    expect(by.new).toEqual({ state: 'full', release: '9.16.1', endsDay: '2028-01-31', derived: false });
    expect(by.odd).toEqual({ state: 'unknown' });
    expect(by.never).toBeUndefined();
  });

  it('for the fleet: clusters per phase', () => {
    expect(view.support).toEqual([
      { state: 'full', count: 1 }, { state: 'limited', count: 1 }, { state: 'self_service', count: 1 }, { state: 'unsupported', count: 0 }, { state: 'unknown', count: 1 },
    ]);
    const html = renderStatusPage(view);
    expect(html).toContain('Release support: <span data-support="full">full support 1</span>');
    expect(html).toContain(`title="derived from NetApp's support policy, not from the source">self-service to ~2029-06-30<`);
    expect(html).toContain('below the supported floor 9.10.1');
    expect(html).toContain('full support to 2028-01-31<');
  });
});
