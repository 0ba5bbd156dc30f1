import { describe, expect, it } from 'vitest';
import type { SoftwareData } from '../src/core/endpoints.js';
import type { ClusterConfig } from '../src/config/config.js';
import type { Target } from '../src/poll/poller.js';
import { emptySnapshot, recordOutcome } from '../src/poll/snapshot.js';
import { parseFilters } from '../src/web/status/filters.js';
import { statusPage } from '../src/web/status/page.js';

const NOW = 1_767_225_600;
const EVIL = '<img src=x onerror=alert(1)>"\'&';

function target(name: string, datacenter: string, d: SoftwareData | undefined, targetVersion?: string, error?: string): Target {
  const config = { name, datacenter, url: 'https://10.0.0.1/ontap', targetVersion, interval: 60, timeouts: { poll: 1 } } as unknown as ClusterConfig;
  const snapshot = emptySnapshot(name, datacenter, 60, targetVersion ? { version: targetVersion } : undefined);
  if (d) recordOutcome(snapshot, 'software', { ok: true, data: d, durationSeconds: 0 }, NOW);
  if (error) recordOutcome(snapshot, 'software', { ok: false, reason: 'bad_response', message: error, durationSeconds: 0 }, NOW);
  snapshot.lastPoll = NOW;
  return { config, snapshot, client: undefined as never, polling: false, nextDue: 0 };
}

const sw = (o: Partial<SoftwareData>): SoftwareData => ({ nodes: [], phases: [], statusDetails: [], validation: [], sites: [], ...o });

describe('status page', () => {
  it('escapes everything that comes from ONTAP or the config', () => {
    const page = statusPage({ version: '1.0', targets: [
      target(`c-${EVIL}`, `dc-${EVIL}`, sw({ version: `9.1${EVIL}`, state: 'failed', validation: [{ check: `chk-${EVIL}`, status: 'error' }] }), '9.16.1'),
      target('c2', 'dc1', undefined, undefined, `bad body ${EVIL}`),
    ] }, { dc: [`x${EVIL}`, `dc-${EVIL}`], state: 'failing' }, NOW);
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/onerror=alert\(1\)>"/);
    expect(page).toContain('c-&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;');
    expect(page).toContain('chk-&#60;img');
    expect(page).not.toContain('<script');
  });

  it('says when no cluster matches, and counts a cluster without a target as neither on target nor behind', () => {
    const targets = [target('a', 'dc1', sw({ version: '9.14.1', state: 'completed' })), target('b', 'dc2', sw({ version: '9.14.1P2' }), '9.14.1')];
    const page = statusPage({ version: '1', targets }, { state: 'behind' }, NOW);
    expect(page).toContain('No cluster matches these filters.');
    expect(page).toMatch(/<span class="n">1<\/span>On target/);
    expect(page).toMatch(/<span class="n">0<\/span>Behind/);
    const all = statusPage({ version: '1', targets }, {}, NOW);
    expect(all).toMatch(/data-state="no_target"[\s\S]*<b>a<\/b>/);
    expect(all).toMatch(/data-state="ahead"[\s\S]*<b>b<\/b>/);
  });

  it('says when a cluster asked the exporter to back off (Retry-After), so the pause does not look like a hang', () => {
    const t = target('busy', 'dc1', undefined, undefined, 'HTTP 503');
    Object.assign(t.snapshot, { backoff: { until: NOW + 120, requestedSeconds: 120 } });
    expect(statusPage({ version: '1', targets: [t] }, {}, NOW)).toContain('Retry-After 120s: next poll not before 2026-01-01 00:02 UTC');
  });

  it('tells a validation running from an update, and has no ETA for it', () => {
    const page = statusPage({ version: '1', targets: [target('v', 'dc1', sw({ version: '9.14.1', state: 'in_progress', elapsed: 30, estimated: 600 }), '9.16.1')] }, {}, NOW);
    expect(page).toMatch(/data-state="updating"[\s\S]*validation running[\s\S]*validation running, no estimate/);
    expect(page).not.toContain('progressbar');
  });

  it('reads filters from a plain or repeated query string and ignores anything else', () => {
    expect(parseFilters({ dc: ['dc1', 'dc2'], state: 'behind,updating' })).toEqual({ dc: ['dc1', 'dc2'], state: ['behind', 'updating'] });
    expect(parseFilters({ dc: { nested: 'x' }, other: 'y' })).toEqual({ dc: [], state: [] });
    expect(parseFilters(undefined)).toEqual({ dc: [], state: [] });
  });
});
