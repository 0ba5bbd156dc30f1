// Run by `npm run build`: records the git branch and revision, who built it and when, in
// dist/build-info.json (read by build-info.ts). Outside a git checkout they are "unknown".

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { BuildInfo } from './build-info.js';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Go's version package format: 20060102-15:04:05, UTC. */
export function buildDate(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19)}`;
}

/** user@host; a uid with no passwd entry (a container's) has no user name. */
function builder(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `${process.getuid?.() ?? 'unknown'}@${hostname()}`;
  }
}

const info: BuildInfo = {
  branch: git(['rev-parse', '--abbrev-ref', 'HEAD']),
  revision: git(['rev-parse', 'HEAD']),
  user: builder(),
  date: buildDate(new Date(Number(process.env.SOURCE_DATE_EPOCH ?? NaN) * 1000 || Date.now())),
};
writeFileSync(new URL('../build-info.json', import.meta.url), `${JSON.stringify(info, null, 2)}\n`);
