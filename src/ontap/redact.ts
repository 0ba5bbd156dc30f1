// Text that came from a cluster, made safe to show: the cluster's own
// credentials masked (a 401 body may echo them) and the length bounded (an
// error code or a link of 1 MB must not become a 1 MB log line or page).

/** Longest piece of cluster-supplied text kept in a message. */
const MAX_ECHO = 200;

export const MASK = '<redacted>';

/** Every form in which a cluster's credentials could come back: the password, user:password, its base64 and the Basic value. */
export function secretsOf(c: { username?: string; password?: string }): string[] {
  if (c.password === undefined || c.password === '') return [];
  const pair = `${c.username ?? ''}:${c.password}`;
  const b64 = Buffer.from(pair).toString('base64');
  // Longest first, so "Basic <b64>" is masked whole rather than leaving "Basic ".
  return [`Basic ${b64}`, b64, b64.replace(/=+$/, ''), pair, encodeURIComponent(c.password), c.password]
    .filter((s, i, all) => s.length >= 3 && all.indexOf(s) === i)
    .sort((a, b) => b.length - a.length);
}

/** Cuts to `max` characters, saying how much was cut. */
export function bound(s: string, max = MAX_ECHO): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** Masks every secret (before cutting, so no prefix of one survives), then bounds the length. */
export function sanitize(s: string, secrets: readonly string[], max = MAX_ECHO): string {
  let out = s;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return bound(out, max);
}
