// The cluster's long-running operations, one variant per kind: what each needs
// to remember between the moment it starts and the moment its steps end.
// engine.ts advances them; each kind's own file starts and finishes it.

import type { ClusterModel } from './model.js';
import type { Step, StepKind, Timing } from './plan.js';

interface Timed {
  /** The job the operation answered with; it ends when the operation does. */
  jobUuid: string;
  /** Sim ms the current step ends; undefined while paused or done. */
  nextAt?: number;
}

/** PATCH ?validate_only: the pre-update checks alone. */
export interface ValidateOp extends Timed {
  kind: 'validate';
  version: string;
  /** show_validation_details. */
  showDetails: boolean;
}

/** PATCH with a version: pre-checks, image install, then takeover/reboot/giveback/stabilize per node group, post-checks. */
export interface UpdateOp extends Timed {
  kind: 'update';
  version: string;
  steps: Step[];
  /** The step running (or the next to run after a pause). */
  index: number;
  skipWarnings: boolean;
  startedAt: number;
  /** Each node's version when the update started (for the history). */
  fromVersions: string[];
  /** The nodes it acts on (nodes_to_update minus those skipped). */
  nodes: number[];
  /** stabilize_minutes asked for. */
  stabilizeMinutes: number;
  /** show_validation_details for the pre-checks. */
  showDetails: boolean;
}

/** The download status ONTAP reports when it ends, and the package it adds if any. */
export interface DownloadResult {
  download: ClusterModel['download'];
  adds?: string;
  /** A firmware file: once downloaded, ONTAP updates the nodes' firmware with it (firmware.ts). */
  firmwareFile?: string;
}

/** POST /cluster/software/download: its result is known from the start (the URL and the script decide it). */
export interface DownloadOp extends Timed {
  kind: 'download';
  result: DownloadResult;
}

/** DELETE /cluster/software/packages/{version}. */
export interface DeleteOp extends Timed {
  kind: 'delete';
  version: string;
}

export type Operation = ValidateOp | UpdateOp | DownloadOp | DeleteOp;

/** A fault planted in the update: when a matching step ends it fails instead. */
export interface UpgradeFault {
  step: StepKind;
  /** Node index; any node when absent. */
  node?: number;
  outcome: 'paused_on_error' | 'failed';
  message?: string;
  action?: string;
}

export interface EngineState {
  model: ClusterModel;
  timing: Timing;
  ops: Operation[];
  faults: UpgradeFault[];
  /** Sim ms until which the management address does not answer (LIF moving). */
  lifUnreachableUntil: number;
}

/** Starts a single-step operation: it ends `seconds` from now. */
export function schedule(s: EngineState, op: Operation, seconds: number, now: number): void {
  op.nextAt = now + seconds * 1000;
  s.ops.push(op);
}

export function dropOperation(s: EngineState, op: Operation): void {
  s.ops.splice(s.ops.indexOf(op), 1);
}

export function runningUpdate(s: EngineState): UpdateOp | undefined {
  return s.ops.find((o): o is UpdateOp => o.kind === 'update');
}
