import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The simulator is the oracle the exporter is tested against: it keeps its own copy
// of ONTAP's vocabulary and must not share code (and so mistakes) with the exporter.
describe('simulator independence', () => {
  it('imports nothing of the project outside src/simulator', () => {
    const dir = join(import.meta.dirname, '../../src/simulator');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('engine.ts');
    const outside = files.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.\.\/[^']*)'/g)]
      .map((m) => `${f}: ${m[1]}`));
    expect(outside).toEqual([]);
  });
});
