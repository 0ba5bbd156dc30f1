// The endpoints the exporter reads and what it keeps of each: the data every later layer
// (snapshot, metrics, campaign, status page) works from. The snapshot holds the last good one.

export const ENDPOINTS = ['software', 'download', 'history', 'packages', 'cluster'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface PhaseRow { node: string; phase: string; state?: string; elapsed?: number; estimated?: number }
export interface SoftwareData {
  version?: string;
  pendingVersion?: string;
  state?: string;
  elapsed?: number;
  estimated?: number;
  nodes: Array<{ name: string; version?: string }>;
  phases: PhaseRow[];
  statusDetails: Array<{ node: string; name: string; state: string }>;
  validation: Array<{ check: string; status: string }>;
  /**
   * Failed post-update checks (9.9+; same shape as validation results). Undefined when the poll did
   * not ask for them (a release without the field, or one not known yet): unknown, not "none failed".
   */
  postUpdateChecks?: Array<{ check: string; status: string }>;
  sites: Array<{ name: string; state?: string; elapsed?: number; estimated?: number }>;
}
export interface DownloadData { state?: string; code?: number }
export interface HistoryRecord { node: string; state?: string; from?: string; to?: string; start?: number; end?: number }
export interface HistoryData { records: HistoryRecord[] }
export interface PackagesData { packages: Array<{ version: string; created?: number }> }
/** GET /api/cluster; version as a release string ("9.16.1", "9.13.1P17"). */
export interface ClusterData { name?: string; uuid?: string; version?: string }

export interface EndpointData {
  software: SoftwareData;
  download: DownloadData;
  history: HistoryData;
  packages: PackagesData;
  cluster: ClusterData;
}
