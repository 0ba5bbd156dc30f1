import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepConnections } from './transport.js';

function limits(openFiles: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'limits-')), 'limits');
  writeFileSync(file, `Limit                     Soft Limit           Hard Limit           Units\nMax processes             95000                95000                processes\nMax open files            ${openFiles}                1048576              files\n`);
  return file;
}

describe('connections kept between polls', () => {
  it('when the fleet takes at most a quarter of the open-files limit', () => {
    expect(keepConnections(5_000, limits('20000'))).toBe(true);
    expect(keepConnections(5_001, limits('20000'))).toBe(false);
    expect(keepConnections(1_000_000, limits('unlimited'))).toBe(true);
  });

  it('against 1,024 files where the limit cannot be read', () => {
    expect(keepConnections(256, '/nonexistent/limits')).toBe(true);
    expect(keepConnections(257, '/nonexistent/limits')).toBe(false);
  });
});
