// Content negotiation for /metrics by the Accept header's q-values, as Prometheus's client
// libraries do (expfmt.Negotiate): the highest-ranked acceptable type wins, a type at q=0 is
// refused, and anything unclear gets the classic text format that every scraper reads.

const OPENMETRICS = 'application/openmetrics-text';

interface Range { type: string; q: number; order: number }

function ranges(accept: string): Range[] {
  return accept.split(',').map((part, order) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    let q = 1;
    for (const p of params) {
      // A q that is not a number refuses the type (as a parse error does in goautoneg).
      if (p.startsWith('q=')) q = /^q=[0-9.]+$/.test(p) ? Math.min(1, Number(p.slice(2))) : 0;
    }
    return { type, q: Number.isFinite(q) ? q : 0, order };
  }).filter((r) => r.type !== '' && r.q > 0);
}

/** Whether to answer /metrics in OpenMetrics: only when it ranks above the text format. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  // Sorted by q, then by specificity (an exact type before text/* before */*), then as written.
  const specific = (t: string) => (t === '*/*' ? 0 : t.endsWith('/*') ? 1 : 2);
  const sorted = ranges(accept ?? '').sort((a, b) => b.q - a.q || specific(b.type) - specific(a.type) || a.order - b.order);
  for (const r of sorted) {
    if (r.type === OPENMETRICS) return true;
    if (r.type === 'text/plain' || r.type === 'text/*' || r.type === '*/*') return false;
  }
  return false;
}
