// --web.config.file: the Prometheus exporter-toolkit web configuration, same
// keys and meaning, so a team reuses the file its other exporters read
// (https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md).
// Validated strictly like the main config; relative paths are relative to the
// file, as in the toolkit. Error messages never carry a key, hash or password.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createSecureContext, type TlsOptions } from 'node:tls';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { fileError } from './files.js';
import { parseStrictYaml } from './strict-yaml.js';

export class WebConfigError extends Error {}

/** Go's client auth policies (crypto/tls.ClientAuthType), as the toolkit names them. */
const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'RequireClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
type ClientAuth = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

/** Go cipher suite names (tls.CipherSuites()) -> OpenSSL names. TLS 1.3 suites are not configurable in Go either. */
const CIPHERS: Record<string, string | null> = {
  TLS_AES_128_GCM_SHA256: null, TLS_AES_256_GCM_SHA384: null, TLS_CHACHA20_POLY1305_SHA256: null,
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA', TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256', TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA', TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA', TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256', TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256', TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305', TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
};
const TLS13_SUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';
const CURVES = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' } as const;

/** The only headers the toolkit lets a file set, with their allowed values where it fixes them. */
const HEADERS: Record<string, string[] | null> = {
  'Strict-Transport-Security': null,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': null,
  'Content-Security-Policy': null,
};

const BCRYPT = /^\$2[abxy]?\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/**
 * Highest bcrypt cost accepted. Each step doubles the work: cost 14 takes about a second of CPU in
 * bcryptjs, cost 31 about a day, so one request naming that user would pin a core.
 */
export const MAX_BCRYPT_COST = 14;

/** A bcrypt hash's cost, or undefined when it is not one. */
export function bcryptCost(hash: string): number | undefined {
  const m = BCRYPT.exec(hash);
  return m ? Number(m[1]) : undefined;
}

