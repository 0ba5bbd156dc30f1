// The documentation stays in step with the code: what it must name, and that its links lead somewhere.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAMILY_NAMES } from '../src/metrics/catalog.js';
import { SCENARIO_NAMES } from '../src/simulator/scenarios.js';

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');
const PAGES = ['README.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];


/** Markdown without its fenced code blocks: a `# comment` in a shell block is not a heading. */
const prose = (md: string) => md.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of prose(md).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = (text as string).toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Where a relative link from `page` leads (repository path) and to which anchor. */
function target(page: string, href: string): { path: string; anchor?: string } {
  const [file, anchor] = href.split('#') as [string, string | undefined];
  const dir = page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '';
  const path = file === '' ? page : join(dir, file).replace(/\\/g, '/');
  return anchor === undefined ? { path } : { path, anchor };
}

describe('README: a five-minute read', () => {
  it('shows the two set-up commands first', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });
  it('stays under 20 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(20_000);
  });
  it('links to every page under docs/', () => {
    const linked = new Set([...prose(readme).matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]));
    const pages = PAGES.filter((p) => p.startsWith('docs/'));
    expect(pages.filter((p) => !linked.has(p))).toEqual([]);
  });
});

describe('topic pages stay in step with the code', () => {
  it('docs/metrics.md names every metric family', () => {
    const page = read('docs/metrics.md');
    expect([...FAMILY_NAMES].filter((n) => !page.includes(`\`${n}\``))).toEqual([]);
  });
  it('docs/simulator.md names every simulator scenario', () => {
    const page = read('docs/simulator.md');
    expect(SCENARIO_NAMES.filter((n) => !page.includes(`\`${n}\``))).toEqual([]);
  });
  it('docs/development.md justifies every dependency', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const justified = read('docs/development.md').split('## Dependencies')[1] ?? '';
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !justified.includes(`\`${n}\``))).toEqual([]);
  });
  it('docs/alerting.md names every alert, and each runbook_url leads to a heading of the runbook', () => {
    const alerting = read('docs/alerting.md');
    const rules = readdirSync(join(ROOT, 'alerts')).filter((f) => f.endsWith('.rules.yml'))
      .flatMap((f) => (parse(read(`alerts/${f}`)) as { groups: Array<{ rules: Array<{ alert?: string; annotations?: { runbook_url?: string } }> }> }).groups)
      .flatMap((g) => g.rules).filter((r) => r.alert);
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.map((r) => r.alert).filter((a) => !alerting.includes(`\`${a}\``))).toEqual([]);
    const dangling = rules.filter((r) => {
      const { path, anchor } = target('', r.annotations?.runbook_url ?? '');
      return !existsSync(join(ROOT, path)) || anchor === undefined || !anchors(read(path)).has(anchor);
    });
    expect(dangling.map((r) => `${r.alert}: ${r.annotations?.runbook_url}`)).toEqual([]);
  });
});

describe('links in the README and docs/', () => {
  it('every relative link leads to a file, and every anchor to a heading', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const [, href] of prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(href as string)) continue;
        const { path, anchor } = target(page, href as string);
        checked++;
        if (!existsSync(join(ROOT, path))) {
          broken.push(`${page}: ${href}`);
        } else if (anchor !== undefined && (!path.endsWith('.md') || !anchors(read(path)).has(anchor))) {
          broken.push(`${page}: ${href}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });
});
