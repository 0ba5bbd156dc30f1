// Faults a test or a user plants in a cluster's API, per endpoint and time window.

export const FAULT_KINDS = [
  'latency', 'status', 'reset', 'truncate', 'malformed', 'missing-fields', 'unknown-fields', 'unknown-enum', 'unreachable',
  // Answers seen from real clusters (they are ONTAP behaviour, not breakage):
  // links-only: `_links` and nothing else (9.15.1P12 while a validation ran; netapp.ontap issue 330);
  // bare-phases: update_details rows carrying only `phase`;
  // ontap-updates-phase: the phase "Data ONTAP updates" named "ONTAP updates", as current releases do.
  'links-only', 'bare-phases', 'ontap-updates-phase',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const ENDPOINTS = ['software', 'download', 'history', 'packages', 'jobs', 'cluster', 'nodes'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Which endpoint; every endpoint when absent. */
  endpoint?: Endpoint;
  /** Seconds of simulated time from now until the fault starts (default 0) and how long it lasts (default: until cleared). */
  afterSeconds?: number;
  forSeconds?: number;
  /** latency: real milliseconds added before answering. */
  latencyMs?: number;
  /** status: the HTTP status to answer (401, 403, 500, 503, ...). */
  status?: number;
  /** missing-fields: top-level (and record) fields to drop; default state, nodes, records' state. */
  fields?: string[];
}

export interface ActiveFault extends FaultSpec { id: number; from: number; until: number }

export function endpointOf(path: string): Endpoint | undefined {
  if (path.startsWith('/api/cluster/jobs')) return 'jobs';
  if (path.startsWith('/api/cluster/software/download')) return 'download';
  if (path.startsWith('/api/cluster/software/history')) return 'history';
  if (path.startsWith('/api/cluster/software/packages')) return 'packages';
  if (path === '/api/cluster/software' || path === '/api/cluster/software/') return 'software';
  if (path.startsWith('/api/cluster/nodes')) return 'nodes';
  if (path === '/api/cluster' || path === '/api/cluster/') return 'cluster';
  return undefined;
}

export function activeFaults(faults: ActiveFault[], endpoint: Endpoint | undefined, now: number): ActiveFault[] {
  return faults.filter((f) => now >= f.from && now < f.until && (f.endpoint === undefined || f.endpoint === endpoint));
}

export function validateFault(spec: FaultSpec): void {
  if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}" (known: ${FAULT_KINDS.join(', ')})`);
  if (spec.endpoint !== undefined && !ENDPOINTS.includes(spec.endpoint)) throw new Error(`unknown fault endpoint "${spec.endpoint}" (known: ${ENDPOINTS.join(', ')})`);
  if (spec.kind === 'status' && !(spec.status && spec.status >= 400 && spec.status <= 599)) throw new Error('a status fault needs status between 400 and 599');
  if (spec.kind === 'latency' && !(spec.latencyMs && spec.latencyMs > 0)) throw new Error('a latency fault needs latencyMs > 0');
}

type Json = Record<string, unknown>;

/** Applies the body-changing faults to a response about to be sent. */
export function mutateBody(body: Json, faults: ActiveFault[]): Json {
  let out = body;
  for (const f of faults) {
    if (f.kind === 'missing-fields') out = dropFields(out, f.fields ?? ['state', 'nodes', 'version']);
    if (f.kind === 'unknown-fields') out = { ...mapRecords(out, (r) => ({ ...r, future_field: { added_in: '9.99' } })), future_top_level: 'x' };
    if (f.kind === 'unknown-enum') out = mapStates(out);
    if (f.kind === 'links-only') out = '_links' in out ? { _links: out._links } : {};
    if (f.kind === 'bare-phases') out = mapPhases(out, (r) => ({ phase: r.phase }));
    if (f.kind === 'ontap-updates-phase') out = mapPhases(out, (r) => (r.phase === 'Data ONTAP updates' ? { ...r, phase: 'ONTAP updates' } : r));
  }
  return out;
}

function mapPhases(body: Json, fn: (r: Json) => Json): Json {
  return Array.isArray(body.update_details) ? { ...body, update_details: (body.update_details as Json[]).map(fn) } : body;
}

function mapRecords(body: Json, fn: (r: Json) => Json): Json {
  return Array.isArray(body.records) ? { ...body, records: (body.records as Json[]).map(fn) } : body;
}

function dropFields(body: Json, fields: string[]): Json {
  const drop = (r: Json) => Object.fromEntries(Object.entries(r).filter(([k]) => !fields.includes(k)));
  return drop(mapRecords(body, drop));
}

/** Every `state` becomes one no released ONTAP sends, as a newer release might. */
function mapStates(v: unknown): Json {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      return Object.fromEntries(Object.entries(x).map(([k, val]) => [k, k === 'state' && typeof val === 'string' ? 'rollback_pending' : walk(val)]));
    }
    return x;
  };
  return walk(v) as Json;
}
