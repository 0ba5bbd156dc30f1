// The status page in a real browser against the demo fleet: what a person sees, and the README's screenshot.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIOS } from '../src/demo/cli.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { chromium } from './helpers/chromium.js';
import { countColour, decodePng } from './helpers/png.js';
import { exporterFor } from './helpers/exporter.js';
import { ROOT } from './helpers/rules.js';
import { sim } from './helpers/sim.js';

const SCREENSHOT = join(ROOT, 'docs', 'status-page.png');

interface Row { cluster: string; datacenter: string; state: string; text: string; html: string }

function rows(dom: string): Row[] {
  return [...dom.matchAll(/<tr class="cluster[^"]*" data-state="([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...(m[2] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1] as string);
    const text = (m[2] as string).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    return { cluster: /<b>([^<]+)<\/b>/.exec(cells[0] as string)?.[1] as string, datacenter: cells[1] as string, state: m[1] as string, text, html: m[2] as string };
  });
}

function summary(dom: string): Record<string, number> {
  return Object.fromEntries([...dom.matchAll(/<a class="k-([a-z_]+)[^"]*" href="[^"]*"><span class="n">(\d+)<\/span>/g)].map((m) => [m[1], Number(m[2])]));
}

describe('status page in headless Chromium', () => {
  it('shows the demo fleet\'s campaign: summary, coloured states, progress with ETA, failing checks, poll errors, filters', async () => {
    const setups = fleetSetups(DEMO_SCENARIOS.length, DEMO_SCENARIOS, 'demo');
    const byScenario = (s: string) => setups[DEMO_SCENARIOS.indexOf(s)]?.name as string;
    const fleet = await sim(setups, { manual: true });
    const { exporter } = await exporterFor(fleet);
    // 100 minutes into the campaign: the two-node upgrade is done, bigger ones run, the faulty ones have failed.
    fleet.advance(6000);
    fleet.inject(byScenario('idle'), { kind: 'status', status: 503, endpoint: 'software' });
    await exporter.pollAll();

    const dom = await chromium(`${exporter.url}/`, { dumpDom: true });
    const all = rows(dom);
    expect(all.map((r) => r.cluster).sort()).toEqual(setups.map((s) => s.name).sort());
    const row = (scenario: string) => all.find((r) => r.cluster === byScenario(scenario)) as Row;

    // The summary counts what the rows show.
    const s = summary(dom);
    const count = (...states: string[]) => all.filter((r) => states.includes(r.state)).length;
    expect(s).toEqual({ on_target: count('on_target', 'ahead'), behind: count('behind'), updating: count('updating'), failing: count('failing'), unreachable: count('unreachable') });
    expect(s.on_target).toBeGreaterThanOrEqual(1);
    expect(s.failing).toBeGreaterThanOrEqual(3);

    expect(row('upgrade-2node')).toMatchObject({ state: 'on_target' });
    // The version, its release support phase and last day, then the target.
    expect(row('upgrade-2node').text).toMatch(/9\.15\.1 full support to 2027-07-31 9\.15\.1 .*on target/);
    const updating = row('upgrade-4node');
    expect(updating.state).toBe('updating');
    expect(updating.html).toMatch(/role="progressbar" aria-valuenow="(\d+)"/);
    const pct = Number(/aria-valuenow="(\d+)"/.exec(updating.html)?.[1]);
    expect(pct).toBeGreaterThan(20);
    expect(pct).toBeLessThan(100);
    expect(updating.text).toMatch(/\d+% · ETA \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+h \d+m\)/);
    // Paused: where it would end if resumed now.
    expect(row('paused-by-user')).toMatchObject({ state: 'updating' });
    expect(row('paused-by-user').text).toMatch(/\d+% · paused; if resumed now, ends \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(row('failed')).toMatchObject({ state: 'failing' });
    expect(row('failed').text).toContain('update failed');
    expect(row('paused-on-error').text).toContain('update paused on error');
    expect(row('validation-errors').text).toMatch(/validation failed.*validation error: High Availability status.*validation error: Aggregate status/);
    expect(row('validation-warnings')).toMatchObject({ state: 'behind' });
    expect(row('validation-warnings').text).toContain('ready to upgrade');
    expect(row('idle')).toMatchObject({ state: 'unreachable' });
    expect(row('idle').text).toMatch(/failed: software \(http_5xx\): HTTP 503/);
    // The demo's deadlines are relative to today: dc-east's was a week ago (missed), dc-west's is 30 days ahead.
    const dayOf = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    expect(row('validation-warnings').text).toContain(`by ${dayOf(-7)} (missed)`);
    // Most urgent first.
    const order = ['unreachable', 'failing', 'updating', 'behind', 'on_target'];
    const ranks = all.map((r) => order.indexOf(r.state)).filter((i) => i >= 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Refreshes itself, needs no script.
    expect(dom).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(dom).not.toMatch(/<script/i);

    const updatingOnly = rows(await chromium(`${exporter.url}/?state=updating`, { dumpDom: true }));
    expect(updatingOnly.length).toBe(s.updating);
    expect(new Set(updatingOnly.map((r) => r.state))).toEqual(new Set(['updating']));
    const west = await chromium(`${exporter.url}/?dc=dc-west&state=failing`, { dumpDom: true });
    expect(rows(west).length).toBeGreaterThan(0);
    expect(rows(west).every((r) => r.datacenter === 'dc-west' && r.state === 'failing')).toBe(true);
    expect(west).toMatch(/<option value="dc-west" selected="">dc-west<\/option>/);

    await chromium(`${exporter.url}/`, { screenshot: SCREENSHOT });
    // What the eye gets: every state's colour is on screen (the pills and the progress bar are solid).
    const img = decodePng(readFileSync(SCREENSHOT));
    expect([img.width, img.height]).toEqual([1400, 1300]);
    const colours = { onTarget: '#2e7d32', behind: '#e08a00', updating: '#1f6fd1', failing: '#c62828', unreachable: '#5f6670' };
    const seen = Object.fromEntries(Object.entries(colours).map(([k, hex]) => [k, countColour(img, hex) > 200]));
    expect(seen).toEqual({ onTarget: true, behind: true, updating: true, failing: true, unreachable: true });
  });
});
