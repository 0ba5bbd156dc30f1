// What ONTAP's REST API may send for the resources the simulator serves: field names, JSON types,
// enum values and the release that introduced a field. Facts gathered from NetApp's REST reference
// (9.7, 9.9.1, 9.11.1, 9.15.1, 9.17.1 and the unversioned "latest") and from the resource schemas
// of NetApp's netapp_ontap Python client 9.17.1 (9.8 and 9.16.1 for dating fields); sources per
// field in /work/research/software-schema.md. Facts only: no client code.
//
// The simulator answers `fields=` from these lists (asking a release for a field it does not know
// is an error, as on ONTAP), and test/simulator/conformance.test.ts checks every response of every
// scenario against them: a field not listed for that release, a wrong type or an enum value the
// newest client rejects fails it.

export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array';

export interface Field {
  type: FieldType;
  /** Values the newest client accepts (strings). */
  enum?: readonly string[];
  /** First release with the field ("9.8.0"); absent: every release the resource exists in. */
  since?: string;
  /** First release without it (9.6's flat validation strings). */
  until?: string;
  /** Sub-fields of an object, or of each item of an array of objects. */
  fields?: Schema;
  /** Array items are strings or numbers, not objects. */
  scalarItems?: boolean;
}
export type Schema = Readonly<Record<string, Field>>;

const S: Field = { type: 'string' };
const I: Field = { type: 'integer' };
const obj = (fields: Schema, more: Partial<Field> = {}): Field => ({ type: 'object', fields, ...more });
const arr = (fields: Schema, more: Partial<Field> = {}): Field => ({ type: 'array', fields, ...more });
const LINKS = obj({ self: obj({ href: S }), next: obj({ href: S }) });

export const UPDATE_STATES = ['in_progress', 'waiting', 'paused_by_user', 'paused_on_error', 'completed', 'canceled', 'failed', 'pause_pending', 'cancel_pending'] as const;
const STATE: Field = { type: 'string', enum: UPDATE_STATES };
const NODE_NAME = obj({ name: S });
/** issue / action of a validation result or post-update check: `message` only (no `code`, 9.7 to 9.17.1). */
const MESSAGE = obj({ message: S });
/** issue / action of a status detail: `code` and `message`. */
const CODED = obj({ code: I, message: S });

/** validation_results[] and post_update_checks[] (software_validation_reference). */
const VALIDATION: Schema = {
  update_check: S,
  status: { type: 'string', enum: ['warning', 'error'] },
  issue: { ...MESSAGE, since: '9.7.0' },
  action: { type: 'object', fields: MESSAGE.fields, since: '9.7.0' },
  // 9.6: message and action as plain text (the simulator's 9.6 captures).
  message: { type: 'string', until: '9.7.0' },
};
const VALIDATION_96: Schema = { ...VALIDATION, action: { type: 'string', until: '9.7.0' } };

export const SOFTWARE: Schema = {
  _links: LINKS,
  action: { type: 'string', enum: ['pause', 'cancel', 'resume'] },
  state: STATE,
  version: S,
  pending_version: S,
  elapsed_duration: I,
  estimated_duration: I,
  nodes: arr({
    name: S, version: S,
    model: { type: 'string', since: '9.17.1' },
    software_images: arr({ package: S }, { since: '9.11.1' }),
  }),
  metrocluster: obj({
    // software_mcc_reference: no uuid in any definition (only in a hand-written 9.7 example).
    clusters: arr({ name: S, state: STATE, elapsed_duration: I, estimated_duration: I }),
    progress_details: obj({ message: S }),
    progress_summary: obj({ message: S }),
  }),
  update_details: arr({ phase: S, state: STATE, elapsed_duration: I, estimated_duration: I, node: NODE_NAME }),
  status_details: arr({
    name: S, state: STATE, start_time: S, end_time: S, node: NODE_NAME,
    issue: { ...CODED }, action: { ...CODED },
  }),
  validation_results: arr(VALIDATION),
  // In the 9.8 client's gettable fields; first documented by the 9.9.1 reference.
  post_update_checks: arr(VALIDATION, { since: '9.8.0' }),
};

/** 9.6 sent validation message and action as text; the schema for a release picks the variant. */
export function softwareSchema(release: string): Schema {
  return atLeastRelease(release, '9.7.0') ? SOFTWARE : { ...SOFTWARE, validation_results: arr(VALIDATION_96) };
}

/** GET /cluster/software/download (9.7+): no `_links`. */
export const DOWNLOAD: Schema = {
  state: { type: 'string', enum: ['not_started', 'running', 'success', 'failure'] },
  message: S,
  code: I,
};

