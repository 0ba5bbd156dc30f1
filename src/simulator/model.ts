// The simulator's model of one cluster's software state, in ONTAP's terms
// (see docs/ontap-api.md). Rendering to JSON lives in render.ts.
// Its state vocabularies copy the exporter's src/core/states.ts ON PURPOSE: the simulator is the tests' oracle and must not import the exporter.

// An independent copy of ONTAP's vocabulary ON PURPOSE: the simulator is the oracle
// the exporter is tested against, so it never imports the exporter's src/core.

export const UPDATE_STATES = [
  'in_progress', 'waiting', 'paused_by_user', 'paused_on_error', 'completed',
  'canceled', 'failed', 'pause_pending', 'cancel_pending',
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export type DownloadState = 'not_started' | 'running' | 'success' | 'failure';
export type JobState = 'queued' | 'running' | 'paused' | 'success' | 'failure';
export type HistoryState = 'successful' | 'canceled' | 'skip_upgrade' | 'failed';
/** Response shapes differ by release: 9.6 (flat validation strings), 9.7, 9.16 (extra fields). */
export type ApiShape = '9.6' | '9.7' | '9.16';

export interface SimNode {
  name: string;
  uuid: string;
  version: string;
  model: string;
}

export interface Message { message: string; code?: number }

export interface ValidationResult {
  update_check: string;
  status: 'warning' | 'error';
  issue: Message;
  action?: Message;
}

export interface PhaseRow {
  phase: string;
  node?: string;
  state: string;
  estimated_duration: number;
  elapsed_duration: number;
  /** sim ms when the row last entered in_progress; elapsed accrues from there. */
  runningSince?: number;
}

export interface StatusRow {
  name: string;
  node: string;
  state: string;
  issue?: Message;
  action?: Message;
  start_time: number;
  end_time?: number;
}

export interface McSite {
  name: string;
  uuid: string;
  state: string;
  estimated_duration: number;
  elapsed_duration: number;
  runningSince?: number;
}

export interface HistoryRecord {
  node: { name: string; uuid: string };
  from_version: string;
  to_version: string;
  start_time: number;
  end_time: number;
  state: HistoryState;
}

export interface Job {
  uuid: string;
  description: string;
  state: JobState;
  message: string;
  code: number;
  start_time: number;
  end_time?: number;
  /** The node the job ran on (jobs report it from 9.11.1). */
  node?: string;
}

import type { FirmwareModel } from './firmware-model.js';

export interface Package { version: string; create_time: number }

/** A check the next validation will report (scenarios choose them). */
export type PlannedCheck = ValidationResult;

export interface ClusterModel {
  name: string;
  uuid: string;
  shape: ApiShape;
  nodes: SimNode[];
  /** Indices of the nodes per MetroCluster site; absent for a plain cluster. */
  mcSites?: { name: string; uuid: string; nodes: number[] }[];
  state?: UpdateState;
  pendingVersion?: string;
  /** What the user asked for with `action` (reported back as `action`). */
  action?: 'pause' | 'resume' | 'cancel';
  elapsed: number;
  estimated: number;
  runningSince?: number;
  validation: ValidationResult[];
  plannedChecks: PlannedCheck[];
  /** post_update_checks[]: the failed checks of the last update (ONTAP lists no passing one). */
  postChecks: ValidationResult[];
  /** What the next update's post-update checks will report (scenarios choose them). */
  plannedPostChecks: PlannedCheck[];
  phases: PhaseRow[];
  status: StatusRow[];
  metrocluster?: { sites: McSite[]; summary: string; details: string };
  download: { state: DownloadState; message: string; code: number };
  packages: Package[];
  history: HistoryRecord[];
  jobs: Map<string, Job>;
  /** SP/BMC, shelf, disk firmware, its update history and automatic updates (firmware.ts). */
  firmware?: FirmwareModel;
}
