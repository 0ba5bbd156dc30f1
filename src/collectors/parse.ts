// Lenient readers for ONTAP JSON. The reference's own examples show arrays as
// single objects, `status` for `state`, `in-progress` for `in_progress` and
// four timestamp forms; newer releases add fields and enum values. A field of
// the wrong type is skipped with a warning naming it, never a crash.

import { MAX_DURATION_SECONDS, plausibleSeconds } from '../core/estimate.js';

export type Warn = (message: string) => void;
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An array, a single object standing for a one-element array, or nothing. */
export function asArray(v: unknown, where: string, warn: Warn): Obj[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.filter((x, i) => {
    if (isObj(x)) return true;
    warn(`${where}[${i}]: expected an object, got ${typeof x}`);
    return false;
  }) as Obj[];
}

/** Longest string kept from a response: every one may become a label value or reach the status page. */
export const MAX_STRING = 256;

export function str(o: Obj, key: string, where: string, warn: Warn): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    if (v.length <= MAX_STRING) return v;
    warn(`${where}.${key}: ${v.length} characters, cut to ${MAX_STRING}`);
    return v.slice(0, MAX_STRING);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  warn(`${where}.${key}: expected a string, got ${Array.isArray(v) ? 'array' : typeof v}`);
  return undefined;
}

/**
 * A duration in seconds: a number (as `num`) that is 0 or more and at most a year; anything else
 * (an unsigned -1, a negative) is skipped with a warning, as it would become a date no one can show.
 */
export function seconds(o: Obj, key: string, where: string, warn: Warn): number | undefined {
  const v = num(o, key, where, warn);
  if (v === undefined || plausibleSeconds(v)) return v;
  warn(`${where}.${key}: ${String(o[key]).slice(0, 40)} is not a duration in seconds between 0 and ${MAX_DURATION_SECONDS}`);
  return undefined;
}

export function num(o: Obj, key: string, where: string, warn: Warn): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  warn(`${where}.${key}: expected a number, got ${JSON.stringify(v).slice(0, 40)}`);
  return undefined;
}

/** `state`, or the `status` the 9.6/9.7 examples show, normalised to ONTAP's snake_case enum form. */
export function stateOf(o: Obj, where: string, warn: Warn): string | undefined {
  const raw = str(o, 'state', where, warn) ?? str(o, 'status', where, warn);
  return raw === undefined ? undefined : enumValue(raw);
}

/** Enum values become label values: lower snake case, at most 64 safe characters. */
export function enumValue(raw: string): string {
  return raw.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'unknown';
}

/** ISO 8601 with offset or Z, "YYYY-MM-DD HH:MM:SS+00:00" (or " -0500"), or "... UTC"; epoch seconds or undefined. */
export function parseTime(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  let s = raw.trim();
  if (s.endsWith(' UTC')) s = `${s.slice(0, -4)}Z`;
  s = s.replace(/^(\d{4}-\d\d-\d\d) /, '$1T');
  s = s.replace(/ ([+-]\d\d:?\d\d)$/, '$1'); // "2019-02-02 14:00:00 -0500" (firmware history's reference example)
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function time(o: Obj, key: string, where: string, warn: Warn): number | undefined {
  const raw = str(o, key, where, warn);
  if (raw === undefined) return undefined;
  const t = parseTime(raw);
  if (t === undefined) warn(`${where}.${key}: not a timestamp: ${JSON.stringify(raw).slice(0, 40)}`);
  return t;
}

/** `node` given as {name} (ONTAP) or as a bare string (some examples). */
export function nodeName(o: Obj, where: string, warn: Warn): string {
  const n = o.node;
  if (isObj(n)) return str(n, 'name', `${where}.node`, warn) ?? '';
  if (typeof n === 'string') return n;
  return '';
}

/** Every page's `records`, for collections. */
export function records(pages: unknown[], where: string, warn: Warn): Obj[] {
  return pages.flatMap((p, i) => asArray(isObj(p) ? p.records : undefined, `${where}${pages.length > 1 ? `(page ${i + 1})` : ''}.records`, warn));
}

/**
 * Keeps the first item of each key and warns about the others: a response
 * naming one node, site or package twice must never give two series with one
 * label set (Prometheus rejects the whole scrape).
 */
export function unique<T>(items: T[], key: (x: T) => string, where: string, warn: Warn): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = key(x);
    if (!seen.has(k)) {
      seen.add(k);
      return true;
    }
    warn(`${where}: duplicate ${JSON.stringify(k.replaceAll('\u0000', '/')).slice(0, 80)} dropped (the first one is kept)`);
    return false;
  });
}
