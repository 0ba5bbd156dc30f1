// The YAML configuration: strict (an unknown key is an error naming its path),
// `defaults:` applied under every entry of `clusters:`, secrets read from a
// file or the environment. Loading never logs or returns a secret in a message.
// The pieces: schema.ts (each key), strict-yaml.ts, duration.ts, labels.ts, files.ts.

import { fileError, MAX_CONFIG_FILE_BYTES, MAX_PEM_FILE_BYTES, readBoundedFile, readPasswordFile } from './files.js';
import { expandPatterns, readInventory, resolvePatterns } from './inventory.js';
import { clusterSchema, configFileSchema, type Options } from './schema.js';
import { parseStrictYaml } from './strict-yaml.js';
import { supportRows } from './releases.js';
import type { SupportRow } from '../core/support.js';

interface Timeouts { connect: number; headers: number; body: number; poll: number }

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

interface LoadedConfig {
  clusters: ClusterConfig[];
  warnings: string[];
  /** `releases:` rows for the support table (empty: the built-in table alone). */
  releases: SupportRow[];
  /** `cluster_files:` as absolute globs: watched, a change reloads. */
  clusterFiles?: string[];
}

export class ConfigError extends Error {}

const SECRET_KEYS = ['password', 'password_file', 'password_env', 'cert_file', 'key_file'] as const;

const DEFAULTS = { interval: 60, fastInterval: 15, timeouts: { connect: 5, headers: 10, body: 20, poll: 30 }, maxResponseBytes: 16 << 20 };

export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const data = parseStrictYaml(configFileSchema, text, source, (m) => new ConfigError(m));
  const warnings: string[] = [];
  const entries = (data.clusters ?? []).map((c, idx) => ({ c, at: `${source}: clusters[${idx}] (${c.name})` }));
  let clusterFiles: string[] | undefined;
  if (data.cluster_files !== undefined) {
    try {
      clusterFiles = resolvePatterns(data.cluster_files, source);
    } catch (err) {
      throw new ConfigError(`${source}: cluster_files: ${(err as Error).message}`);
    }
    const files = expandPatterns(clusterFiles);
    if (files.length === 0) warnings.push(`${source}: cluster_files: no file matches ${data.cluster_files.join(', ')} (yet)`);
    for (const file of files) {
      readInventory(file, clusterSchema, (m) => new ConfigError(m)).forEach((c, idx) => entries.push({ c, at: `${file}: [${idx}] (${c.name})` }));
    }
  }
  const names = new Map<string, string>();
  const clusters = entries.map(({ c, at }) => {
    const first = names.get(c.name);
    if (first !== undefined) throw new ConfigError(`${at}.name: duplicate cluster name "${c.name}" (also ${first.replace(/ \(.*\)$/, '')})`);
    names.set(c.name, at);
    const d: Options = { ...data.defaults };
    // A cluster naming its own secret replaces the defaults' secret (and, for a client certificate, the default username).
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- SECRET_KEYS is a fixed list of option names
    if (SECRET_KEYS.some((k) => c[k] !== undefined)) for (const k of SECRET_KEYS) delete d[k];
    if (c.cert_file !== undefined) delete d.username;
    const o: Options = { ...d, ...c, timeouts: { ...d.timeouts, ...c.timeouts }, labels: { ...d.labels, ...c.labels } };
    return resolveCluster(c.name, c.url, o, at, env, warnings);
  });
  return { clusters, warnings, releases: supportRows(data.releases, source), ...(clusterFiles ? { clusterFiles } : {}) };
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
  const password = passwordOf(o, at, env, warnings);
  if (o.username !== undefined && password === undefined) throw new ConfigError(`${at}: username needs password_file, password_env or password`);
  if (password !== undefined && o.username === undefined) throw new ConfigError(`${at}: a password needs a username`);
  if (o.username === undefined && o.cert_file === undefined) throw new ConfigError(`${at}: no credentials: set username with password_file/password_env, or cert_file and key_file`);
  checkPemFiles(o, at);
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

/** The password from the one place the options name (file, environment or inline), if any. */
function passwordOf(o: Options, at: string, env: NodeJS.ProcessEnv, warnings: string[]): string | undefined {
  if (o.password_file !== undefined) {
    try {
      return readPasswordFile(o.password_file);
    } catch (err) {
      throw new ConfigError(`${at}.password_file: cannot read ${o.password_file}: ${fileError(err)}`);
    }
  }
  if (o.password_env !== undefined) {
    const password = env[o.password_env];
    if (password === undefined || password === '') throw new ConfigError(`${at}.password_env: environment variable ${o.password_env} is not set`);
    return password;
  }
  if (o.password !== undefined) warnings.push(`${at}: inline password in the config file; prefer password_file or password_env`);
  return o.password;
}

/** The certificate, key and CA files exist and are small enough: a typo fails the load, not every poll. */
function checkPemFiles(o: Options, at: string): void {
  for (const [key, file] of [['cert_file', o.cert_file], ['key_file', o.key_file], ['ca_file', o.ca_file]] as const) {
    if (file === undefined) continue;
    try {
      readBoundedFile(file, MAX_PEM_FILE_BYTES);
    } catch (err) {
      throw new ConfigError(`${at}.${key}: cannot read ${file}: ${fileError(err)}`);
    }
  }
}

function campaignOf(o: Options, at: string): Pick<ClusterConfig, 'targetVersion' | 'targetDeadline'> {
  if (o.target_deadline !== undefined && o.target_version === undefined) throw new ConfigError(`${at}.target_deadline: needs a target_version`);
  return {
    ...(o.target_version !== undefined ? { targetVersion: o.target_version } : {}),
    ...(o.target_deadline !== undefined ? { targetDeadline: o.target_deadline } : {}),
  };
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
