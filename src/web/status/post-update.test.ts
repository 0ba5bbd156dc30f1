import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../config/config.js';
import type { SoftwareData } from '../../core/endpoints.js';
import type { Target } from '../../poll/poller.js';
import { emptySnapshot, recordOutcome } from '../../poll/snapshot.js';
import { statusPage } from './page.js';
import { statusView } from './view.js';

const NOW = 1_767_225_600;
const sw = (o: Partial<SoftwareData>): SoftwareData => ({ nodes: [], phases: [], statusDetails: [], validation: [], sites: [], ...o });

function target(name: string, d: SoftwareData): Target {
  const snapshot = emptySnapshot(name, 'dc1', 60, { version: '9.16.1' });
  recordOutcome(snapshot, 'software', { ok: true, data: d, durationSeconds: 0 }, NOW - 30);
  snapshot.lastPoll = NOW - 30;
  return { config: { name, datacenter: 'dc1', url: 'https://10.0.0.1/' } as unknown as ClusterConfig, snapshot, client: undefined as never, polling: false, nextDue: 0 };
}

const checks = [{ check: 'Aggregate Health Status', status: 'error' }, { check: 'HA Health Status', status: 'warning' }];

describe('status page: failed post-update checks', () => {
  it('a cluster on target whose post-update checks report an error is failing, and names the check', () => {
    const rows = statusView([
      target('broken', sw({ version: '9.16.1', state: 'completed', postUpdateChecks: checks })),
      target('warned', sw({ version: '9.16.1', state: 'completed', postUpdateChecks: [checks[1] as { check: string; status: string }] })),
      target('unknown', sw({ version: '9.16.1', state: 'completed' })),
    ], '1.0', { dc: [], state: [] }, NOW).rows;
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by.broken).toMatchObject({ state: 'failing', detail: 'post-update checks failed', postUpdateErrors: ['Aggregate Health Status'] });
    expect(by.warned).toMatchObject({ state: 'on_target', postUpdateErrors: [] });
    expect(by.unknown).toMatchObject({ state: 'on_target', postUpdateErrors: [] });
  });

  it('the page lists the failed check', () => {
    const html = statusPage({ targets: [target('broken', sw({ version: '9.16.1', state: 'completed', postUpdateChecks: checks }))], version: '1.0' }, {}, NOW);
    expect(html).toContain('post-update check failed: Aggregate Health Status');
  });
});
