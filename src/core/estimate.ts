// ONTAP's top-level `estimated_duration` changed meaning at 9.10: up to 9.9 it
// is the time remaining, from 9.10 the estimate of the whole update (docs/ontap-api.md).
// One function turns it into one meaning for every release, from the cluster's
// version; the metrics and the campaigns' ETA both use it.

import { findRelease, type Release } from './release.js';
import { FINISHED_UPDATE_STATES } from './states.js';

/**
 * Longest duration believed from ONTAP: a year. Beyond it a number is a sentinel or garbage (an
 * unsigned -1 is 18446744073709551615), and as a date (now + it) it would be past what a
 * JavaScript Date can hold (year 275760) and throw wherever it is shown.
 */
export const MAX_DURATION_SECONDS = 366 * 86_400;

/** A duration in seconds that can be believed: finite, 0 or more, at most MAX_DURATION_SECONDS. */
export function plausibleSeconds(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v) && v >= 0 && v <= MAX_DURATION_SECONDS;
}

/** From 9.10 the top-level estimate covers the whole update; before, what remains of it. */
export function estimateIsWhole(r: Pick<Release, 'generation' | 'major'>): boolean {
  return r.generation !== 9 ? r.generation > 9 : r.major >= 10;
}

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
 * version (a release or text around one, read by findRelease); `polledAt` the Unix seconds the response was read.
 * An unknown version gives nothing: a guessed meaning would be wrong for one generation.
 */
export function normaliseEstimate(t: UpdateTiming, version: string | undefined, polledAt: number): NormalisedEstimate {
  const r = findRelease(version);
  if (r === undefined || !plausibleSeconds(t.estimated) || !Number.isFinite(polledAt)) return {};
  const elapsed = plausibleSeconds(t.elapsed) ? t.elapsed : undefined;
  let estimatedSeconds: number | undefined;
  let remaining: number | undefined;
  if (estimateIsWhole(r)) {
    estimatedSeconds = t.estimated;
    remaining = elapsed === undefined ? undefined : Math.max(0, t.estimated - elapsed);
  } else {
    estimatedSeconds = elapsed === undefined ? undefined : elapsed + t.estimated;
    remaining = t.estimated;
  }
  const running = t.state !== undefined && !FINISHED_UPDATE_STATES.has(t.state);
  if (!running || remaining === undefined) return { estimatedSeconds };
  return { estimatedSeconds, remainingSeconds: remaining, expectedEndSeconds: polledAt + remaining };
}
