// The YAML configuration: strict (an unknown key is an error naming its path),
// `defaults:` applied under every entry of `clusters:`, secrets read from a
// file or the environment. Loading never logs or returns a secret in a message.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { EXPORTER_LABELS } from './labels.js';
import { parseOntapVersion } from '../core/release.js';

export interface Timeouts { connect: number; headers: number; body: number; poll: number }

export interface ClusterConfig {
  name: string;
  url: string;
  datacenter: string;
  /** Extra labels on every series of the cluster (`labels:`, the cluster's over the defaults'). */
  labels?: Record<string, string>;
  username?: string;
  password?: string;
  /** Where the password came from: re-read when it changes (rotation without a reload). */
  passwordFile?: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  insecureSkipVerify: boolean;
  /** Seconds. */
  interval: number;
  fastInterval: number;
  timeouts: Timeouts;
  maxResponseBytes: number;
  /** Memory budget of one poll (absent: DEFAULT_LIMITS). All pages of one endpoint together, bytes. */
  maxEndpointBytes?: number;
  /** Records (array items at any depth) in one endpoint's response, all pages together. */
  maxRecords?: number;
  /** Series the cluster may export. */
  maxSeries?: number;
  /** The release this cluster should run (a campaign's goal), as written in the config. */
  targetVersion?: string;
  /** Unix seconds: the end (24:00 UTC) of the target_deadline day. */
  targetDeadline?: number;
}

/**
 * Per-cluster memory budget. A real cluster (24 nodes, years of update history, a few packages)
 * answers in well under 1 MB, has a few thousand records at most and exports a few hundred series;
 * at these caps a fleet of 10,000 clusters stays within 20M series even if all were at the cap,
 * and 64 concurrent polls hold at most 64 x 4 x 8 MiB of responses.
 */
export const DEFAULT_LIMITS = { maxEndpointBytes: 8 << 20, maxRecords: 20_000, maxSeries: 2_000 };

export interface LoadedConfig { clusters: ClusterConfig[]; warnings: string[] }

export class ConfigError extends Error {}

