import { describe, expect, it } from 'vitest';
import { TARGET_VERSION, BASE_VERSION } from '../src/simulator/scenarios.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { exporterFor, pick, scrape } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';

const cur = (series: any, cluster: string) => Object.entries(pick(series, 'ontap_software_update_state', cluster)).find(([, v]) => v === 1)?.[0];

describe('scenario lifecycles appear in the metrics as they move', () => {
  it('a 4-node upgrade: states, phases, mixed versions, history, pending version that vanishes', async () => {
    const f = await sim('upgrade-4node', { timing: { lifMove: 0 } });
    const { exporter } = await exporterFor(f);
    const name = f.clusters[0]!.name;
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(cur(series, name)).toBe('state=in_progress');
    expect(pick(series, 'ontap_software_pending_version_info', name)).toEqual({ [`pending_version=${TARGET_VERSION}`]: 1 });
    expect(pick(series, 'ontap_software_update_phase_state', name)['node=,phase=Pre-update checks,state=in_progress']).toBe(1);
    expect(pick(series, 'ontap_software_update_estimated_seconds', name)['']).toBeGreaterThan(0);
    const historyBefore = pick(series, 'ontap_software_history_updates', name)['state=successful'];

    f.advance(120 + 900 + 300 + 1200 + 60); // node 1 rebooted into the new release
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_software_node_versions', name)['']).toBe(2);
    expect(pick(series, 'ontap_software_node_info', name)[`node=${name}-01,version=${TARGET_VERSION}`]).toBe(1);
    expect(pick(series, 'ontap_software_node_info', name)[`node=${name}-02,version=${BASE_VERSION}`]).toBe(1);
    expect(pick(series, 'ontap_software_update_phase_state', name)['node=,phase=Pre-update checks,state=completed']).toBe(1);
    // The row's old state series is gone, not left at a stale 1.
    expect(pick(series, 'ontap_software_update_phase_state', name)['node=,phase=Pre-update checks,state=in_progress']).toBeUndefined();
    expect(pick(series, 'ontap_software_status_detail_state', name)[`node=${name}-01,name=do-giveback,state=in_progress`]).toBe(1);

    f.advance(20_000);
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(cur(series, name)).toBe('state=completed');
    expect(pick(series, 'ontap_software_pending_version_info', name)).toEqual({});
    expect(pick(series, 'ontap_software_node_versions', name)['']).toBe(1);
    expect(pick(series, 'ontap_software_info', name)).toEqual({ [`version=${TARGET_VERSION}`]: 1 });
    expect(pick(series, 'ontap_software_history_updates', name)['state=successful']).toBe((historyBefore ?? 0) + 4);
    const ends = pick(series, 'ontap_software_last_update_end_timestamp_seconds', name);
    expect(Object.keys(ends)).toHaveLength(4);
    expect(Object.keys(ends).every((k) => k.endsWith('state=successful'))).toBe(true);
    expect(Object.values(pick(series, 'ontap_software_last_update_duration_seconds', name)).every((v) => v > 3600)).toBe(true);
  });

  it('validation results appear, and vanish when ONTAP stops reporting them', async () => {
    const f = await sim('validation-errors');
    const { exporter } = await exporterFor(f);
    const name = f.clusters[0]!.name;
    f.advance(200);
    await exporter.pollAll();
    let { series } = await scrape(exporter);
    expect(cur(series, name)).toBe('state=failed');
    expect(pick(series, 'ontap_software_validation_checks', name)).toEqual({ 'status=error': 2, 'status=warning': 1 });
    expect(pick(series, 'ontap_software_validation_result', name)['update_check=High Availability status,status=error']).toBe(1);
    // A new update run clears validation_results until its own checks finish.
    f.cluster(name).engine.model.plannedChecks = [];
    f.act(name, { action: 'update', version: TARGET_VERSION, skip_warnings: true });
    await exporter.pollAll();
    ({ series } = await scrape(exporter));
    expect(pick(series, 'ontap_software_validation_result', name)).toEqual({});
    expect(pick(series, 'ontap_software_validation_checks', name)).toEqual({ 'status=error': 0, 'status=warning': 0 });
  });

  it('paused on error, MetroCluster sites, downloads and package counts', async () => {
    const f = await sim(fleetSetups(4, ['paused-on-error', 'metrocluster', 'download-running', 'many-packages']), { timing: { lifMove: 0 } });
    const { exporter } = await exporterFor(f);
    const [poe, mcc, dl, pk] = f.clusters.map((c) => c.name) as [string, string, string, string];
    await exporter.pollAll();
    const early = (await scrape(exporter)).series;
    expect(pick(early, 'ontap_software_download_state', dl)['state=running']).toBe(1);
    expect(pick(early, 'ontap_software_download_code', dl)['']).toBe(10551382);
    const packagesBefore = pick(early, 'ontap_software_packages', dl)[''] as number;
    f.advance(120 + 900 + 2280 + 300 + 1200 + 300 + 10);
    await exporter.pollAll();
    const { series } = await scrape(exporter);
    expect(cur(series, poe)).toBe('state=paused_on_error');
    expect(pick(series, 'ontap_software_status_detail_state', poe)[`node=${poe}-02,name=do-giveback,state=failed`]).toBe(1);
    const sites = pick(series, 'ontap_software_metrocluster_site_state', mcc);
    expect(Object.entries(sites).filter(([, v]) => v === 1).map(([k]) => k).sort()).toEqual([`site=${mcc}_siteA,state=in_progress`, `site=${mcc}_siteB,state=waiting`]);
    expect(pick(series, 'ontap_software_metrocluster_site_elapsed_seconds', mcc)[`site=${mcc}_siteA`]).toBeGreaterThan(0);
    const onCluster = f.cluster(pk).engine.model.packages.length;
    expect(onCluster).toBeGreaterThan(30);
    expect(pick(series, 'ontap_software_packages', pk)['']).toBe(onCluster);
    expect(Object.keys(pick(series, 'ontap_software_package_created_timestamp_seconds', pk))).toHaveLength(onCluster);
    f.advance(3000);
    await exporter.pollAll();
    const after = (await scrape(exporter)).series;
    expect(pick(after, 'ontap_software_download_state', dl)['state=success']).toBe(1);
    expect(pick(after, 'ontap_software_packages', dl)['']).toBe(packagesBefore + 1);
    expect(pick(after, 'ontap_software_package_created_timestamp_seconds', dl)['version=9.16.1']).toBeGreaterThan(0);
  });

  it('sends only GETs, each with an explicit fields list', async () => {
    const f = await sim(fleetSetups(3, ['upgrade-2node', 'idle', 'many-packages']));
    const { exporter } = await exporterFor(f);
    await exporter.pollAll();
    f.advance(600);
    await exporter.pollAll();
    const log = f.requestLog();
    // Four endpoints every poll; /api/cluster (identity) on the first poll only; the five firmware
    // endpoints on the second, once the first told the release (then every 30 minutes).
    expect(log.length).toBe(3 * 4 * 2 + 3 + 3 * 5);
    await exporter.pollAll();
    expect(f.requestLog().length - log.length, 'a third, idle poll reads no firmware').toBe(3 * 4);
    expect(new Set(log.map((e) => e.method))).toEqual(new Set(['GET']));
    for (const e of log) {
      const fields = new URLSearchParams(e.query).get('fields');
      expect(fields, `${e.path}?${e.query}`).toBeTruthy();
      expect(fields).not.toContain('*');
    }
    expect(new Set(log.map((e) => e.path))).toEqual(new Set(['/api/cluster/software', '/api/cluster/software/download', '/api/cluster/software/history', '/api/cluster/software/packages', '/api/cluster',
      '/api/cluster/firmware/history', '/api/cluster/nodes', '/api/storage/shelves', '/api/storage/disks', '/api/support/auto-update/updates']));
  });
});
