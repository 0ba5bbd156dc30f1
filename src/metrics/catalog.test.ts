import { describe, expect, it } from 'vitest';
import * as catalog from './catalog.js';
import { EXPORTER_FAMILIES, FAMILIES, FAMILY_NAMES, softwareInfo, softwareNodeVersions, softwareUpdatePhaseState } from './catalog.js';

/** ontap_software_update_state -> softwareUpdateState: the one naming rule for family values. */
const valueName = (metric: string) => metric.replace(/^ontap_/, '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

describe('catalog', () => {
  it('gives each cluster family its place in FAMILIES as its index', () => {
    FAMILIES.forEach((f, i) => expect(f.index, f.name).toBe(i));
  });

  it('exports every family under the name its metric gives, and each name once', () => {
    const exported = Object.entries(catalog).filter(([, v]) => typeof v === 'object' && v !== null && 'help' in v);
    expect(exported.map(([k, f]) => [k, valueName((f as { name: string }).name)]).filter(([k, want]) => k !== want)).toEqual([]);
    expect(exported.map(([, f]) => f).sort()).toEqual([...FAMILIES, ...EXPORTER_FAMILIES].sort());
    expect(FAMILY_NAMES.size).toBe(FAMILIES.length + EXPORTER_FAMILIES.length);
  });

  it('makes a sample that points at its family', () => {
    expect(softwareInfo.sample({ version: '9.16.1' }, 1)).toEqual({ family: softwareInfo, labels: { version: '9.16.1' }, value: 1 });
  });
});

// Checked by `tsc` (npm run typecheck), never called: each marked line must fail to compile, or
// its unused directive is an error. These are the mistakes the typed families exist to catch.
export function compileErrors(): void {
  // @ts-expect-error a misspelt family
  catalog.softwareInfos.sample({ version: 'x' }, 1);
  // @ts-expect-error a misspelt label
  softwareInfo.sample({ versoin: 'x' }, 1);
  // @ts-expect-error a missing label
  softwareUpdatePhaseState.sample({ node: 'n', phase: 'p' }, 1);
  // @ts-expect-error a label the family does not have
  softwareInfo.sample({ version: 'x', node: 'n' }, 1);
  // @ts-expect-error a label on a family without labels
  softwareNodeVersions.sample({ node: 'n' }, 1);
}
