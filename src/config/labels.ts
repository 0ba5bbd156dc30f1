// Labels the exporter sets on its cluster series. A user's `labels:` may not reuse them,
// and every metric family may use only these (its `labels` is typed by this list), so
// the check in the config and the families cannot drift apart.

export const EXPORTER_LABELS = [
  'cluster', 'datacenter', 'check', 'endpoint', 'name', 'node', 'ontap_name', 'pending_version', 'phase', 'reason',
  'site', 'state', 'status', 'target_version', 'update_check', 'uuid', 'version',
] as const;
export type ExporterLabel = (typeof EXPORTER_LABELS)[number];
