// ONTAP's state vocabularies for the cluster-software endpoints (shared/ontap-api/NOTES.md,
// "Enumerations"), listed once for the exporter. Newer releases add values: a value not listed
// here is kept and exported as it comes, never dropped; each classification below says how it
// treats a value it does not know. The simulator keeps its own copy (src/simulator/model.ts) on
// purpose: it is the tests' oracle and must not share the exporter's reading of ONTAP.

/** `state` of /cluster/software, of its update_details[], status_details[] and metrocluster.clusters[]. */
export const UPDATE_STATES = [
  'in_progress', 'waiting', 'paused_by_user', 'paused_on_error', 'completed', 'canceled', 'failed', 'pause_pending', 'cancel_pending',
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

/** Nothing remains to run. An unknown state is not finished: it may still have work left. */
export const FINISHED_UPDATE_STATES: ReadonlySet<string> = new Set<UpdateState>(['completed', 'canceled', 'failed']);

/** Stopped mid-way, its remaining work kept until resumed or canceled. */
export const PAUSED_UPDATE_STATES: ReadonlySet<string> = new Set<UpdateState>(['paused_by_user', 'paused_on_error']);

/**
 * Under way: an update or validation moving or paused mid-way (every known state not finished).
 * An unknown state is not counted as under way: this set says "an update is running" to people.
 */
export const ACTIVE_UPDATE_STATES: ReadonlySet<string> = new Set(UPDATE_STATES.filter((s) => !FINISHED_UPDATE_STATES.has(s)));

/** Stopped on an error: someone has to act (a failed update, or one paused on an error). */
export const ERROR_UPDATE_STATES: ReadonlySet<string> = new Set<UpdateState>(['failed', 'paused_on_error']);

/**
 * Moving now, so worth polling faster: neither finished nor paused. An unknown state counts as
 * moving (a faster poll costs little; missing an update's steps costs more).
 */
export function updateMoving(state: string | undefined): boolean {
  return state !== undefined && !FINISHED_UPDATE_STATES.has(state) && !PAUSED_UPDATE_STATES.has(state);
}

/**
 * update_details[].phase is free text; these are the names ONTAP is known to use (current releases
 * write "ONTAP updates" where the reference writes "Data ONTAP updates"). The exporter
 * exports whatever ONTAP writes: this list is for documentation and tests, not a filter.
 */
export const KNOWN_PHASES = ['Pre-update checks', 'Data ONTAP updates', 'ONTAP updates', 'Post-update checks'] as const;

/** `state` of GET /cluster/software/download (9.7+). */
export const DOWNLOAD_STATES = ['not_started', 'running', 'success', 'failure'] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

/** `state` of /cluster/software/history records; skip_upgrade from 9.16.1. */
export const HISTORY_STATES = ['successful', 'canceled', 'skip_upgrade'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

/** validation_results[].status (passing checks are not listed). */
export const VALIDATION_STATUSES = ['error', 'warning'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

/** `state` of /cluster/jobs: the jobs POST/PATCH on these endpoints run as. */
export const JOB_STATES = ['queued', 'running', 'paused', 'success', 'failure'] as const;
export type JobState = (typeof JOB_STATES)[number];
