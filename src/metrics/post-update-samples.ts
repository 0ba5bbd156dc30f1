// post_update_checks[] of /cluster/software -> samples, like validation results: one series per
// failed check and status, and counts by status. Nothing when the poll did not ask for them (a
// release before 9.9, or one not known yet): absent says "unknown", 0 would say "none failed".

import type { SoftwareData } from '../core/endpoints.js';
import type { Sample } from './family.js';
import { softwarePostUpdateCheckResult, softwarePostUpdateChecks, VALIDATION_STATUSES } from './catalog.js';

export function postUpdateSamples(d: SoftwareData): Sample[] {
  if (d.postUpdateChecks === undefined) return [];
  const out: Sample[] = [];
  const counts = new Map<string, number>(VALIDATION_STATUSES.map((s) => [s, 0]));
  const seen = new Set<string>();
  for (const c of d.postUpdateChecks) {
    counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    const key = `${c.check}\u0000${c.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(softwarePostUpdateCheckResult.sample({ update_check: c.check, status: c.status }, 1));
  }
  for (const [status, n] of counts) out.push(softwarePostUpdateChecks.sample({ status }, n));
  return out;
}
