// normaliseEstimate: one meaning of ONTAP's estimated_duration for every release.

import { describe, expect, it } from 'vitest';
import { normaliseEstimate } from '../src/core/estimate.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { TARGET_VERSION } from '../src/simulator/scenarios.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim, software } from './helpers/sim.js';

const AT = 1_000_000;

describe('normaliseEstimate', () => {
  it('reads up to 9.9 as time remaining and from 9.10 as the whole update: the same update gives the same numbers', () => {
    const expected = { estimatedSeconds: 5400, remainingSeconds: 3600, expectedEndSeconds: AT + 3600 };
    for (const v of ['9.6.0', '9.7.0', '9.8.0', '9.9.1', '9.9.1P3', 'NetApp Release 9.7P5: Tue Jun 02 13:33:41 UTC 2020']) {
      expect(normaliseEstimate({ state: 'in_progress', elapsed: 1800, estimated: 3600 }, v, AT), v).toEqual(expected);
    }
    for (const v of ['9.10.1', '9.13.1P17', '9.16.1', '9.17.1RC1', '10.0.0', 'NetApp Release 9.16.1: Thu Oct 10 07:12:55 UTC 2024']) {
      expect(normaliseEstimate({ state: 'in_progress', elapsed: 1800, estimated: 5400 }, v, AT), v).toEqual(expected);
    }
  });

  it('past the whole estimate, nothing remains and the end is the poll time (never negative)', () => {
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 7000, estimated: 5400 }, '9.16.1', AT))
      .toEqual({ estimatedSeconds: 5400, remainingSeconds: 0, expectedEndSeconds: AT });
  });

  it('a paused update keeps its remaining work; a finished one has the estimate only', () => {
    expect(normaliseEstimate({ state: 'paused_on_error', elapsed: 100, estimated: 50 }, '9.8.0', AT)).toEqual({ estimatedSeconds: 150, remainingSeconds: 50, expectedEndSeconds: AT + 50 });
    for (const state of ['completed', 'canceled', 'failed']) {
      expect(normaliseEstimate({ state, elapsed: 100, estimated: 600 }, '9.16.1', AT), state).toEqual({ estimatedSeconds: 600 });
    }
    // A state a newer release adds is treated as still running.
    expect(normaliseEstimate({ state: 'rollback_pending', elapsed: 10, estimated: 100 }, '9.18.1', AT).remainingSeconds).toBe(90);
  });

  it('gives nothing it cannot mean: unknown version, no estimate, a negative value, no elapsed before 9.10', () => {
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 1, estimated: 60 }, 'ONTAP_X', AT)).toEqual({});
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 1, estimated: 60 }, '9.8X', AT), 'an engineering build').toEqual({});
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 1, estimated: 60 }, undefined, AT)).toEqual({});
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 1 }, '9.16.1', AT)).toEqual({});
    expect(normaliseEstimate({ state: 'in_progress', elapsed: 1, estimated: -5 }, '9.16.1', AT)).toEqual({});
    expect(normaliseEstimate({ state: 'in_progress', estimated: 60 }, '9.7.0', AT)).toEqual({ remainingSeconds: 60, expectedEndSeconds: AT + 60 });
    expect(normaliseEstimate({ state: 'in_progress', estimated: 60 }, '9.16.1', AT)).toEqual({ estimatedSeconds: 60 });
  });
});

describe('the exporter against simulated 9.6 and 9.16 clusters', () => {
  it('the same validation gives the same whole estimate, remaining time and expected end on both generations', async () => {
    const f = await sim(fleetSetups(2, ['fresh-9.6', 'idle']));
    const [old, current] = f.clusters.map((c) => c.name) as [string, string];
    f.act(old, { action: 'validate', version: '9.6.0' });
    f.act(current, { action: 'validate', version: TARGET_VERSION });
    f.advance(30);
    const raw = await Promise.all([0, 1].map(async (i) => (await software(f, i)).estimated_duration as number));
    // ONTAP's own numbers differ: remaining on 9.6, the whole validation on 9.16.
    const whole = raw[1]!;
    expect(raw[0]).toBe(whole - 30);
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    for (const name of [old, current]) {
      expect(pick(series, 'ontap_software_update_estimated_seconds', name), name).toEqual({ '': whole });
      expect(pick(series, 'ontap_software_update_remaining_seconds', name), name).toEqual({ '': whole - 30 });
      const polled = pick(series, 'ontap_scrape_last_success_timestamp_seconds', name)['endpoint=software']!;
      expect(pick(series, 'ontap_software_update_expected_end_timestamp_seconds', name), name).toEqual({ '': polled + whole - 30 });
    }
  });
});
