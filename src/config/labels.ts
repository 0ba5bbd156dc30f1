// Labels the exporter sets on its cluster series. A user's `labels:` may not reuse them,
// and every metric family may use only these (its `labels` is typed by this list), so
// the check in the config and the families cannot drift apart.

const EXPORTER_LABELS = [
  'cluster', 'datacenter', 'check', 'endpoint', 'name', 'node', 'ontap_name', 'pending_version', 'phase', 'reason',
  'site', 'state', 'status', 'target_version', 'update_check', 'uuid', 'version',
  // firmware (issue 18)
  'kind', 'model', 'content_type',
] as const;
export type ExporterLabel = (typeof EXPORTER_LABELS)[number];

/** Why `key` cannot name one of a user's `labels:`, or undefined when it can. */
export function userLabelProblem(key: string): string | undefined {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) return `"${key}" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`;
  if (key.startsWith('__')) return `"${key}": names starting with __ are reserved by Prometheus`;
  if ((EXPORTER_LABELS as readonly string[]).includes(key)) return `"${key}" clashes with a label the exporter sets itself (${EXPORTER_LABELS.join(', ')})`;
  return undefined;
}