/** "60s", "1m30s", "500ms", "2h", or a number of seconds. */
export function parseDuration(v: string | number): number | undefined {
  if (typeof v === 'number') return v > 0 && Number.isFinite(v) ? v : undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  if (!/^(\d+(?:\.\d+)?(ms|s|m|h))+$/.test(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(re)) total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return total > 0 ? total : undefined;
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = parseDuration(v);
  if (d === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (use e.g. 500ms, 15s, 1m)` });
    return z.NEVER;
  }
  return d;
});

/** Labels the exporter sets itself: a `labels:` key may not reuse them. */
export const OWN_LABELS: ReadonlySet<string> = new Set(EXPORTER_LABELS);

const labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).superRefine((rec, ctx) => {
  for (const key of Object.keys(rec)) {
    let why: string | undefined;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) why = `"${key}" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`;
    else if (key.startsWith('__')) why = `"${key}": names starting with __ are reserved by Prometheus`;
    else if (OWN_LABELS.has(key)) why = `"${key}" clashes with a label the exporter sets itself (${[...OWN_LABELS].join(', ')})`;
    if (why) ctx.addIssue({ code: 'custom', path: [key], message: why });
  }
});
// YAML reads `9.10` as the number 9.1: ask for quotes rather than guess.
const targetVersion = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'string' && parseOntapVersion(v) !== undefined) return v;
  ctx.addIssue({ code: 'custom', message: typeof v === 'number' ? `write the release as a string, e.g. "${v}": YAML reads it as a number` : 'not an ONTAP release (e.g. 9.16.1, 9.15.1P3)' });
  return z.NEVER;
});
// A day, inclusive: the cluster is late once that day has ended in UTC.
const targetDeadline = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date, YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: 'not a calendar date' })
  .transform((v) => Date.parse(`${v}T00:00:00Z`) / 1000 + 86_400);

const options = {
  labels: labels.optional(),
  datacenter: z.string().min(1).max(128).optional(),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  password_file: z.string().min(1).optional(),
  password_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  cert_file: z.string().min(1).optional(),
  key_file: z.string().min(1).optional(),
  ca_file: z.string().min(1).optional(),
  insecure_skip_verify: z.boolean().optional(),
  interval: duration.optional(),
  fast_interval: duration.optional(),
  timeouts: z.strictObject({ connect: duration.optional(), headers: duration.optional(), body: duration.optional(), poll: duration.optional() }).optional(),
  max_response_bytes: z.number().int().min(1024).max(1 << 30).optional(),
  max_endpoint_bytes: z.number().int().min(1024).max(1 << 30).optional(),
  max_records: z.number().int().min(1).optional(),
  max_series: z.number().int().min(1).optional(),
  target_version: targetVersion.optional(),
  target_deadline: targetDeadline.optional(),
};

const clusterSchema = z.strictObject({
  name: z.string().min(1).max(128).regex(/^[^\s\p{Cc}]+$/u, 'no spaces or control characters'),
  url: z.string(),
  ...options,
});
const fileSchema = z.strictObject({
  defaults: z.strictObject(options).optional(),
  clusters: z.array(clusterSchema).min(1, 'at least one cluster is needed'),
});

type Options = z.infer<z.ZodObject<typeof options>>;
const SECRET_KEYS = ['password', 'password_file', 'password_env', 'cert_file', 'key_file'] as const;

const DEFAULTS = { interval: 60, fastInterval: 15, timeouts: { connect: 5, headers: 10, body: 20, poll: 30 }, maxResponseBytes: 16 << 20 };

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)';
}

/** YAML text checked against a strict schema; the first problem becomes `fail(message)`, naming the file and the path. */
export function parseStrictYaml<T extends z.ZodType>(schema: T, text: string, source: string, fail: (message: string) => Error): z.infer<T> {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true, logLevel: 'error' }); // its warnings would print source lines (passwords) to stderr
  } catch (err) {
    throw fail(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const r = schema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0] as z.core.$ZodIssue;
    const what = i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
    throw fail(`${source}: ${pathOf(i.path)}: ${what}`);
  }
  return r.data;
}

export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const data = parseStrictYaml(fileSchema, text, source, (m) => new ConfigError(m));
  const warnings: string[] = [];
  const names = new Set<string>();
  const clusters = data.clusters.map((c, idx) => {
    const at = `${source}: clusters[${idx}] (${c.name})`;
    if (names.has(c.name)) throw new ConfigError(`${at}.name: duplicate cluster name "${c.name}"`);
    names.add(c.name);
    const d: Options = { ...data.defaults };
    // A cluster naming its own secret replaces the defaults' secret (and, for a client certificate, the default username).
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- SECRET_KEYS is a fixed list of option names
    if (SECRET_KEYS.some((k) => c[k] !== undefined)) for (const k of SECRET_KEYS) delete d[k];
    if (c.cert_file !== undefined) delete d.username;
    const o: Options = { ...d, ...c, timeouts: { ...d.timeouts, ...c.timeouts }, labels: { ...d.labels, ...c.labels } };
    return resolveCluster(c.name, c.url, o, at, env, warnings);
  });
  return { clusters, warnings };
}

function resolveCluster(name: string, rawUrl: string, o: Options, at: string, env: NodeJS.ProcessEnv, warnings: string[]): ClusterConfig {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ConfigError(`${at}.url: not a URL: ${JSON.stringify(withoutUserinfo(rawUrl).slice(0, 80))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${at}.url: must be https:// (or http://), got ${url.protocol}//`);
  if (url.username || url.password) throw new ConfigError(`${at}.url: must not carry credentials; use username with password_file or password_env`);
  if (url.search || url.hash) throw new ConfigError(`${at}.url: must not have a query or fragment`);
  const sources = [o.password_file, o.password_env, o.password].filter((x) => x !== undefined).length;
  if (sources > 1) throw new ConfigError(`${at}: give only one of password_file, password_env, password`);
  if ((o.cert_file === undefined) !== (o.key_file === undefined)) throw new ConfigError(`${at}: cert_file and key_file go together`);
  let password: string | undefined;
  if (o.password_file !== undefined) {
    try {
      password = readPasswordFile(o.password_file);
    } catch (err) {
      throw new ConfigError(`${at}.password_file: cannot read ${o.password_file}: ${fileError(err)}`);
    }
  } else if (o.password_env !== undefined) {
    password = env[o.password_env];
    if (password === undefined || password === '') throw new ConfigError(`${at}.password_env: environment variable ${o.password_env} is not set`);
  } else if (o.password !== undefined) {
    password = o.password;
    warnings.push(`${at}: inline password in the config file; prefer password_file or password_env`);
  }
  if (o.username !== undefined && password === undefined) throw new ConfigError(`${at}: username needs password_file, password_env or password`);
  if (password !== undefined && o.username === undefined) throw new ConfigError(`${at}: a password needs a username`);
  if (o.username === undefined && o.cert_file === undefined) throw new ConfigError(`${at}: no credentials: set username with password_file/password_env, or cert_file and key_file`);
  for (const [key, file] of [['cert_file', o.cert_file], ['key_file', o.key_file], ['ca_file', o.ca_file]] as const) {
    if (file === undefined) continue;
    try {
      readBoundedFile(file, MAX_PEM_FILE_BYTES);
    } catch (err) {
      throw new ConfigError(`${at}.${key}: cannot read ${file}: ${fileError(err)}`);
    }
  }
  if (o.insecure_skip_verify) warnings.push(`${at}: insecure_skip_verify is on: the cluster's TLS certificate is not checked`);
  if (url.protocol === 'http:' && password !== undefined) warnings.push(`${at}: plain http:// sends the password unencrypted`);
  const interval = o.interval ?? DEFAULTS.interval;
  const fastInterval = o.fast_interval ?? Math.min(DEFAULTS.fastInterval, interval);
  if (fastInterval > interval) throw new ConfigError(`${at}.fast_interval: ${fastInterval}s is longer than interval ${interval}s`);
  const timeouts = { ...DEFAULTS.timeouts, ...o.timeouts };
  if (timeouts.poll > interval) warnings.push(`${at}: timeouts.poll (${timeouts.poll}s) is longer than interval (${interval}s)`);
  return {
    name, url: url.toString().replace(/\/$/, ''), datacenter: o.datacenter ?? '', labels: o.labels ?? {}, username: o.username, password,
    ...(o.password_file !== undefined ? { passwordFile: o.password_file } : {}),
    certFile: o.cert_file, keyFile: o.key_file, caFile: o.ca_file, insecureSkipVerify: o.insecure_skip_verify ?? false,
    interval, fastInterval, timeouts, maxResponseBytes: o.max_response_bytes ?? DEFAULTS.maxResponseBytes,
    maxEndpointBytes: o.max_endpoint_bytes ?? DEFAULT_LIMITS.maxEndpointBytes,
    maxRecords: o.max_records ?? DEFAULT_LIMITS.maxRecords, maxSeries: o.max_series ?? DEFAULT_LIMITS.maxSeries,
    ...campaignOf(o, at),
  };
}

function campaignOf(o: Options, at: string): Pick<ClusterConfig, 'targetVersion' | 'targetDeadline'> {
  if (o.target_deadline !== undefined && o.target_version === undefined) throw new ConfigError(`${at}.target_deadline: needs a target_version`);
  return {
    ...(o.target_version !== undefined ? { targetVersion: o.target_version } : {}),
    ...(o.target_deadline !== undefined ? { targetDeadline: o.target_deadline } : {}),
  };
}

/** A password file's content without its trailing newline. */
export function readPasswordFile(file: string): string {
  return readBoundedFile(file, MAX_SECRET_FILE_BYTES).toString('utf8').replace(/\r?\n$/, '');
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readBoundedFile(file, MAX_CONFIG_FILE_BYTES).toString('utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${fileError(err)}`);
  }
  return parseConfig(text, file, env);
}

/** A URL with anything between "//" and "@" masked: a malformed URL may still carry a password. */
function withoutUserinfo(raw: string): string {
  // Up to the last "@": a password may itself hold "/", "@" or spaces.
  return raw.replace(/^([^/]*\/\/)?.*@/s, '$1<redacted>@');
}

export const MAX_SECRET_FILE_BYTES = 4096;
export const MAX_PEM_FILE_BYTES = 1 << 20;
const MAX_CONFIG_FILE_BYTES = 16 << 20;

/**
 * Reads at most `max` bytes of a regular file: a device (/dev/zero), a FIFO or a
 * directory fails at once instead of reading forever or blocking.
 */
export function readBoundedFile(file: string, max: number): Buffer {
  if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
  // O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not wait for a writer.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (let r = 1; r > 0 && n <= max; n += r) r = readSync(fd, buf, n, max + 1 - n, null);
    if (n > max) throw Object.assign(new Error('too large'), { code: `larger than ${max} bytes` });
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function fileError(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}
