// The simulator's firmware state (issue 18), apart from firmware.ts so model.ts can hold it without an import cycle.

export type FwKind = 'disk' | 'shelf' | 'sp' | 'other';
export interface FwWorker { node: string; uuid: string; outcome: 'complete' | 'failed' }
export interface FwUpdate { file: string; kind: FwKind; node: { name: string; uuid: string }; job: string; start: number; workers: FwWorker[] }
export interface SimAutoUpdate { uuid: string; content_type: string; description: string; state: string; created: number; changed: number; status: { code: string; message: string } }

export interface FirmwareModel {
  updates: FwUpdate[];
  autoUpdates: SimAutoUpdate[];
  /** Index of the node whose worker fails every firmware update (a scenario's fault); none when absent. */
  failNode?: number;
}
