// POST /cluster/software/download: ONTAP fetches an image (or a firmware
// package) in the background; one download at a time, none during an update.

import { OntapError, updateStillRunning } from './errors.js';
import { classifyDownload, type Download } from './images.js';
import { startFirmwareUpdate } from './firmware.js';
import { endJob, newJob } from './jobs.js';
import type { Job } from './model.js';
import { dropOperation, schedule, type DownloadOp, type DownloadResult, type EngineState } from './operation.js';
import { updateRunning } from './progress.js';

/** Firmware files are a few MB, not a 2-3 GB image: ONTAP fetches and processes them in seconds. */
const FIRMWARE_DOWNLOAD_SECONDS = 30;
/** ONTAP gives a download an hour; a longer one fails when the hour is up. */
const DOWNLOAD_LIMIT_SECONDS = 3600;

export function startDownload(s: EngineState, url: string, now: number, outcome: 'success' | 'failure', seconds?: number): Job {
  const m = s.model;
  if (m.download.state === 'running') throw new OntapError(409, '10551382', 'Package download is still running.');
  if (updateRunning(m)) throw updateStillRunning();
  const what = classifyDownload(url);
  if (what.kind === 'image' && m.packages.some((p) => p.version === what.version)) {
    throw new OntapError(409, '10551327', 'Package image with the same name already exists.', 'url');
  }
  const job = newJob(m, 'POST /api/cluster/software/download', now);
  // NetApp's firmware module gives the job 180 s by default.
  const secs = seconds ?? (what.kind === 'firmware' ? FIRMWARE_DOWNLOAD_SECONDS : s.timing.download);
  m.download = { state: 'running', message: 'Package download in progress', code: 10551382 };
  const result = downloadResult(what, outcome, secs);
  schedule(s, { kind: 'download', jobUuid: job.uuid, result }, Math.min(secs, DOWNLOAD_LIMIT_SECONDS), now);
  return job;
}

export function finishDownload(s: EngineState, op: DownloadOp, now: number): void {
  const m = s.model;
  const { download, adds } = op.result;
  if (adds !== undefined) m.packages.push({ version: adds, create_time: now });
  if (op.result.firmwareFile !== undefined && m.firmware) startFirmwareUpdate(m, m.firmware, op.result.firmwareFile, op.jobUuid, now);
  m.download = { ...download };
  if (download.state === 'success') endJob(m, op.jobUuid, now, true, 'success');
  else endJob(m, op.jobUuid, now, false, download.message, download.code);
  dropOperation(s, op);
}

/** How a download of `what` taking `seconds` ends, when the script (or the URL) wants `outcome`. */
export function downloadResult(what: Download, outcome: 'success' | 'failure', seconds: number): DownloadResult {
  if (outcome === 'failure' || seconds > DOWNLOAD_LIMIT_SECONDS) {
    return seconds >= DOWNLOAD_LIMIT_SECONDS
      ? { download: { state: 'failure', message: 'Package download exceeded the one-hour limit.', code: 10551383 } }
      : { download: { state: 'failure', message: 'Package download failed.', code: 10551381 } };
  }
  if (what.kind === 'firmware') {
    return { download: { state: 'success', message: 'Firmware package download completed and package processed successfully.', code: 0 }, firmwareFile: what.file };
  }
  if (what.kind === 'image') {
    return { download: { state: 'success', message: 'Package download completed and package processed successfully.', code: 0 }, adds: what.version };
  }
  return { download: { state: 'failure', message: 'Internal error. Failed to process the package after download completed.', code: 10551359 } };
}
