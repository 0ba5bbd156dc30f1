// PromQL cut into the pieces the mixin's _config changes: each selector of an exporter metric
// (`ontap_*`, so the job selector can be added to it), each range window (`[15m]`) and each number
// (the thresholds). The rest is kept as written, so the pieces joined back give the very same text.

/** A piece of an expression: text kept as is, or a part the mixin renders from its _config. */
export type Part = string | { metric: string; matchers: string | null } | { window: number } | { threshold: number };

const IDENT = /[A-Za-z0-9_:]/;

/** The exporter's own series (recorded ones have a `:` in their name, and carry the job already). */
const isExporterMetric = (name: string) => name.startsWith('ontap_') && !name.includes(':');

/** The closing `}` of the matchers opening at `from`, past quoted label values. */
function closingBrace(s: string, from: number): number {
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '}') return i;
    if (c === '"' || c === "'" || c === '`') i = closingQuote(s, i);
  }
  throw new Error(`unclosed { in ${JSON.stringify(s)}`);
}

function closingQuote(s: string, from: number): number {
  const q = s[from];
  for (let i = from + 1; i < s.length; i++) {
    if (s[i] === '\\' && q !== '`') i++;
    else if (s[i] === q) return i;
  }
  throw new Error(`unclosed quote in ${JSON.stringify(s)}`);
}

/** An expression's parts, and the windows and numbers it has, as written (the defaults of its _config). */
export interface Split { parts: Part[]; windows: string[]; thresholds: string[] }

/** `withValues`: windows and numbers become parts too (alert rules); otherwise only metric selectors (dashboards). */
export function splitPromql(expr: string, withValues: boolean): Split {
  const parts: Part[] = [];
  const windows: string[] = [];
  const thresholds: string[] = [];
  let text = '';
  const flush = () => { if (text) parts.push(text); text = ''; };
  for (let i = 0; i < expr.length;) {
    const c = expr[i] as string;
    const prev = i > 0 ? (expr[i - 1] as string) : '';
    if (c === '"' || c === "'" || c === '`') {
      const end = closingQuote(expr, i);
      text += expr.slice(i, end + 1);
      i = end + 1;
    } else if (c === '#') {
      // A comment runs to the end of the line.
      const end = expr.indexOf('\n', i);
      text += expr.slice(i, end < 0 ? undefined : end);
      i = end < 0 ? expr.length : end;
    } else if (/[A-Za-z_:]/.test(c) && !IDENT.test(prev)) {
      const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(expr.slice(i))?.[0] as string;
      const after = i + name.length;
      const next = /^\s*(.)/.exec(expr.slice(after))?.[1];
      if (isExporterMetric(name) && next !== '(') {
        const brace = expr[after] === '{';
        const end = brace ? closingBrace(expr, after) : after - 1;
        flush();
        parts.push({ metric: name, matchers: brace ? expr.slice(after + 1, end) : null });
        i = end + 1;
      } else {
        text += name;
        i = after;
      }
    } else if (c === '{') {
      // Matchers of a series that is not the exporter's (or a bare `{...}`): kept as they are.
      const end = closingBrace(expr, i);
      text += expr.slice(i, end + 1);
      i = end + 1;
    } else if (withValues && c === '[') {
      const m = /^\[(\d+(?:ms|[smhdwy]))\]/.exec(expr.slice(i));
      if (m) {
        text += '[';
        flush();
        parts.push({ window: windows.length });
        windows.push(m[1] as string);
        text += ']';
        i += m[0].length;
      } else {
        text += c;
        i++;
      }
    } else if (withValues && /[0-9.]/.test(c) && !IDENT.test(prev)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(?![A-Za-z0-9_])/i.exec(expr.slice(i));
      if (m) {
        flush();
        parts.push({ threshold: thresholds.length });
        // As written (0.33, 1e3): the defaults render the very same text.
        thresholds.push(m[0]);
        i += m[0].length;
      } else {
        const d = /^[0-9.]+[A-Za-z]*/.exec(expr.slice(i))?.[0] as string;
        text += d;
        i += d.length;
      }
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return { parts, windows, thresholds };
}

/** The parts joined back with the default values: must give `expr` exactly. */
export function joinPromql(parts: Part[], values: { windows: string[]; thresholds: string[] }, selector = ''): string {
  return parts.map((p) => {
    if (typeof p === 'string') return p;
    if ('metric' in p) {
      const m = [selector, p.matchers ?? ''].filter((x) => x !== '').join(',');
      return selector === '' && p.matchers === null ? p.metric : `${p.metric}{${selector === '' ? (p.matchers as string) : m}}`;
    }
    if ('window' in p) return values.windows[p.window] as string;
    return values.thresholds[p.threshold] as string;
  }).join('');
}
