import { describe, expect, it } from 'vitest';
import { eta, historySecondsPerNode, readiness, targetOf, targetState } from '../src/campaign/campaign.js';
import type { HistoryRecord, SoftwareData } from '../src/core/endpoints.js';
import { emptySnapshot, recordOutcome } from '../src/poll/snapshot.js';

const NOW = 1_767_225_600;
const sw = (o: Partial<SoftwareData>): SoftwareData => ({ nodes: [], phases: [], statusDetails: [], validation: [], sites: [], ...o });

function snapWith(d: SoftwareData, history: HistoryRecord[] = [], target?: string) {
  const s = emptySnapshot('c', 'dc', 60, target ? { version: target } : undefined);
  recordOutcome(s, 'software', { ok: true, data: d, durationSeconds: 0 }, NOW);
  recordOutcome(s, 'history', { ok: true, data: { records: history }, durationSeconds: 0 }, NOW);
  recordOutcome(s, 'packages', { ok: true, data: { packages: [{ version: '9.16.1' }] }, durationSeconds: 0 }, NOW);
  return s;
}

const rec = (node: string, start: number, end: number, to = '9.15.1', state = 'successful'): HistoryRecord => ({ node, start, end, to, from: '9.14.1', state });

describe('campaign: target position', () => {
  it('compares patch releases, and says nothing for no target or an unparseable version', () => {
    expect(targetState('9.13.1P17', '9.14.1')).toBe('behind');
    expect(targetState('9.14.1P1', '9.14.1')).toBe('ahead');
    expect(targetState('9.14.1', '9.14.1')).toBe('on_target');
    expect(targetState('9.14.1RC1', '9.14.1')).toBe('behind');
    expect(targetState(undefined, '9.14.1')).toBeUndefined();
    expect(targetState('ONTAP_X', '9.14.1')).toBeUndefined();
    expect(targetOf({})).toBeUndefined();
    expect(readiness(snapWith(sw({ version: '9.14.1' })))).toBeUndefined();
  });
});

describe('campaign: readiness', () => {
  it('an empty validation list is "not validated", and a behind cluster with a clean validation is ready', () => {
    const base = sw({ version: '9.14.1', state: 'completed', nodes: [{ name: 'a', version: '9.14.1' }, { name: 'b', version: '9.14.1' }] });
    expect(readiness(snapWith(base, [], '9.16.1'))).toEqual({
      checks: { package_in_repository: true, validation_passed: false, no_update_running: true, nodes_on_one_version: true }, ready: false,
    });
    expect(readiness(snapWith({ ...base, validation: [{ check: 'Manual checks', status: 'warning' }] }, [], '9.16.1'))?.ready).toBe(true);
    // The package is matched as a release: 9.16.1 in the repository is not 9.16.1P2.
    expect(readiness(snapWith(base, [], '9.16.1P2'))?.checks.package_in_repository).toBe(false);
    // A paused update is still an update running.
    expect(readiness(snapWith({ ...base, state: 'paused_by_user' }, [], '9.16.1'))?.checks.no_update_running).toBe(false);
  });
});

describe('campaign: ETA', () => {
  const updating = (o: Partial<SoftwareData> = {}) => sw({
    version: '9.14.1', pendingVersion: '9.15.1', state: 'in_progress', elapsed: 1000, estimated: 5000,
    nodes: [{ name: 'a', version: '9.14.1' }, { name: 'b', version: '9.14.1' }], phases: [{ node: '', phase: 'Data ONTAP updates', state: 'in_progress' }], ...o,
  });

  it('from ONTAP\'s estimate, normalised by release: 9.10+ the whole update, up to 9.9 what remains', () => {
    expect(eta(snapWith(updating()))).toEqual({ start: NOW - 1000, ontapEnd: NOW + 4000, expectedEnd: NOW + 4000, paused: false });
    expect(eta(snapWith(updating({ version: '9.9.1P3' })))?.ontapEnd).toBe(NOW + 5000);
    expect(eta(snapWith(updating({ elapsed: 7000 })))?.ontapEnd).toBe(NOW);
  });

  it('from history: the last update\'s first start to last end over its nodes, at today\'s node count; the later end is shown', () => {
    // Last time: two nodes in 7200 s (3600 s a node); an older, slower update is ignored.
    const history = [rec('a', 0, 3000, '9.13.1'), rec('b', 0, 20_000, '9.13.1'), rec('a', 100_000, 103_600), rec('b', 100_000, 107_200)];
    expect(historySecondsPerNode(history)).toBe(3600);
    const e = eta(snapWith(updating(), history));
    expect(e).toEqual({ start: NOW - 1000, ontapEnd: NOW + 4000, historyEnd: NOW - 1000 + 7200, expectedEnd: NOW + 6200, paused: false });
  });

  it('while paused: the end if it resumed now (ONTAP\'s elapsed time stops while paused)', () => {
    const history = [rec('a', 0, 3600), rec('b', 0, 7200)];
    expect(eta(snapWith(updating({ state: 'paused_on_error' }), history))).toEqual({ start: NOW - 1000, ontapEnd: NOW + 4000, historyEnd: NOW + 6200, expectedEnd: NOW + 6200, paused: true });
  });

  it('no ETA once ended, for a validation, or with neither estimate nor history; canceled records are no history', () => {
    expect(eta(snapWith(updating({ state: 'completed' })))).toBeUndefined();
    expect(eta(snapWith(updating({ state: 'canceled' })))).toBeUndefined();
    expect(eta(snapWith(updating({ pendingVersion: undefined, phases: [] })))).toBeUndefined();
    expect(eta(snapWith(updating({ estimated: undefined })))).toBeUndefined();
    expect(historySecondsPerNode([rec('a', 0, 3000, '9.15.1', 'canceled')])).toBeUndefined();
  });
});

describe('campaign: validation age as observed', () => {
  it('keeps the time results were first seen, restarts it when they change or a validation is seen running, drops it when none', () => {
    const s = emptySnapshot('c', 'dc', 60, { version: '9.16.1' });
    const poll = (d: SoftwareData, at: number) => recordOutcome(s, 'software', { ok: true, data: d, durationSeconds: 0 }, at);
    const warn = [{ check: 'Manual checks', status: 'warning' }];
    poll(sw({ state: 'completed', validation: warn }), 100);
    poll(sw({ state: 'completed', validation: warn }), 200);
    expect(s.validationSeen?.at).toBe(100);
    // A failed poll keeps it.
    recordOutcome(s, 'software', { ok: false, reason: 'timeout', message: 'timeout', durationSeconds: 1 }, 250);
    expect(s.validationSeen?.at).toBe(100);
    // Run again with the same outcome: seen running, then done, is a new validation.
    poll(sw({ state: 'in_progress', validation: warn }), 300);
    poll(sw({ state: 'completed', validation: warn }), 400);
    expect(s.validationSeen?.at).toBe(400);
    poll(sw({ state: 'completed', validation: [...warn, { check: 'NFS mounts', status: 'warning' }] }), 500);
    expect(s.validationSeen?.at).toBe(500);
    poll(sw({ state: 'completed' }), 600);
    expect(s.validationSeen).toBeUndefined();
  });
});
