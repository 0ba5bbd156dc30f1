// ONTAP's collection query language over rendered records: `fields`,
// filters (`<`, `>`, `<=`, `>=`, `!`, `*`, `|`, `null`, `!null`), `order_by`,
// `max_records` with `_links.next`, and `return_records=false`.

import { OntapError } from './errors.js';

type Json = Record<string, unknown>;

const RESERVED = new Set(['fields', 'max_records', 'return_records', 'return_timeout', 'order_by', 'start.index']);

export function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[part];
  }
  return cur;
}

/** ONTAP takes query booleans in any case: NetApp's Python clients send `True`/`False`. */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new OntapError(400, '262179', `Invalid value "${v}" for ${name}: expected true or false.`, name);
}

/** `max_records`, `return_records`, `order_by`: checked wherever they are accepted, singletons included. */
function checkCollectionParams(q: URLSearchParams, known: Set<string>): void {
  boolParam(q, 'return_records');
  if (q.has('max_records')) {
    const max = Number(q.get('max_records'));
    if (!Number.isInteger(max) || max < 1) throw new OntapError(400, '262179', `Invalid value "${q.get('max_records')}" for max_records.`, 'max_records');
  }
  for (const ob of listParam(q, 'order_by')) {
    const [field = '', dir = 'asc'] = ob.split(/\s+/);
    if (!known.has(field.split('.')[0] as string)) throw new OntapError(400, '262179', `Invalid field "${field}" for order_by.`, 'order_by');
    if (dir !== 'asc' && dir !== 'desc') throw new OntapError(400, '262179', `Invalid direction "${dir}" for order_by.`, 'order_by');
  }
}

/** Refuses query parameters the operation does not take, as ONTAP does. */
export function onlyParams(q: URLSearchParams, allowed: string[]): void {
  for (const k of q.keys()) if (!allowed.includes(k)) throw new OntapError(400, '262179', `Unexpected argument "${k}".`, k);
}

export function listParam(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Checks `fields` against what the resource knows; `*`/`**` mean all. Returns undefined for "all". */
function requestedFields(q: URLSearchParams, known: Set<string>): string[] | undefined {
  const fields = listParam(q, 'fields');
  if (fields.length === 0) return [];
  if (fields.includes('*') || fields.includes('**')) return undefined;
  for (const f of fields) {
    if (!known.has(f.split('.')[0] as string)) {
      throw new OntapError(400, '262197', `The value "${f}" is invalid for field "fields"`, 'fields');
    }
  }
  return fields;
}

/** Keeps the requested fields plus the record's keys and links. */
function project(rec: Json, fields: string[] | undefined, keys: string[]): Json {
  if (fields === undefined) return rec;
  const out: Json = {};
  for (const f of [...keys, ...fields, '_links']) copyPath(rec, f.split('.'), out);
  return out;
}

/** Copies one dotted field from `src` into `dst`, through arrays as ONTAP does (`ha.partners.name` keeps each partner's name). */
function copyPath(src: Json, parts: string[], dst: Json): void {
  const [head, ...rest] = parts as [string, ...string[]];
  const v = src[head];
  if (v === undefined) return;
  if (rest.length === 0 || v === null || typeof v !== 'object') {
    if (rest.length === 0) dst[head] = v;
    return;
  }
  if (Array.isArray(v)) {
    const items = (Array.isArray(dst[head]) ? dst[head] : v.map(() => ({}))) as Json[];
    v.forEach((x, i) => { if (x !== null && typeof x === 'object' && items[i]) copyPath(x as Json, rest, items[i]); });
    dst[head] = items;
    return;
  }
  copyPath(v as Json, rest, (dst[head] ??= {}) as Json);
}

function asTime(v: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\d/.test(v)) return undefined;
  const t = Date.parse(v.replace(' UTC', 'Z').replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : t;
}

function compare(a: string, b: string): number {
  const ta = asTime(a);
  const tb = asTime(b);
  if (ta !== undefined && tb !== undefined) return ta - tb;
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function matchTerm(value: unknown, term: string): boolean {
  if (term === 'null') return value === undefined || value === null;
  if (term === '!null') return value !== undefined && value !== null;
  if (value === undefined || value === null) return term.startsWith('!');
  const v = String(value);
  for (const op of ['<=', '>=', '<', '>'] as const) {
    if (term.startsWith(op)) {
      const c = compare(v, term.slice(op.length));
      return op === '<=' ? c <= 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c > 0;
    }
  }
  if (term.startsWith('!')) return !matchTerm(value, term.slice(1));
  if (term.includes('*')) {
    const re = new RegExp(`^${term.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return re.test(v);
  }
  return compare(v, term) === 0;
}

/**
 * GET of one record or singleton: `fields` (its common fields when omitted), and the collection
 * parameters, which ONTAP accepts (and checks) there too: the 9.7 reference lists them on
 * /cluster/software, and NetApp's clients send `max_records` with every GET.
 */
export function getRecord(rec: Json, q: URLSearchParams, known: Set<string>, keys: string[]): Json {
  onlyParams(q, ['fields', 'return_timeout', 'max_records', 'return_records', 'order_by']);
  checkCollectionParams(q, known);
  const fields = requestedFields(q, known);
  return project(rec, fields && fields.length > 0 ? fields : undefined, keys);
}

export interface CollectionSpec {
  base: string;
  known: Set<string>;
  keys: string[];
  /** Fields returned when `fields` is omitted (keys only, or everything for history). */
  defaultAll: boolean;
}

export function queryCollection(records: Json[], q: URLSearchParams, spec: CollectionSpec): Json {
  for (const name of q.keys()) {
    if (RESERVED.has(name)) continue;
    if (!spec.known.has(name) && !spec.known.has(name.split('.')[0] as string)) {
      throw new OntapError(400, '262179', `Unexpected argument "${name}".`, name);
    }
  }
  let rows = records.filter((r) => {
    for (const [name, value] of q.entries()) {
      if (RESERVED.has(name)) continue;
      if (!value.split('|').some((term) => matchTerm(get(r, name), term))) return false;
    }
    return true;
  });
  checkCollectionParams(q, spec.known);
  for (const ob of listParam(q, 'order_by').reverse()) {
    const [field = '', dir = 'asc'] = ob.split(/\s+/);
    rows = [...rows].sort((a, b) => compare(String(get(a, field) ?? ''), String(get(b, field) ?? '')) * (dir === 'desc' ? -1 : 1));
  }
  const total = rows.length;
  const self = `${spec.base}${q.size > 0 ? `?${q.toString()}` : ''}`;
  if (boolParam(q, 'return_records') === false) return { num_records: total, _links: { self: { href: self } } };
  const max = q.has('max_records') ? Number(q.get('max_records')) : 10_000;
  const start = Number(q.get('start.index') ?? '0');
  if (!Number.isInteger(start) || start < 0) throw new OntapError(400, '262179', 'Invalid value for start.index.', 'start.index');
  const fields = listParam(q, 'fields').length === 0 && spec.defaultAll ? undefined : requestedFields(q, spec.known);
  const page = rows.slice(start, start + max).map((r) => project(r, fields, spec.keys));
  const links: Json = { self: { href: self } };
  if (start + max < total) {
    const next = new URLSearchParams(q);
    next.set('start.index', String(start + max));
    next.set('max_records', String(max));
    links.next = { href: `${spec.base}?${next.toString()}` };
  }
  return { records: page, num_records: page.length, _links: links };
}
