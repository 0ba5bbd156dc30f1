import { describe, expect, it } from 'vitest';
import { SCENARIO_NAMES, TARGET_VERSION } from '../../src/simulator/scenarios.js';
import { advanceUntil, get, sim, software } from '../helpers/sim.js';

/** Where each scenario settles, and a state it must pass through on the way. */
const LIFECYCLE: Record<string, { passes?: string; ends: (sw: any, dl: any) => boolean }> = {
  idle: { ends: (sw) => sw.state === 'completed' && sw.update_details === undefined },
  'validation-warnings': { passes: 'in_progress', ends: (sw) => sw.state === 'completed' && sw.validation_results.every((v: any) => v.status === 'warning') },
  'validation-errors': { passes: 'in_progress', ends: (sw) => sw.state === 'failed' && sw.validation_results.some((v: any) => v.status === 'error') },
  'upgrade-2node': { passes: 'in_progress', ends: (sw) => sw.state === 'completed' && sw.version === TARGET_VERSION },
  'upgrade-4node': { passes: 'in_progress', ends: (sw) => sw.state === 'completed' && sw.nodes.length === 4 && sw.version === TARGET_VERSION },
  'upgrade-8node': { passes: 'in_progress', ends: (sw) => sw.state === 'completed' && sw.nodes.length === 8 && sw.version === TARGET_VERSION },
  metrocluster: { passes: 'in_progress', ends: (sw) => sw.state === 'completed' && sw.metrocluster.clusters.every((c: any) => c.state === 'completed') },
  'paused-on-error': {
    passes: 'in_progress',
    ends: (sw) => sw.state === 'paused_on_error' && sw.status_details.some((s: any) => s.state === 'failed' && s.action?.message),
  },
  'paused-by-user': { passes: 'pause_pending', ends: (sw) => sw.state === 'paused_by_user' },
  failed: { passes: 'in_progress', ends: (sw) => sw.state === 'failed' && sw.update_details.some((d: any) => d.state === 'failed') },
  canceled: { passes: 'cancel_pending', ends: (sw) => sw.state === 'canceled' },
  'download-running': { ends: (_sw, dl) => dl.state === 'success' },
  'download-failed': { ends: (_sw, dl) => dl.state === 'failure' },
  'many-packages': { ends: (sw) => sw.state === 'completed' },
  'post-update-check-failed': { ends: (sw) => sw.state === 'completed' && sw.post_update_checks?.some((c: any) => c.status === 'error') },
  'upgrade-post-check-failed': {
    passes: 'in_progress',
    ends: (sw) => sw.state === 'completed' && sw.version === TARGET_VERSION && sw.post_update_checks?.length === 1,
  },
  'fresh-9.6': { ends: (sw) => sw.state === undefined && sw.version === '9.6.0' },
  // The firmware download; test/simulator/firmware.test.ts follows the update it starts.
  'firmware-update': { ends: (_sw, dl) => dl.state === 'success' },
  'firmware-update-failed': { ends: (_sw, dl) => dl.state === 'success' },
};

describe('every named scenario runs its whole lifecycle', () => {
  it('covers every scenario', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...SCENARIO_NAMES].sort());
  });
  for (const name of SCENARIO_NAMES) {
    it(name, async () => {
      const f = await sim(name);
      const seen = new Set<string>();
      await advanceUntil(f, async () => {
        const sw = await software(f);
        const dl = (await get(f, '/api/cluster/software/download')).body;
        if (sw.state) seen.add(sw.state);
        return LIFECYCLE[name]!.ends(sw, dl);
      }, 40_000, 60);
      const expected = LIFECYCLE[name]!.passes;
      if (expected) expect([...seen]).toContain(expected);
      expect(f.cluster(f.clusters[0]!.name).scriptErrors).toEqual([]);
      // Settled means settled: another simulated day changes nothing.
      const before = await software(f);
      f.advance(86_400);
      expect((await software(f)).state).toBe(before.state);
    });
  }
});
