import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_BUILD, readBuildInfo, versionText } from './build-info.js';

describe('--version text', () => {
  it('reads as Prometheus\' common/version prints it', () => {
    const text = versionText('ontap-upgrade-exporter', { branch: 'main', revision: 'abc123', user: 'ci@builder', date: '20260102-03:04:05' }, '1.2.3');
    expect(text).toBe([
      'ontap-upgrade-exporter, version 1.2.3 (branch: main, revision: abc123)',
      '  build user:       ci@builder',
      '  build date:       20260102-03:04:05',
      `  node version:     ${process.version}`,
      `  platform:         ${process.platform}/${process.arch}`,
      '',
    ].join('\n'));
  });
  it('a build without its build-info.json says unknown rather than failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-info-'));
    expect(readBuildInfo(pathToFileURL(join(dir, 'none.json')))).toEqual(UNKNOWN_BUILD);
    writeFileSync(join(dir, 'partial.json'), '{"branch":"x"}');
    expect(readBuildInfo(pathToFileURL(join(dir, 'partial.json')))).toEqual({ ...UNKNOWN_BUILD, branch: 'x' });
  });
});
