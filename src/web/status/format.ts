// How the status page writes text, times and durations.

/** HTML-escapes everything that could open a tag, an attribute or an entity. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A duration for a person: 45s, 12m, 5h 3m, 3d 4h. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Unix seconds as "2026-01-01 00:02 UTC"; "?" for a time no Date can hold (past year 275760). */
export const utc = (t: number) => {
  const d = new Date(t * 1000);
  return Number.isNaN(d.getTime()) ? '?' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};
