// Release support through the real poll path: the phase moves at the turn of its last day on the
// injected clock (no reload), patch builds count as their release, an unknown release says unknown,
// and the config's `releases:` rows take effect on a reload.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/config.js';
import type { Loaded } from '../src/exporter/exporter.js';
import { BUILTIN_SUPPORT } from '../src/core/support.js';
import { manualClock } from '../src/runtime/clock.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

const STATE = 'ontap_software_release_support_state';
const END = 'ontap_software_release_support_end_timestamp_seconds';
const current = (s: Record<string, number>) => Object.entries(s).filter(([, v]) => v === 1).map(([k]) => k);

describe('release support series', () => {
  it('move from limited to self-service at 24:00 UTC of the last day, on the next poll, without a reload', async () => {
    const f = await sim([{ ...fleetSetups(1, ['idle'])[0]!, version: '9.9.1P20', packages: ['9.9.1P20'], pastUpdates: [] }]);
    const clock = manualClock(Date.parse('2026-06-30T23:59:00Z'));
    const { exporter } = await exporterFor(f, () => ({}), false, { clock });
    const name = f.clusters[0]!.name;
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(current(pick(series, STATE, name))).toEqual(['state=limited']);
    expect(pick(series, END, name)).toEqual({ 'version=9.9.1,phase=limited': Date.parse('2026-07-01T00:00:00Z') / 1000 });

    clock.advance(60_000);
    ({ series } = await scrape(exporter));
    expect(current(pick(series, STATE, name)), 'unchanged until the next poll').toEqual(['state=limited']);
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(current(pick(series, STATE, name))).toEqual(['state=self_service']);
    expect(pick(series, END, name)).toEqual({ 'version=9.9.1,phase=self_service': Date.parse('2029-07-01T00:00:00Z') / 1000 });
    // One phase series and one timestamp per cluster (series budget: a state is one series).
    expect(series.filter((s) => s.labels.cluster === name && s.name.startsWith('ontap_software_release_support_')).length).toBe(2);
  });

  it('say unknown for a release the table lacks, and take config rows on a reload', async () => {
    const f = await sim([{ ...fleetSetups(1, ['idle'])[0]!, version: '9.8.0P21', packages: ['9.8.0P21'], pastUpdates: [] }]);
    const clock = manualClock(Date.parse('2026-11-29T12:00:00Z'));
    let text = 'clusters: [{ name: x, url: "https://x", username: u, password_env: P }]\n';
    const load = (): Loaded => ({ ...parseConfig(text, 'exporter.yml', { P: 'p' }), clusters: exporter.targets.map((t) => t.config) });
    const { exporter } = await exporterFor(f, () => ({}), false, { clock, load });
    const name = f.clusters[0]!.name;
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(current(pick(series, STATE, name))).toEqual(['state=unknown']);
    expect(pick(series, END, name)).toEqual({});

    text += 'releases:\n  - { release: "9.8", general_availability: "2020-07-01", full_support_end: "2023-07-31", limited_support_end: "2026-12-31" }\n';
    expect(await exporter.reload()).toBeUndefined();
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(current(pick(series, STATE, name))).toEqual(['state=limited']);
    expect(pick(series, END, name)).toEqual({ 'version=9.8.0,phase=limited': Date.parse('2027-01-01T00:00:00Z') / 1000 });

    // A bad row fails the reload, naming it; the last good table stays.
    text = text.replace('"2026-12-31"', '"2022-12-31"');
    expect(await exporter.reload()).toMatch(/exporter\.yml: releases\[0\]\.limited_support_end: 2022-12-31 is before full_support_end 2023-07-31/);
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(current(pick(series, STATE, name))).toEqual(['state=limited']);
  });
});

describe('docs/release-support.md', () => {
  it('shows the built-in table as it is, derived dates marked', () => {
    const page = readFileSync(join(import.meta.dirname, '..', 'docs', 'release-support.md'), 'utf8');
    const mark = (r: { derived: readonly string[] }, k: string, v: string) => (r.derived.includes(k) ? `${v} (derived)` : v);
    const rows = [...BUILTIN_SUPPORT.values()].map((r) => `| ${r.release} | ${r.ga} | ${r.fullEnd} | ${mark(r, 'limitedEnd', r.limitedEnd)} | ${mark(r, 'selfServiceEnd', r.selfServiceEnd)} |`);
    const inPage = page.split('\n').filter((l) => l.startsWith('| 9.'));
    expect(inPage).toEqual(rows);
  });
});
