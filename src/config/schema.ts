// The config file's shape: every key, its type and its own checks (durations, labels, a target
// release and day). What needs more than one key (credentials, defaults) is config.ts's.

import { z } from 'zod';
import { parseRelease } from '../core/release.js';
import { parseDuration } from './duration.js';
import { userLabelProblem } from './labels.js';
import { releasesSchema } from './releases.js';

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = parseDuration(v);
  if (d === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (use e.g. 500ms, 15s, 1m)` });
    return z.NEVER;
  }
  return d;
});

const labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).superRefine((rec, ctx) => {
  for (const key of Object.keys(rec)) {
    const why = userLabelProblem(key);
    if (why) ctx.addIssue({ code: 'custom', path: [key], message: why });
  }
});
// YAML reads `9.10` as the number 9.1: ask for quotes rather than guess.
const targetVersion = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'string' && parseRelease(v) !== undefined) return v;
  ctx.addIssue({ code: 'custom', message: typeof v === 'number' ? `write the release as a string, e.g. "${v}": YAML reads it as a number` : 'not an ONTAP release (e.g. 9.16.1, 9.15.1P3)' });
  return z.NEVER;
});
// A day, inclusive: the cluster is late once that day has ended in UTC.
const targetDeadline = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date, YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: 'not a calendar date' })
  .transform((v) => Date.parse(`${v}T00:00:00Z`) / 1000 + 86_400);

/** What `defaults:` and each entry of `clusters:` may set. */
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

export const clusterSchema = z.strictObject({
  name: z.string().min(1).max(128).regex(/^[^\s\p{Cc}]+$/u, 'no spaces or control characters'),
  url: z.string(),
  ...options,
});
export const configFileSchema = z.strictObject({
  defaults: z.strictObject(options).optional(),
  clusters: z.array(clusterSchema).optional(),
  /** Inventory files (globs), each a list of clusters as under `clusters:` (inventory.ts). */
  cluster_files: z.array(z.string().min(1)).optional(),
  /** Rows added to or overriding the built-in release support table (config/releases.ts). */
  releases: releasesSchema.optional(),
}).superRefine((c, ctx) => {
  // With inventory files, an empty `clusters:` is fine: the files hold the fleet.
  if ((c.clusters ?? []).length === 0 && c.cluster_files === undefined) ctx.addIssue({ code: 'custom', path: ['clusters'], message: 'at least one cluster is needed (in clusters: or cluster_files:)' });
});

/** One cluster's options once `defaults:` are merged under it. */
export type Options = z.infer<z.ZodObject<typeof options>>;
