// The fast tier stays fast and self-contained: a test file that starts a child process, itself or through any
// module it imports, is listed in test/tiers.ts (full tier only), and every listed file does start one.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROCESS_TESTS } from './tiers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts file under src/ and test/ (fixture trees aside), relative to the repository. */
function sources(): string[] {
  return ['src', 'test'].flatMap((top) => readdirSync(join(ROOT, top), { recursive: true, encoding: 'utf8' })
    .map((path) => `${top}/${path.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.ts') && !path.startsWith('test/fixtures/')));
}

/** The project files a source imports (static, dynamic and type imports alike), and whether it uses child_process. */
function scan(path: string): { imports: string[]; spawns: boolean } {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((m) => m[1] ?? '');
  const imports = specifiers.filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, join(ROOT, dirname(path), s.replace(/\.js$/, '.ts'))).split('\\').join('/'))
    .filter((target) => existsSync(join(ROOT, target)));
  return { imports, spawns: specifiers.some((s) => s === 'node:child_process' || s === 'child_process') };
}

/** The files that start child processes, directly or through what they import. */
function spawning(files: string[]): Set<string> {
  const scanned = new Map(files.map((f) => [f, scan(f)]));
  const found = new Set(files.filter((f) => scanned.get(f)?.spawns));
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, { imports }] of scanned) {
      if (!found.has(file) && imports.some((i) => found.has(i))) { found.add(file); grew = true; }
    }
  }
  return found;
}

describe('test tiers', () => {
  it('lists exactly the test files that start child processes as full-tier only', () => {
    const files = sources();
    const tests = files.filter((f) => f.endsWith('.test.ts'));
    const found = spawning(files);
    expect(found.has('test/helpers/stack.ts')).toBe(true);
    expect(tests.filter((f) => found.has(f)).sort()).toEqual([...PROCESS_TESTS].sort());
  });
});
