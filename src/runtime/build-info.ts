// Where this build came from, for --version (as Prometheus' common/version prints it). Written into
// dist/ by `npm run build` (write-build-info.ts), so an installed package knows its branch and
// revision without git; a build without it says "unknown".

import { readFileSync } from 'node:fs';
import { VERSION } from './version.js';

export interface BuildInfo { branch: string; revision: string; user: string; date: string }

export const UNKNOWN_BUILD: BuildInfo = { branch: 'unknown', revision: 'unknown', user: 'unknown', date: 'unknown' };

export function readBuildInfo(file: URL = new URL('../build-info.json', import.meta.url)): BuildInfo {
  try {
    return { ...UNKNOWN_BUILD, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildInfo>) };
  } catch {
    return UNKNOWN_BUILD;
  }
}

/** `NAME, version X (branch: B, revision: R)` and the build's details, one per line. */
export function versionText(program: string, b: BuildInfo = readBuildInfo(), version: string = VERSION): string {
  return [
    `${program}, version ${version} (branch: ${b.branch}, revision: ${b.revision})`,
    `  build user:       ${b.user}`,
    `  build date:       ${b.date}`,
    `  node version:     ${process.version}`,
    `  platform:         ${process.platform}/${process.arch}`,
    '',
  ].join('\n');
}
