// The endpoints the exporter reads and what it keeps of each: the data every later layer
// (snapshot, metrics, campaign, status page) works from. The snapshot holds the last good one.

export const ENDPOINTS = ['software', 'download', 'history', 'packages', 'cluster', 'firmware_history', 'sp', 'shelves', 'disks', 'auto_updates'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/**
 * The firmware endpoints (issue 18): read on their own slow schedule (poll/due.ts), only on
 * releases that have them, and reported as ONE scrape group, `endpoint="firmware"` (five more
 * endpoint labels would add ~50 ontap_scrape_* series to every cluster).
 */
export const FIRMWARE_ENDPOINTS = ['firmware_history', 'sp', 'shelves', 'disks', 'auto_updates'] as const satisfies readonly Endpoint[];
export type FirmwareEndpoint = (typeof FIRMWARE_ENDPOINTS)[number];
/** The `endpoint` label values of ontap_scrape_*: each endpoint by name, the firmware ones as `firmware`. */
export const SCRAPE_ENDPOINTS = ['software', 'download', 'history', 'packages', 'cluster', 'firmware'] as const;
export type ScrapeEndpoint = (typeof SCRAPE_ENDPOINTS)[number];
export function isFirmwareEndpoint(e: Endpoint): e is FirmwareEndpoint {
  return (FIRMWARE_ENDPOINTS as readonly string[]).includes(e);
}

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

/** GET /api/cluster/firmware/history (9.8+): per request, its file and the state of each node's worker. */
export interface FirmwareWorker { node: string; state?: string; errorCode?: number }
export interface FirmwareHistoryRecord { node: string; file: string; state?: string; start?: number; end?: number; workers: FirmwareWorker[] }
export interface FirmwareHistoryData { records: FirmwareHistoryRecord[] }
/** GET /api/cluster/nodes: each node's service processor / BMC; lastUpdate (`passed`/`failed`) from 9.10. */
export interface SpNode { node: string; version?: string; state?: string; lastUpdate?: string; partner?: string }
export interface SpData { nodes: SpNode[] }
/** GET /api/storage/shelves: modules (FRUs of type module) counted per shelf model and firmware version. */
export interface FirmwareCount { model: string; version: string; count: number }
export interface ShelvesData { modules: FirmwareCount[] }
/** GET /api/storage/disks: disks counted per model and firmware version (never one entry per disk). */
export interface DisksData { disks: FirmwareCount[] }
/** GET /api/support/auto-update/updates (9.10+): every update ONTAP fetched, by content type and state. */
export interface AutoUpdate { contentType: string; state: string; changed?: number }
export interface AutoUpdatesData { updates: AutoUpdate[] }

export interface EndpointData {
  software: SoftwareData;
  download: DownloadData;
  history: HistoryData;
  packages: PackagesData;
  cluster: ClusterData;
  firmware_history: FirmwareHistoryData;
  sp: SpData;
  shelves: ShelvesData;
  disks: DisksData;
  auto_updates: AutoUpdatesData;
}
