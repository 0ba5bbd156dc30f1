// Counting parts per model and firmware version: how shelves and disks are kept (a cluster has
// thousands of disks; one series per disk would be the user's memory bill, never ours to spend).

import type { FirmwareCount } from '../core/endpoints.js';

/** Longest model or version kept as a label value; ONTAP's are short ("X421_HCOBE450A10", "NA51"). */
const MAX = 64;
/** Most (model, version) pairs kept: past it the rest count under model "other" (a bounded label set). */
export const MAX_PAIRS = 50;

function clean(v: string | undefined): string {
  const s = (v ?? '').trim();
  return /^[\w .:/+()-]{1,64}$/.test(s) ? s.slice(0, MAX) : s === '' ? '' : 'invalid';
}

/** Counts `items` per (model, version), most common first; beyond MAX_PAIRS the rest are one "other" row. */
export function countByModel(items: Array<{ model?: string; version?: string }>): FirmwareCount[] {
  const m = new Map<string, FirmwareCount>();
  for (const it of items) {
    const model = clean(it.model);
    const version = clean(it.version);
    const k = `${model}\u0000${version}`;
    const c = m.get(k);
    if (c) c.count++; else m.set(k, { model, version, count: 1 });
  }
  const rows = [...m.values()].sort((a, b) => b.count - a.count || a.model.localeCompare(b.model) || a.version.localeCompare(b.version));
  if (rows.length <= MAX_PAIRS) return rows;
  const rest = rows.slice(MAX_PAIRS - 1).reduce((n, r) => n + r.count, 0);
  return [...rows.slice(0, MAX_PAIRS - 1), { model: 'other', version: 'other', count: rest }];
}
