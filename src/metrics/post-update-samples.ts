// Checks ONTAP reports as a list of findings (validation_results[], post_update_checks[]) ->
// samples: one series per failed check and status, and counts by status (error and warning
// always). Post-update checks give nothing when the poll did not ask for them (a release before
// 9.9, or one not known yet): absent says "unknown", 0 would say "none failed".

import type { SoftwareData } from '../core/endpoints.js';
import type { Family, Sample } from './family.js';
import { softwarePostUpdateCheckResult, softwarePostUpdateChecks, VALIDATION_STATUSES } from './catalog.js';

/** Appends the findings' series (a finding repeated is one series) and the counts by status. */
export function checkSamples(out: Sample[], findings: ReadonlyArray<{ check: string; status: string }>, result: Family<'update_check' | 'status'>, count: Family<'status'>): void {
  const counts = new Map<string, number>(VALIDATION_STATUSES.map((s) => [s, 0]));
  const seen = new Set<string>();
  for (const f of findings) {
    counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
    const key = `${f.check}\u0000${f.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(result.sample({ update_check: f.check, status: f.status }, 1));
  }
  for (const [status, n] of counts) out.push(count.sample({ status }, n));
}

export function postUpdateSamples(d: SoftwareData): Sample[] {
  if (d.postUpdateChecks === undefined) return [];
  const out: Sample[] = [];
  checkSamples(out, d.postUpdateChecks, softwarePostUpdateCheckResult, softwarePostUpdateChecks);
  return out;
}