export const HISTORY_RECORD: Schema = {
  node: obj({ name: S, uuid: S, _links: LINKS }),
  from_version: { type: 'string', since: '9.7.0' },
  to_version: { type: 'string', since: '9.7.0' },
  start_time: S,
  end_time: S,
  state: { type: 'string', enum: ['successful', 'canceled', 'skip_upgrade'] },
};

export const PACKAGE_RECORD: Schema = { _links: LINKS, version: S, create_time: S };

export const JOB: Schema = {
  _links: LINKS,
  uuid: S,
  description: S,
  state: { type: 'string', enum: ['queued', 'running', 'paused', 'success', 'failure'] },
  message: S,
  code: I,
  start_time: S,
  end_time: S,
  // Only populated on failure; `code` is a string here.
  error: obj({ arguments: arr({ code: S, message: S }), code: S, message: S }),
  svm: obj({ name: S, uuid: S, _links: LINKS }),
  node: { ...NODE_NAME, since: '9.11.1' },
};

const VERSION = obj({ full: S, generation: I, major: I, minor: I });

export const CLUSTER: Schema = {
  _links: LINKS, name: S, uuid: S, version: VERSION, location: S, contact: S, timezone: obj({ name: S }),
};

export const NODE: Schema = {
  _links: LINKS, uuid: S, name: S, version: VERSION, model: S, serial_number: S, system_id: S, uptime: I, date: S, location: S, owner: S,
  state: { type: 'string', enum: ['up', 'booting', 'down', 'taken_over', 'waiting_for_giveback', 'degraded', 'unknown'] },
  membership: { type: 'string', enum: ['available', 'joining', 'member'] },
  ha: obj({ enabled: { type: 'boolean' }, auto_giveback: { type: 'boolean' }, partners: arr({ name: S, uuid: S }) }),
  // cluster_nodes service_processor (docs/ontap-api.md, firmware): last_update_state from 9.10.1.
  service_processor: obj({
    firmware_version: S,
    state: { type: 'string', enum: ['online', 'offline', 'degraded', 'rebooting', 'unknown', 'updating', 'node_offline', 'sp_daemon_offline'] },
    link_status: { type: 'string', enum: ['up', 'down', 'disabled', 'unknown'] },
    type: { type: 'string', enum: ['sp', 'none', 'bmc'] },
    last_update_state: { type: 'string', enum: ['failed', 'passed'], since: '9.10.1' },
  }),
};

/** The collection wrapper around records. */
export const COLLECTION: Schema = { records: { type: 'array' }, num_records: I, _links: LINKS };

/** "9.13.1P17" >= "9.11.1": generation, major, minor only (patch levels add no fields). */
export function atLeastRelease(version: string, min: string): boolean {
  const n = (v: string) => (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) ?? []).slice(1, 4).map((x) => Number(x as string | undefined ?? 0));
  const [a, b] = [n(version), n(min)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** Whether a field exists in `release`. */
export function fieldIn(f: Field, release: string): boolean {
  return (f.since === undefined || atLeastRelease(release, f.since)) && (f.until === undefined || !atLeastRelease(release, f.until));
}

/** Top-level fields `fields=` accepts for a release (plus `_links`, always allowed). */
export function knownFields(schema: Schema, release: string): Set<string> {
  return new Set([...Object.entries(schema).filter(([, f]) => fieldIn(f, release)).map(([k]) => k), '_links']);
}

/** Every way `body` breaks `schema` for `release`: unknown fields, wrong types, rejected values. */
export function violations(body: unknown, schema: Schema, release: string, at = ''): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`${at || '(body)'}: expected an object`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const where = at ? `${at}.${k}` : k;
    const f = schema[k];
    if (f === undefined || !fieldIn(f, release)) {
      out.push(`${where}: not a field of this resource in ${release}`);
      continue;
    }
    out.push(...valueViolations(v, f, release, where));
  }
  return out;
}

function valueViolations(v: unknown, f: Field, release: string, where: string): string[] {
  if (v === null) return []; // x-nullable fields (pending_version)
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') return [`${where}: expected a string, got ${JSON.stringify(v)}`];
      return f.enum && !f.enum.includes(v) ? [`${where}: "${v}" is not one of ${f.enum.join(', ')}`] : [];
    case 'integer': return Number.isInteger(v) ? [] : [`${where}: expected an integer, got ${JSON.stringify(v)}`];
    case 'boolean': return typeof v === 'boolean' ? [] : [`${where}: expected a boolean`];
    case 'object': return f.fields ? violations(v, f.fields, release, where) : [];
    case 'array':
      if (!Array.isArray(v)) return [`${where}: expected an array`];
      if (!f.fields) return [];
      return v.flatMap((x, i) => violations(x, f.fields as Schema, release, `${where}[${i}]`));
  }
}
