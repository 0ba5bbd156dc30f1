// Durations as Prometheus writes them, for the config, the web config and the tools.

/** "60s", "1m30s", "500ms", "2h", or a number of seconds; undefined unless positive and finite. */
export function parseDuration(v: string | number): number | undefined {
  if (typeof v === 'number') return v > 0 && Number.isFinite(v) ? v : undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  if (!/^(\d+(?:\.\d+)?(ms|s|m|h))+$/.test(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(re)) total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return total > 0 ? total : undefined;
}