const version = z.enum(Object.keys(TLS_VERSIONS) as [keyof typeof TLS_VERSIONS]);
const tlsSchema = z.strictObject({
  cert: z.string().optional(),
  key: z.string().optional(),
  client_ca: z.string().optional(),
  cert_file: z.string().optional(),
  key_file: z.string().optional(),
  client_auth_type: z.enum(CLIENT_AUTH_TYPES).optional(),
  client_ca_file: z.string().optional(),
  client_allowed_sans: z.array(z.string()).optional(),
  min_version: version.optional(),
  max_version: version.optional(),
  cipher_suites: z.array(z.enum(Object.keys(CIPHERS) as [string])).optional(),
  prefer_server_cipher_suites: z.boolean().optional(),
  curve_preferences: z.array(z.enum(Object.keys(CURVES) as [keyof typeof CURVES])).optional(),
});
const headersSchema = z.record(z.string(), z.string()).superRefine((h, ctx) => {
  for (const [k, v] of Object.entries(h)) {
    const allowed = HEADERS[k];
    if (allowed === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `HTTP header "${k}" can not be configured (allowed: ${Object.keys(HEADERS).join(', ')})` });
    else if (allowed && !allowed.includes(v)) ctx.addIssue({ code: 'custom', path: [k], message: `expected one of ${allowed.join(', ')}, got "${v}"` });
  }
});
const usersSchema = z.record(z.string(), z.string()).superRefine((users, ctx) => {
  for (const [user, hash] of Object.entries(users)) {
    const cost = bcryptCost(hash) ?? NaN;
    // The hash itself never goes into the message.
    if (!(cost >= 4 && cost <= 31)) ctx.addIssue({ code: 'custom', path: [user], message: 'not a bcrypt hash (make one with: ontap-upgrade-exporter hash-password)' });
    else if (cost > MAX_BCRYPT_COST) {
      ctx.addIssue({ code: 'custom', path: [user], message: `bcrypt cost ${cost} is above ${MAX_BCRYPT_COST}: checking one password would take minutes to days of CPU (make a new hash with: ontap-upgrade-exporter hash-password --cost 10)` });
    }
  }
});
const interval = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (v === 0 || v === '0' || v === '0s') return 0;
  const d = parseDuration(v);
  if (d === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (use e.g. 100ms, 1s; 0 disables)` });
    return z.NEVER;
  }
  return d;
});
const fileSchema = z.strictObject({
  tls_server_config: tlsSchema.nullish(),
  http_server_config: z.strictObject({ http2: z.boolean().optional(), headers: headersSchema.nullish() }).nullish(),
  basic_auth_users: usersSchema.nullish(),
  rate_limit: z.strictObject({ interval: interval.optional(), burst: z.number().int().min(0).optional() }).nullish(),
});

/** What the HTTPS server needs, plus the checks Node's TLS options cannot express. */
interface WebTls {
  options: TlsOptions;
  clientAuth: ClientAuth;
  /** Client certificate SANs of which one must match (client_allowed_sans). */
  allowedSans?: string[];
}

export interface WebConfig {
  /** undefined: plain HTTP. */
  tls?: WebTls;
  /** user -> bcrypt hash; empty: no authentication. */
  users: Map<string, string>;
  headers: Record<string, string>;
  rateLimit?: { intervalSeconds: number; burst: number };
  /** The file and the certificate files it names: when one changes, the configuration is read again. */
  files: string[];
}

export const NO_WEB_CONFIG: WebConfig = { users: new Map(), headers: {}, files: [] };

export function loadWebConfig(file: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new WebConfigError(`cannot read web config file ${file}: ${fileError(err)}`);
  }
  return parseWebConfig(text, file);
}

export function parseWebConfig(text: string, file: string): WebConfig {
  const c = parseStrictYaml(fileSchema, text, file, (m) => new WebConfigError(m));
  const rl = c.rate_limit;
  const files = [resolve(file)];
  return {
    files,
    tls: c.tls_server_config ? buildTls(c.tls_server_config, file, files) : undefined,
    users: new Map(Object.entries(c.basic_auth_users ?? {})),
    headers: { ...c.http_server_config?.headers },
    ...(rl && (rl.interval ?? 0) > 0 ? { rateLimit: { intervalSeconds: rl.interval as number, burst: rl.burst ?? 0 } } : {}),
  };
}

function buildTls(t: z.infer<typeof tlsSchema>, file: string, files: string[]): WebTls | undefined {
  const at = `${file}: tls_server_config`;
  const enabled = [t.cert, t.key, t.cert_file, t.key_file, t.client_ca, t.client_ca_file, t.client_auth_type].some((x) => x !== undefined && x !== '');
  if (!enabled) return undefined;
  const read = (key: string, path: string) => {
    const full = resolve(dirname(file), path);
    files.push(full);
    try {
      return readFileSync(full);
    } catch (err) {
      throw new WebConfigError(`${at}.${key}: cannot read ${full}: ${fileError(err)}`);
    }
  };
  const pick = (inline: string | undefined, key: string, path: string | undefined, name: string): Buffer | undefined => {
    if (inline && path) throw new WebConfigError(`${at}: give ${name} or ${key}, not both`);
    return path ? read(key, path) : inline ? Buffer.from(inline) : undefined;
  };
  const cert = pick(t.cert, 'cert_file', t.cert_file, 'cert');
  const key = pick(t.key, 'key_file', t.key_file, 'key');
  const ca = pick(t.client_ca, 'client_ca_file', t.client_ca_file, 'client_ca');
  if (!cert) throw new WebConfigError(`${at}: missing one of cert or cert_file`);
  if (!key) throw new WebConfigError(`${at}: missing one of key or key_file`);
  const clientAuth = t.client_auth_type ?? 'NoClientCert';
  if (ca && clientAuth === 'NoClientCert') throw new WebConfigError(`${at}: client CA configured without a client_auth_type that asks for a certificate`);
  if (t.client_allowed_sans && clientAuth !== 'RequireAnyClientCert' && clientAuth !== 'RequireClientCert' && clientAuth !== 'RequireAndVerifyClientCert') {
    throw new WebConfigError(`${at}.client_allowed_sans: needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert`);
  }
  const min = t.min_version ?? 'TLS12';
  const max = t.max_version ?? 'TLS13';
  if (Object.keys(TLS_VERSIONS).indexOf(min) > Object.keys(TLS_VERSIONS).indexOf(max)) throw new WebConfigError(`${at}: min_version ${min} is above max_version ${max}`);
  const suites = (t.cipher_suites ?? []).map((s) => CIPHERS[s]).filter((s): s is string => !!s);
  const options: TlsOptions = {
    cert, key, minVersion: TLS_VERSIONS[min], maxVersion: TLS_VERSIONS[max],
    honorCipherOrder: t.prefer_server_cipher_suites ?? true,
    // Node verifies a client certificate only when asked for one; the policy checks after the handshake do the rest.
    requestCert: clientAuth !== 'NoClientCert',
    rejectUnauthorized: clientAuth === 'RequireAndVerifyClientCert',
    ...(ca ? { ca } : {}),
    ...(suites.length > 0 ? { ciphers: `${suites.join(':')}:${TLS13_SUITES}` } : {}),
    ...(t.curve_preferences?.length ? { ecdhCurve: t.curve_preferences.map((c) => CURVES[c]).join(':') } : {}),
  };
  try {
    createSecureContext(options);
  } catch (err) {
    // OpenSSL's reason only (e.g. "key values mismatch"), never the key.
    throw new WebConfigError(`${at}: cannot use the certificate and key: ${(err as Error).message.split('\n')[0]?.slice(0, 120)}`);
  }
  return { options, clientAuth, ...(t.client_allowed_sans ? { allowedSans: t.client_allowed_sans } : {}) };
}

/**
 * Why a TLS client must be turned away after the handshake, or undefined to let it in.
 * Node's options cover NoClientCert, RequestClientCert and RequireAndVerifyClientCert; the rest is checked here.
 */
export function refusePeer(t: WebTls, peer: { subjectaltname?: string } | undefined, authorized: boolean): string | undefined {
  const has = peer !== undefined && Object.keys(peer).length > 0;
  if ((t.clientAuth === 'RequireAnyClientCert' || t.clientAuth === 'RequireClientCert') && !has) return 'no client certificate';
  if (t.clientAuth === 'VerifyClientCertIfGiven' && has && !authorized) return 'client certificate not verified';
  if (t.allowedSans) {
    const sans = (peer?.subjectaltname ?? '').split(', ').map((s) => s.replace(/^[^:]+:/, ''));
    if (!sans.some((s) => t.allowedSans?.includes(s))) return 'client certificate has none of client_allowed_sans';
  }
  return undefined;
}
