// The simulator's firmware resources (issue 18): a firmware .zip download runs an update on every
// node that completes, or fails on the node a scenario chose; older releases lack the newer APIs.
import { describe, expect, it } from 'vitest';
import { advanceUntil, get, sim } from '../helpers/sim.js';

const HISTORY = '/api/cluster/firmware/history?fields=fw_file_name,fw_update_state,start_time,end_time,update_status.worker.node.name,update_status.worker.state,update_status.worker.error.code';

describe('simulated firmware', () => {
  it('runs a downloaded disk firmware update on every node; the failing node keeps its old disk firmware', async () => {
    const f = await sim('firmware-update-failed');
    await advanceUntil(f, async () => (await get(f, HISTORY)).body.num_records === 1, 600, 10);
    const running = (await get(f, HISTORY)).body.records[0];
    expect(running).toMatchObject({ fw_file_name: 'all_disk_fw.zip', fw_update_state: 'waiting_on_workers' });
    expect(running.end_time).toBeUndefined();
    await advanceUntil(f, async () => (await get(f, HISTORY)).body.records[0].fw_update_state === 'completed', 600, 10);
    const done = (await get(f, HISTORY)).body.records[0];
    expect(done.update_status.map((u: any) => [u.worker.node.name, u.worker.state, u.worker.error.code])).toEqual([
      [`${f.clusters[0]!.name}-01`, 'complete', 0], [`${f.clusters[0]!.name}-02`, 'failed', 2228325],
    ]);
    // Only the asked sub-fields, through the array (ONTAP's projection).
    expect(Object.keys(done.update_status[0].worker).sort()).toEqual(['error', 'node', 'state']);
    const disks = (await get(f, '/api/storage/disks?fields=model,firmware_version,node.name&max_records=5000')).body.records;
    expect(new Set(disks.filter((d: any) => d.node.name.endsWith('-01')).map((d: any) => d.firmware_version))).toEqual(new Set(['NA03']));
    expect(new Set(disks.filter((d: any) => d.node.name.endsWith('-02')).map((d: any) => d.firmware_version))).toEqual(new Set(['NA02']));
    const auto = (await get(f, '/api/support/auto-update/updates?fields=content_type,state')).body.records;
    expect(auto.map((a: any) => [a.content_type, a.state])).toEqual([['disk_fw', 'applied'], ['shelf_fw', 'failed']]);
  });

  it('serves SP/BMC per node with HA partners, and shelf modules', async () => {
    const f = await sim('idle');
    const nodes = (await get(f, '/api/cluster/nodes?fields=name,ha.partners.name,service_processor.firmware_version,service_processor.state,service_processor.last_update_state')).body.records;
    expect(nodes[0]).toMatchObject({ ha: { partners: [{ name: nodes[1].name }] }, service_processor: { firmware_version: '3.16', state: 'online', last_update_state: 'passed' } });
    const shelves = (await get(f, '/api/storage/shelves?fields=model,frus.type,frus.firmware_version')).body.records;
    expect(shelves[0]).toMatchObject({ model: 'DS224-12', frus: [{ type: 'module', firmware_version: '0220' }, { type: 'module' }, { type: 'psu' }] });
  });

  it('answers 404 for the APIs a release lacks (9.6: no firmware history, no automatic updates)', async () => {
    const f = await sim('fresh-9.6');
    expect((await get(f, HISTORY)).status).toBe(404);
    expect((await get(f, '/api/support/auto-update/updates')).body.error.code).toBe('3');
    expect((await get(f, '/api/storage/disks?fields=model')).status).toBe(200);
    const sp = (await get(f, '/api/cluster/nodes?fields=service_processor')).body.records[0].service_processor;
    expect(sp.last_update_state).toBeUndefined();
  });
});

describe('simulated SP/BMC firmware update', () => {
  it('updates an SP for half an hour, fails early on the failing node, leaving the HA pair on two versions', async () => {
    const f = await sim('firmware-update-failed');
    const nodes = async () => (await get(f, '/api/cluster/nodes?fields=name,service_processor')).body.records.map((n: any) => n.service_processor);
    await advanceUntil(f, async () => (await nodes())[1].last_update_state === 'failed', 600, 10);
    expect((await nodes())[0]).toMatchObject({ state: 'updating', firmware_version: '3.16' });
    f.advance(1800);
    const [a, b] = await nodes();
    expect([a.state, a.firmware_version, a.last_update_state]).toEqual(['online', '3.17', 'passed']);
    expect([b.state, b.firmware_version, b.last_update_state]).toEqual(['online', '3.16', 'failed']);
  });
});
