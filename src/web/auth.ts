// Basic auth for --web.config.file's basic_auth_users, as the exporter-toolkit does it: the
// password checked with bcrypt against the user's hash, or against a decoy for an unknown user
// so that a wrong name costs the same time as a wrong password.

import { createHash } from 'node:crypto';
import { compare } from 'bcryptjs';

/** A bcrypt hash of a password nobody has: an unknown user costs the same time as a known one. */
const DECOY_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

/** Most results kept; past it the cache starts over (a flood of wrong passwords cannot grow it). */
const MAX_CACHED = 100;

/** Whether an Authorization header names one of `users` (user -> bcrypt hash) with the right password. */
type BasicAuth = (users: Map<string, string>, header: string | undefined) => Promise<boolean>;

/**
 * A checker with its own cache: results are kept by a digest of user, hash and password, so a
 * scrape every few seconds does not pay bcrypt each time (and a changed hash is checked anew);
 * bcrypt (constant-time in itself) runs one at a time.
 */
export function basicAuth(): BasicAuth {
  const cache = new Map<string, boolean>();
  let queue: Promise<unknown> = Promise.resolve();
  return async (users, header) => {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m) return false;
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const hash = users.get(user);
    const key = createHash('sha256').update(`${user}\u0000${hash ?? DECOY_HASH}\u0000${decoded.slice(colon + 1)}`).digest('hex');
    let ok = cache.get(key);
    if (ok === undefined) {
      const run = queue.then(() => compare(decoded.slice(colon + 1), hash ?? DECOY_HASH).catch(() => false));
      queue = run;
      ok = (await run) && hash !== undefined;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(key, ok);
    }
    return ok && hash !== undefined;
  };
}
