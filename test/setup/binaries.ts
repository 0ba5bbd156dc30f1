// The tools the tests run for real, and what to do when some are missing: on a fresh Debian
// machine as root, install Debian's packages (as CI does); otherwise stop with one line saying
// what is missing and how to install it. No test is ever skipped for a missing tool.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Binary -> the Debian package that ships it. */
export const REQUIRED: Record<string, string> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
  'ansible-playbook': 'ansible',
  chromium: 'chromium',
  jsonnet: 'jsonnet',
};

export function onPath(bin: string, path: string): boolean {
  return path.split(delimiter).filter(Boolean).some((dir) => {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const missingBinaries = (path: string) => Object.keys(REQUIRED).filter((b) => !onPath(b, path));

export interface SetupEnv {
  path: string;
  isRoot: boolean;
  /** Runs a command (apt-get) with this PATH; returns its exit status. */
  run(cmd: string, args: string[]): number;
  say(line: string): void;
}

export type SetupResult = { ok: true; installed: string[] } | { ok: false; line: string };

export function ensureBinaries(env: SetupEnv): SetupResult {
  const missing = missingBinaries(env.path);
  if (missing.length === 0) return { ok: true, installed: [] };
  const packages = [...new Set(missing.map((b) => REQUIRED[b] as string))];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const fail = (why: string): SetupResult => ({ ok: false, line: `npm test needs ${missing.join(', ')} (${why}); install with: ${command}` });
  if (!env.isRoot || !onPath('apt-get', env.path)) return fail(env.isRoot ? 'not found, and no apt-get here' : 'not found; run as root to install them automatically');
  env.say(`test set-up: installing Debian packages ${packages.join(' ')} for ${missing.join(', ')}`);
  if (env.run('apt-get', ['update', '-q']) !== 0) return fail('apt-get update failed');
  if (env.run('apt-get', ['install', '-y', '-q', ...packages]) !== 0) return fail('apt-get install failed');
  const still = missingBinaries(env.path);
  if (still.length > 0) return { ok: false, line: `npm test needs ${still.join(', ')} (still missing after apt-get install ${packages.join(' ')})` };
  return { ok: true, installed: packages };
}
