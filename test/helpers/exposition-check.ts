// The project's own check of Prometheus text exposition (0.0.4): what
// Prometheus would refuse or mis-read. promtool is the reference; this runs in
// microseconds, so property tests can check every generated case.

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Prometheus parses values with Go's ParseFloat: NaN and Inf in any case (prom-client writes "Nan").
const VALUE = /^(nan|[+-]?inf|[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i;

/** Problems found, empty when the text is valid: syntax, HELP/TYPE placement, families split apart, duplicate series. */
export function checkExposition(text: string): string[] {
  const problems: string[] = [];
  const typed = new Map<string, string>();
  const helped = new Set<string>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: string | undefined;
  if (text !== '' && !text.endsWith('\n')) problems.push('does not end with a newline');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) problems.push(`${at}: bad metric name ${name}`);
      const set = kind === 'HELP' ? helped : null;
      if (set?.has(name) || (kind === 'TYPE' && typed.has(name))) problems.push(`${at}: second # ${kind} for ${name}`);
      if (kind === 'HELP') helped.add(name);
      else if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) problems.push(`${at}: bad type ${rest}`);
      else typed.set(name, rest);
      if (closed.has(name)) problems.push(`${at}: # ${kind} for ${name} after its samples`);
      return;
    }
    if (line.startsWith('#')) return;
    const m = /^([^{\s]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) {
      problems.push(`${at}: unparseable: ${line.slice(0, 120)}`);
      return;
    }
    const [, name, , body, value] = m as unknown as [string, string, string | undefined, string | undefined, string];
    if (!NAME.test(name)) problems.push(`${at}: bad metric name ${name}`);
    if (!VALUE.test(value)) problems.push(`${at}: bad value ${value}`);
    const family = familyOf(name, typed);
    if (family !== current) {
      if (current !== undefined) closed.add(current);
      if (closed.has(family)) problems.push(`${at}: samples of ${family} split apart`);
      current = family;
    }
    const labels = parseLabels(body ?? '');
    if (typeof labels === 'string') {
      problems.push(`${at}: ${labels}`);
      return;
    }
    const names = labels.map(([k]) => k);
    if (new Set(names).size !== names.length) problems.push(`${at}: a label repeats`);
    for (const k of names) if (!LABEL.test(k)) problems.push(`${at}: bad label name ${k}`);
    const key = `${name}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).sort().join(',')}}`;
    if (series.has(key)) problems.push(`${at}: duplicate series ${key.slice(0, 200)}`);
    series.add(key);
  });
  return problems;
}

function familyOf(name: string, typed: Map<string, string>): string {
  if (typed.has(name)) return name;
  for (const suffix of ['_total', '_bucket', '_count', '_sum', '_created']) {
    if (name.endsWith(suffix) && typed.has(name.slice(0, -suffix.length))) return name.slice(0, -suffix.length);
  }
  return name;
}

/** `a="x",b="y\"z"` -> pairs, or what is wrong with it. */
function parseLabels(body: string): Array<[string, string]> | string {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0 || body[eq + 1] !== '"') return `bad label syntax near ${JSON.stringify(body.slice(i, i + 40))}`;
    const key = body.slice(i, eq);
    let j = eq + 2;
    let value = '';
    for (;;) {
      const c = body[j];
      if (c === undefined) return 'unterminated label value';
      if (c === '"') break;
      if (c === '\n') return 'raw newline in a label value';
      if (c === '\\') {
        const n = body[j + 1];
        if (n !== '\\' && n !== '"' && n !== 'n') return `bad escape \\${n ?? ''} in a label value`;
        value += n === 'n' ? '\n' : n;
        j += 2;
        continue;
      }
      value += c;
      j += 1;
    }
    out.push([key, value]);
    i = j + 1;
    if (i < body.length) {
      if (body[i] !== ',') return `expected "," after label ${key}`;
      i += 1;
    }
  }
  return out;
}
