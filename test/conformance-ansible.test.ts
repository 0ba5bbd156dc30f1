// Conformance: NetApp's own Ansible collection (netapp.ontap from Debian's
// `ansible` package, use_rest: always) drives the simulator over TLS through a
// whole upgrade. Every module must succeed with the values the simulator holds,
// and the simulator must have understood every request it was sent.

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSetups, startFleet, type Fleet } from '../src/simulator/fleet.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ansible');
/** Simulated seconds per real second; the collection's fixed waits are divided by the same (sitecustomize.py). */
const SPEED = 1000;
const RUN_LIMIT_MS = 150_000;
const TARGET = '9.17.1';

interface TaskResult { name: string; result: any }

async function runPlaybook(dir: string, vars: Record<string, string | number>): Promise<{ code: number | null; stats: any; tasks: TaskResult[]; stderr: string }> {
  // Nothing from ~ or /etc/ansible: home, config, temp dirs and inventory all live in the temp dir.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8',
    ANSIBLE_HOME: join(dir, '.ansible'), ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_REMOTE_TEMP: join(dir, 'tmp'),
    ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_LOCALHOST_WARNING: '0', ANSIBLE_INVENTORY_UNPARSED_WARNING: '0',
    ANSIBLE_FORKS: '1', ANSIBLE_TIMEOUT: '10', PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1', ONTAP_SIM_SPEED: String(SPEED),
  };
  const args = ['-i', 'localhost,', join(dir, 'conformance.yml'), ...Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`])];
  const child = spawn('ansible-playbook', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  let report: any;
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`ansible-playbook gave no JSON report (exit ${code}): ${stdout.slice(-2000)} ${stderr.slice(-2000)}`);
  }
  const tasks = (report.plays?.[0]?.tasks ?? []).map((t: any) => ({ name: t.task.name, result: t.hosts.localhost }));
  return { code, stats: report.stats?.localhost, tasks, stderr };
}

describe('netapp.ontap collection against the simulator (--tls)', () => {
  let fleet: Fleet;
  let dir: string;
  let run: Awaited<ReturnType<typeof runPlaybook>>;
  const task = (name: string) => {
    const t = run.tasks.find((x) => x.name === name);
    if (!t) throw new Error(`task "${name}" did not run: ${run.stderr.slice(-1500)}`);
    return t.result;
  };

  beforeAll(async () => {
    fleet = await startFleet({ clusters: fleetSetups(1, ['idle']), tls: true, speed: SPEED, port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'ansible-conformance-'));
    mkdirSync(join(dir, 'tmp'));
    for (const f of ['conformance.yml', 'sitecustomize.py']) copyFileSync(join(FIXTURES, f), join(dir, f));
    run = await runPlaybook(dir, {
      ontap_port: fleet.clusters[0]!.port,
      image_url: 'https://images.example.com/ontap/9171_q_image.tgz',
      firmware_url: 'https://images.example.com/firmware/qual_devices.zip',
      target_version: TARGET,
      removable_version: '9.15.1',
    });
  }, RUN_LIMIT_MS + 20_000);

  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every task succeeds', () => {
    const failed = run.tasks.filter((t) => t.result.failed).map((t) => `${t.name}: ${JSON.stringify(t.result.msg)}`);
    expect(failed).toEqual([]);
    expect(run.stats).toMatchObject({ failures: 0, unreachable: 0, ok: 9 });
    expect(run.code).toBe(0);
  });

  it('the simulator understood every request (no 4xx/5xx), including the version read every module makes first', () => {
    const log = fleet.requestLog();
    expect(log.filter((e) => e.status >= 400).map((e) => `${e.status} ${e.method} ${e.path}?${e.query}`)).toEqual([]);
    // Unanswered requests (status 0) are the management LIF moving at takeover/giveback: the module
    // rides them out while it polls the update's state, as it must against a real cluster.
    expect(new Set(log.filter((e) => e.status === 0).map((e) => `${e.method} ${e.path}?${e.query}`))).toEqual(
      new Set(log.some((e) => e.status === 0) ? ['GET /api/cluster/software?fields=state'] : []),
    );
    expect(log.filter((e) => e.path === '/api/cluster' && e.query === 'fields=version').length).toBeGreaterThanOrEqual(7);
    expect(log.some((e) => e.method === 'PATCH' && e.query.includes('skip_warnings=True') && e.query.includes('stabilize_minutes=10'))).toBe(true);
  });

  it('na_ontap_rest_info reads the cluster, software, download, history, packages, jobs and nodes as the simulator holds them', () => {
    const info = task('rest_info before').ontap_info;
    const name = fleet.clusters[0]!.name;
    expect(info.cluster).toMatchObject({ name, uuid: fleet.cluster(name).engine.model.uuid, version: { generation: 9, major: 14, minor: 1 } });
    expect(info['cluster/software']).toMatchObject({ version: '9.14.1', state: 'completed' });
    expect(info['cluster/software'].nodes.map((n: any) => [n.name, n.version])).toEqual([[`${name}-01`, '9.14.1'], [`${name}-02`, '9.14.1']]);
    expect(info['cluster/software/download']).toMatchObject({ state: 'not_started', code: 10551384 });
    expect(info['cluster/software/history'].records.map((h: any) => [h.node.name, h.from_version, h.to_version, h.state]))
      .toEqual([[`${name}-01`, '9.13.1', '9.14.1', 'successful'], [`${name}-02`, '9.13.1', '9.14.1', 'successful']]);
    expect(info['cluster/software/packages'].records.map((p: any) => p.version)).toEqual(['9.14.1', '9.15.1']);
    expect(info['cluster/jobs'].num_records).toBe(0);
    expect(info['cluster/nodes'].records.map((n: any) => [n.name, n.version.generation, n.version.major, n.version.minor]))
      .toEqual([[`${name}-01`, 9, 14, 1], [`${name}-02`, 9, 14, 1]]);
  });

  it('na_ontap_software_update downloads a NetApp-named image and validates it', () => {
    const r = task('download by URL with a NetApp image name, then validate');
    expect(r.changed).toBe(true);
    expect(r.validation_reports_after_download.map((v: any) => [v.update_check, v.status])).toEqual([['Manual checks', 'warning']]);
  });

  it('na_ontap_software_update installs with stabilize_minutes, then deletes the package it installed', () => {
    const r = task('install with stabilize_minutes (deletes the package afterwards)');
    expect(r.changed).toBe(true);
    expect(r.warnings).toEqual([`Package ${TARGET} is already present, skipping download.`]);
    const sw = fleet.cluster(fleet.clusters[0]!.name).engine.model;
    expect(sw.state).toBe('completed');
    expect(sw.nodes.map((n) => n.version)).toEqual([TARGET, TARGET]);
    const stabilize = sw.status.filter((s) => s.name === 'stabilize');
    expect(stabilize.map((s) => ((s.end_time as number) - s.start_time) / 1000)).toEqual([600, 600]);
    expect(task('delete another package').changed).toBe(true);
  });

  it('na_ontap_firmware_upgrade downloads a firmware package', () => {
    const r = task('firmware download');
    expect(r.changed).toBe(true);
    expect(r.msg.job_response).toBe('success');
  });

  it('na_ontap_restit reads the firmware update the download started, na_ontap_rest_info the automatic updates', () => {
    const info = task('automatic updates').ontap_info;
    const name = fleet.clusters[0]!.name;
    const h = task('firmware history').response.records;
    expect(h.map((x: any) => [x.fw_file_name, x.node.name])).toEqual([['qual_devices.zip', `${name}-01`]]);
    expect(h[0].update_status.map((u: any) => u.worker.node.name)).toEqual([`${name}-01`, `${name}-02`]);
    expect(info['support/auto-update/updates'].records.map((u: any) => [u.content_type, u.state])).toEqual([['disk_fw', 'applied']]);
  });

  it('afterwards rest_info shows the new release, the history, the emptied package store and the software jobs', () => {
    const info = task('rest_info after').ontap_info;
    expect(info['cluster/software']).toMatchObject({ version: TARGET, state: 'completed' });
    expect(info['cluster/software/packages'].records.map((p: any) => p.version)).toEqual(['9.14.1']);
    expect(info['cluster/software/download']).toMatchObject({ state: 'success', code: 0 });
    expect(info['cluster/software/history'].records.filter((h: any) => h.to_version === TARGET && h.state === 'successful')).toHaveLength(2);
    expect(info['cluster/nodes'].records.map((n: any) => n.version.major)).toEqual([17, 17]);
    const jobs = task('software jobs only, as NetApp\'s clients filter them').ontap_info['cluster/jobs'].records;
    expect(jobs.map((j: any) => [j.description, j.state])).toEqual([
      ['POST /api/cluster/software/download', 'success'],
      ['PATCH /api/cluster/software', 'success'],
      ['PATCH /api/cluster/software', 'success'],
      [`DELETE /api/cluster/software/packages/${TARGET}`, 'success'],
      ['DELETE /api/cluster/software/packages/9.15.1', 'success'],
      ['POST /api/cluster/software/download', 'success'],
    ]);
  });
});
