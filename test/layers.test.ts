// The layout of src/ as a test: dependency-cruiser's rules (.dependency-cruiser.mjs) hold over src/, and the same
// rules report on a fixture tree built to break each of them, so a rule that silently stops matching (a renamed
// folder, a regex typo, an import the cruiser no longer resolves) fails here instead of passing on nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/layers');
const MAX_LINES = 450;

/** Every .ts file under dir, as paths relative to base with forward slashes. */
function tsFiles(dir: string, base: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.mjs'));
  const { output } = await cruise(['src'], { ...options, baseDir });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, expected a result object');
  return output;
}

const describeViolation = (v: IViolation): string =>
  `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`;

/** The names of every rule in the configuration, to check each one reports on the fixture. */
async function ruleNames(): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.mjs'));
  return (options.ruleSet?.forbidden ?? []).map((rule) => rule.name ?? '(unnamed)').sort();
}

describe('layers of src/', () => {
  it('has no import that breaks a layer rule or closes a cycle', async () => {
    const result = await cruiseSrc(ROOT);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
    // Not vacuous: the cruise saw every source file and the imports between them.
    const cruised = result.modules.map((m) => m.source).filter((source) => source.startsWith('src/'));
    expect(cruised.sort()).toEqual(tsFiles(join(ROOT, 'src'), ROOT));
    expect(result.summary.totalDependenciesCruised).toBeGreaterThan(cruised.length);
  });

  it('reports every rule on a tree built to break each one', async () => {
    const result = await cruiseSrc(FIXTURE);
    const violations = result.summary.violations;
    expect([...new Set(violations.map((v) => v.rule.name))].sort()).toEqual(await ruleNames());
    // The cycle goes through a type-only import: found only because type imports count.
    expect(violations.find((v) => v.rule.name === 'no-circular')?.cycle?.map((c) => c.name)).toEqual([
      'src/poll/snapshot.ts',
      'src/poll/poller.ts',
    ]);
    expect(violations.map(describeViolation)).toContain(
      'layer-web-imports-down: src/web/up.ts -> src/exporter/up.ts',
    );
  });
});

describe('size of src/ files', () => {
  it(`keeps every file at ${MAX_LINES} lines or fewer`, () => {
    const lines = (path: string): number => readFileSync(join(ROOT, path), 'utf8').split('\n').length - 1;
    const files = tsFiles(join(ROOT, 'src'), ROOT);
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((path) => lines(path) > MAX_LINES).map((path) => `${path}: ${lines(path)} lines`)).toEqual([]);
  });
});
