// The status page's firmware line for a cluster (issue 18): the SP/BMC versions its nodes run and
// the firmware updates that failed, from the last read of the firmware endpoints.

import type { ClusterSnapshot } from '../../poll/snapshot.js';

export interface FirmwareView {
  /** Distinct SP/BMC firmware versions, sorted. */
  spVersions: string[];
  /** What failed, e.g. "node c1-02: disk firmware", "automatic update shelf_fw". */
  failures: string[];
}

const kindName = (file: string) => {
  const f = file.toLowerCase();
  return f.includes('disk') || f.includes('qual') ? 'disk' : f.includes('shelf') ? 'shelf' : /(^|[^a-z])(sp|bmc)([^a-z]|$)/.test(f) ? 'SP/BMC' : file;
};

export function firmwareView(s: ClusterSnapshot): FirmwareView | undefined {
  const sp = s.endpoints.sp.data;
  const hist = s.endpoints.firmware_history.data;
  const auto = s.endpoints.auto_updates.data;
  if (!sp && !hist && !auto) return undefined;
  const failures = new Set<string>();
  for (const n of sp?.nodes ?? []) if (n.lastUpdate === 'failed') failures.add(`node ${n.node}: SP/BMC update`);
  // The latest record per node and file kind decides (a later success clears an earlier failure).
  const latest = new Map<string, { start: number; failed: boolean }>();
  for (const r of hist?.records ?? []) {
    for (const w of r.workers) {
      const key = `node ${w.node || r.node}: ${kindName(r.file)} firmware`;
      const prev = latest.get(key);
      if (!prev || (r.start ?? 0) >= prev.start) latest.set(key, { start: r.start ?? 0, failed: w.state === 'failed' });
    }
  }
  for (const [key, v] of latest) if (v.failed) failures.add(key);
  for (const u of auto?.updates ?? []) if (u.state === 'failed') failures.add(`automatic update ${u.contentType}`);
  const spVersions = [...new Set((sp?.nodes ?? []).map((n) => n.version).filter((v): v is string => v !== undefined && v !== ''))].sort();
  return { spVersions, failures: [...failures].sort().slice(0, 5) };
}
