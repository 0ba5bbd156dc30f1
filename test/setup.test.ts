// The test set-up on a machine without the tools: a PATH that lacks them and a fake apt-get
// (the real packages stay installed: this machine is shared).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUIRED, ensureBinaries, type SetupEnv } from './setup/binaries.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'setup-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An apt-get that logs its arguments and, on install, drops the packages' binaries into `dir`. */
function fakeAptGet(opts: { installs: boolean; failUpdate?: boolean }): string {
  const bins = Object.keys(REQUIRED).map((b) => `printf '#!/bin/sh\\n' > ${join(dir, b)}; /bin/chmod +x ${join(dir, b)}`).join('; ');
  const script = `#!/bin/sh
echo "$*" >> ${join(dir, 'apt.log')}
${opts.failUpdate ? 'if [ "$1" = update ]; then exit 100; fi' : ''}
if [ "$1" = install ]; then ${opts.installs ? bins : 'exit 0'}; fi
exit 0
`;
  writeFileSync(join(dir, 'apt-get'), script);
  chmodSync(join(dir, 'apt-get'), 0o755);
  return join(dir, 'apt.log');
}

function env(isRoot: boolean, said: string[] = []): SetupEnv {
  return {
    path: dir, isRoot,
    run: (cmd, args) => spawnSync(cmd, args, { env: { PATH: dir } }).status ?? 1,
    say: (l) => said.push(l),
  };
}

const ALL = 'promtool, prometheus, prometheus-alertmanager, amtool, ansible-playbook, chromium, jsonnet';
const INSTALL = 'apt-get update && apt-get install -y prometheus prometheus-alertmanager ansible chromium jsonnet';

describe('test set-up: missing tools', () => {
  it('as root with apt-get: updates, installs Debian\'s packages, then finds the tools', () => {
    const log = fakeAptGet({ installs: true });
    const said: string[] = [];
    expect(ensureBinaries(env(true, said))).toEqual({ ok: true, installed: ['prometheus', 'prometheus-alertmanager', 'ansible', 'chromium', 'jsonnet'] });
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['update -q', 'install -y -q prometheus prometheus-alertmanager ansible chromium jsonnet']);
    expect(said).toEqual([`test set-up: installing Debian packages prometheus prometheus-alertmanager ansible chromium jsonnet for ${ALL}`]);
    // Everything there now: nothing more to do, apt-get not called again.
    expect(ensureBinaries(env(true))).toEqual({ ok: true, installed: [] });
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('installs only the packages of what is missing', () => {
    const log = fakeAptGet({ installs: true });
    for (const b of ['promtool', 'prometheus', 'ansible-playbook', 'chromium', 'jsonnet']) {
      writeFileSync(join(dir, b), '#!/bin/sh\n');
      chmodSync(join(dir, b), 0o755);
    }
    expect(ensureBinaries(env(true))).toEqual({ ok: true, installed: ['prometheus-alertmanager'] });
    expect(readFileSync(log, 'utf8')).toContain('install -y -q prometheus-alertmanager\n');
  });

  it('not root, no apt-get, or apt-get failing: one line naming what is missing and the command', () => {
    const log = fakeAptGet({ installs: true });
    const notRoot = ensureBinaries(env(false));
    expect(notRoot).toEqual({ ok: false, line: `npm test needs ${ALL} (not found; run as root to install them automatically); install with: ${INSTALL}` });
    expect(() => readFileSync(log)).toThrow(); // apt-get never ran
    rmSync(join(dir, 'apt-get'));
    expect(ensureBinaries(env(true))).toEqual({ ok: false, line: `npm test needs ${ALL} (not found, and no apt-get here); install with: ${INSTALL}` });
    fakeAptGet({ installs: true, failUpdate: true });
    expect(ensureBinaries(env(true))).toMatchObject({ ok: false, line: expect.stringMatching(/^npm test needs .* \(apt-get update failed\); install with: apt-get update && /) });
    fakeAptGet({ installs: false });
    expect(ensureBinaries(env(true))).toEqual({ ok: false, line: `npm test needs ${ALL} (still missing after apt-get install prometheus prometheus-alertmanager ansible chromium jsonnet)` });
  });

  it('vitest stops at once, before any test, with that one line', () => {
    symlinkSync(process.execPath, join(dir, 'node'));
    const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/docs.test.ts'], { encoding: 'utf8', env: { ...process.env, PATH: dir }, timeout: 60_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`npm test needs ${ALL} (${process.getuid?.() === 0 ? 'not found, and no apt-get here' : 'not found; run as root to install them automatically'}); install with: ${INSTALL}`);
    expect(r.stdout).not.toMatch(/✓|passed/);
  });
});
