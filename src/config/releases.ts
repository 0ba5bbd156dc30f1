// `releases:` in the config file: rows that add to or override the built-in release support table
// (src/core/support.ts), e.g. a pre-9.9 release, a 9.x.0 cloud release, or NetApp's exact dates
// where the built-in ones are derived. Checked strictly (a typo fails the load, naming the row),
// and reloaded with the rest of the file.

import { z } from 'zod';
import { familyOf, formatRelease, parseRelease } from '../core/release.js';
import { monthEndAfter, type SupportRow } from '../core/support.js';

const day = z.string({ error: 'a date, YYYY-MM-DD (quote it)' }).regex(/^\d{4}-\d\d-\d\d$/, 'a date, YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: 'not a calendar date' });

// A family, as written: "9.8", "9.14.1". Not a patch (it would look as if patches had their own dates).
const family = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const r = typeof v === 'string' ? parseRelease(v) : undefined;
  if (typeof v === 'number') ctx.addIssue({ code: 'custom', message: `write the release as a string, e.g. "${v}": YAML reads it as a number` });
  else if (!r) ctx.addIssue({ code: 'custom', message: 'not an ONTAP release (e.g. 9.14.1, 9.8)' });
  else if (r.rc !== undefined || r.patch > 0 || r.d > 0) ctx.addIssue({ code: 'custom', message: `a release family (${familyOf(r)}), not ${formatRelease(r)}: its patches share its dates` });
  else return familyOf(r);
  return z.NEVER;
});

const row = z.strictObject({
  release: family,
  general_availability: day,
  full_support_end: day,
  // Absent: derived from NetApp's policy (+2 and +5 years after full support ends), as the built-in rows are.
  limited_support_end: day.optional(),
  self_service_support_end: day.optional(),
}).superRefine((r, ctx) => {
  const seq = [['general_availability', r.general_availability], ['full_support_end', r.full_support_end],
    ['limited_support_end', r.limited_support_end ?? monthEndAfter(r.full_support_end, 2)],
    ['self_service_support_end', r.self_service_support_end ?? monthEndAfter(r.full_support_end, 5)]] as const;
  for (let i = 1; i < seq.length; i++) {
    const [k, v] = seq[i] as readonly [string, string];
    const [pk, pv] = seq[i - 1] as readonly [string, string];
    if (v < pv) ctx.addIssue({ code: 'custom', path: [k], message: `${v} is before ${pk} ${pv}` });
  }
});

export const releasesSchema = z.array(row).superRefine((rows, ctx) => {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.release)) ctx.addIssue({ code: 'custom', path: [i, 'release'], message: `duplicate release ${r.release}` });
    seen.add(r.release);
  });
});

/** The rows as the support table takes them; `source` names the config file. */
export function supportRows(rows: z.infer<typeof releasesSchema> | undefined, source: string): SupportRow[] {
  return (rows ?? []).map((r) => ({
    release: r.release, ga: r.general_availability, fullEnd: r.full_support_end,
    limitedEnd: r.limited_support_end ?? monthEndAfter(r.full_support_end, 2),
    selfServiceEnd: r.self_service_support_end ?? monthEndAfter(r.full_support_end, 5),
    derived: [...(r.limited_support_end === undefined ? ['limitedEnd' as const] : []), ...(r.self_service_support_end === undefined ? ['selfServiceEnd' as const] : [])],
    source,
  }));
}
