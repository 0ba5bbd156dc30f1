// ONTAP's top-level `estimated_duration` changed meaning at 9.10: up to 9.9 it
// is the time remaining, from 9.10 the estimate of the whole update (docs/ontap-api.md).
// One function turns it into one meaning for every release, from the cluster's
// version; the metrics and the campaigns' ETA both use it.

export interface Release { generation: number; major: number; minor: number; patch: string; /** As ONTAP wrote it, e.g. "9.7P5". */ text: string }

/** "9.7.0", "9.13.1P17", "9.16.1RC1", "9.7", or a banner "NetApp Release 9.16.1: Mon ..."; undefined if none. */
export function parseRelease(version: string | undefined): Release | undefined {
  if (version === undefined) return undefined;
  const m = /(?:^|[^\d.])(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?([A-Za-z]+\d*)?(?![\d.])/.exec(` ${version}`);
  if (!m) return undefined;
  return { generation: Number(m[1]), major: Number(m[2]), minor: Number(m[3] ?? 0), patch: m[4] ?? '', text: `${m[1]}.${m[2]}${m[3] === undefined ? '' : `.${m[3]}`}${m[4] ?? ''}` };
}

/** The canonical release string, e.g. "9.7.0", "9.13.1P17", to compare two spellings. */
export function releaseString(r: Omit<Release, 'text'>): string {
  return `${r.generation}.${r.major}.${r.minor}${r.patch}`;
}

/** From 9.10 the top-level estimate covers the whole update; before, what remains of it. */
export function estimateIsWhole(r: Release): boolean {
  return r.generation !== 9 ? r.generation > 9 : r.major >= 10;
}

/** States after which nothing remains to run (a paused update still has its remaining work). */
const FINISHED = new Set(['completed', 'canceled', 'failed']);

export interface UpdateTiming {
  /** `state` of /cluster/software (undefined: no update or validation ever ran). */
  state?: string;
  /** Top-level `elapsed_duration`, seconds. */
  elapsed?: number;
  /** Top-level `estimated_duration` exactly as ONTAP reports it, seconds. */
  estimated?: number;
}

export interface NormalisedEstimate {
  /** The whole update's (or validation's) estimated duration, seconds. */
  estimatedSeconds?: number;
  /** Estimated time left, seconds (0 once past the estimate); only while it runs or is paused. */
  remainingSeconds?: number;
  /** Unix seconds it is expected to end: poll time + remaining; only while it runs or is paused. */
  expectedEndSeconds?: number;
}

/**
 * `estimated_duration` with one meaning for every release. `version` is the cluster's
 * version (any form parseRelease reads); `polledAt` the Unix seconds the response was read.
 * An unknown version gives nothing: a guessed meaning would be wrong for one generation.
 */
export function normaliseEstimate(t: UpdateTiming, version: string | undefined, polledAt: number): NormalisedEstimate {
  const r = parseRelease(version);
  if (r === undefined || t.estimated === undefined || t.estimated < 0) return {};
  const elapsed = t.elapsed !== undefined && t.elapsed >= 0 ? t.elapsed : undefined;
  let estimatedSeconds: number | undefined;
  let remaining: number | undefined;
  if (estimateIsWhole(r)) {
    estimatedSeconds = t.estimated;
    remaining = elapsed === undefined ? undefined : Math.max(0, t.estimated - elapsed);
  } else {
    estimatedSeconds = elapsed === undefined ? undefined : elapsed + t.estimated;
    remaining = t.estimated;
  }
  const running = t.state !== undefined && !FINISHED.has(t.state);
  if (!running || remaining === undefined) return { estimatedSeconds };
  return { estimatedSeconds, remainingSeconds: remaining, expectedEndSeconds: polledAt + remaining };
}
