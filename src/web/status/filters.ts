// The status page's filters ride in the query string (?dc=...&state=...), so a filtered view
// can be bookmarked. Reading them takes only strings: express hands over objects for ?dc[x]=1.

export interface Filters { dc: string[]; state: string[] }

/** ?dc=a&dc=b&state=behind; anything else (objects, unknown keys) is ignored. */
export function parseFilters(query: unknown): Filters {
  const q = (query ?? {}) as Record<string, unknown>;
  const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
    .flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '').slice(0, 50);
  return { dc: list(q.dc), state: list(q.state) };
}

/** The page's link for `f` with `change` applied. */
export function filterHref(f: Filters, change: Partial<Filters>): string {
  const p = new URLSearchParams();
  for (const dc of change.dc ?? f.dc) p.append('dc', dc);
  for (const st of change.state ?? f.state) p.append('state', st);
  const s = p.toString();
  return s ? `/?${s}` : '/';
}
