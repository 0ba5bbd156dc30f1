// Basic auth for --web.config.file's basic_auth_users, as the exporter-toolkit does it (bcrypt
// against the user's hash, or a decoy for an unknown user), made so that an outsider guessing
// passwords cannot turn it against the Prometheus that scrapes with the right one:
// - a verified credential is remembered (bounded), and only verified ones are: a guess can never
//   evict it, and a caller presenting it again never waits for bcrypt nor for anyone's guesses;
// - bcrypt runs in a worker thread (bcrypt-worker.ts), one check at a time, callers from an
//   address that verified before first: checking guesses never holds up the event loop;
// - checks that are not remembered are limited per client address and in total, so guesses cost
//   the process at most a small, fixed share of a core;
// - an unknown user is checked against a decoy of the configured hashes' cost: same time.

import { createHash } from 'node:crypto';
import { MAX_BCRYPT_COST, bcryptCost } from '../config/web-config.js';
import { workerCompare, type Compare } from './bcrypt-worker.js';

/** The salt and digest of a bcrypt hash of a password nobody has; the cost is set per use. */
const DECOY_BODY = 'QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

export interface AuthLimits {
  /** Verified credentials remembered (user, hash and password digests); the oldest goes first. */
  maxVerified: number;
  /** Unremembered checks an address may start at once, then one per `clientRefillSeconds`. */
  clientBurst: number;
  clientRefillSeconds: number;
  /** The same over every address except those that verified before. */
  totalBurst: number;
  totalPerSecond: number;
  /** Checks waiting for bcrypt (from addresses not trusted); past it, refused at once. */
  maxWaiting: number;
  /** Addresses remembered (their budgets, or that they verified). */
  maxClients: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  maxVerified: 256, clientBurst: 5, clientRefillSeconds: 10, totalBurst: 20, totalPerSecond: 2, maxWaiting: 16, maxClients: 4096,
};

/** ok: let in; denied: 401; limited: 429, no bcrypt was run. */
export type AuthVerdict = 'ok' | 'denied' | 'limited';

/** Whether an Authorization header names one of `users` (user -> bcrypt hash) with the right password. */
export interface BasicAuth {
  (users: Map<string, string>, header: string | undefined, client?: string): Promise<AuthVerdict>;
  /** The header carries a credential verified before (no bcrypt, no wait): Prometheus, most of the time. */
  remembered(users: Map<string, string>, header: string | undefined): boolean;
}

interface Bucket { tokens: number; at: number }

/** A Map used as a bounded LRU: touching moves a key to the end, the first key is the oldest. */
function touch<K, V>(m: Map<K, V>, k: K, v: V, max: number): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > max) m.delete(m.keys().next().value as K);
}

/** The cost of the decoy: the highest among the configured hashes, so an unknown user is never the fast answer. */
function decoyFor(users: Map<string, string>): string {
  let cost = 4;
  for (const h of users.values()) cost = Math.max(cost, Math.min(MAX_BCRYPT_COST, bcryptCost(h) ?? 4));
  return `$2y$${String(cost).padStart(2, '0')}$${DECOY_BODY}`;
}

export interface AuthOptions {
  limits?: AuthLimits;
  /** Monotonic milliseconds (the budgets refill with it). */
  now?: () => number;
  /** bcrypt's compare (default: in a worker thread). */
  compare?: Compare;
}

export function basicAuth({ limits = DEFAULT_AUTH_LIMITS, now = () => performance.now(), compare = workerCompare() }: AuthOptions = {}): BasicAuth {
  const verified = new Map<string, true>();
  const trusted = new Map<string, true>();
  const budgets = new Map<string, Bucket>();
  const total: Bucket = { tokens: limits.totalBurst, at: now() };
  // One bcrypt at a time: first the callers from trusted addresses, then the others in order.
  const lanes: { first: Array<() => void>; rest: Array<() => void> } = { first: [], rest: [] };
  let busy = false;
  const next = () => {
    const run = lanes.first.shift() ?? lanes.rest.shift();
    busy = run !== undefined;
    run?.();
  };
  const inTurn = <T>(job: () => Promise<T>, first: boolean): Promise<T> => new Promise<T>((resolve) => {
    const run = () => { void job().then(resolve).finally(next); };
    (first ? lanes.first : lanes.rest).push(run);
    if (!busy) next();
  });
  const take = (b: Bucket, burst: number, perSecond: number): boolean => {
    const t = now();
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  const check = async (users: Map<string, string>, header: string | undefined, client = ''): Promise<AuthVerdict> => {
    const c = credential(users, header);
    if (!c) return 'denied';
    const { password, hash, key } = c;
    if (hash !== undefined && verified.has(key)) {
      touch(verified, key, true, limits.maxVerified);
      return 'ok';
    }
    const isTrusted = trusted.has(client);
    // Budgets before bcrypt: a refused guess costs a map lookup, not 50 ms of CPU.
    let budget = budgets.get(client);
    if (!budget) touch(budgets, client, (budget = { tokens: limits.clientBurst, at: now() }), limits.maxClients);
    if (!take(budget, limits.clientBurst, 1 / limits.clientRefillSeconds)) return 'limited';
    if (!isTrusted && (lanes.rest.length >= limits.maxWaiting || !take(total, limits.totalBurst, limits.totalPerSecond))) return 'limited';
    // A hash past the bound never runs (check-config refuses it; this is the second line).
    const against = hash !== undefined && (bcryptCost(hash) ?? 99) <= MAX_BCRYPT_COST ? hash : decoyFor(users);
    const ok = (await inTurn(() => compare(password, against).catch(() => false), isTrusted)) && against === hash;
    if (!ok) return 'denied';
    touch(verified, key, true, limits.maxVerified);
    touch(trusted, client, true, limits.maxClients);
    budget.tokens = Math.min(limits.clientBurst, budget.tokens + 1);
    return 'ok';
  };
  return Object.assign(check, {
    remembered: (users: Map<string, string>, header: string | undefined) => {
      const c = credential(users, header);
      if (c?.hash === undefined || !verified.has(c.key)) return false;
      touch(verified, c.key, true, limits.maxVerified);
      return true;
    },
  });
}

/** The header's password, the named user's hash, and the digest a verified credential is remembered by. */
function credential(users: Map<string, string>, header: string | undefined): { password: string; hash?: string; key: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const hash = users.get(user);
  const key = createHash('sha256').update(`${user}\u0000${hash ?? ''}\u0000${password}`).digest('hex');
  return { password, key, ...(hash !== undefined ? { hash } : {}) };
}
