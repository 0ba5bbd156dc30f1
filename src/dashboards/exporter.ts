// The exporter itself: which clusters it reaches, how its polls go, what it costs.

import { SEL, UIDS, dashboard, panel, row, type Dashboard } from './grafana.js';

const ONLY_EXPORTER = 'and on (instance, job) ontap_exporter_build_info';

export function exporterDashboard(): Dashboard {
  return dashboard(UIDS.exporter, 'ONTAP upgrades: exporter', 'The exporter\'s view of each cluster: reachability, poll durations, errors and its own resources.', [
    row('Clusters'),
    panel('state-timeline', {
      title: 'Cluster reachable (ontap_up)', unit: 'bool', w: 24, h: 8,
      description: 'Whether the last poll of /api/cluster/software succeeded, per cluster. Short gaps are normal during a takeover or giveback.',
      targets: [{ expr: `ontap_up{${SEL}}`, legend: '{{cluster}}' }],
      fieldConfig: { mappings: [{ type: 'value', options: { 0: { text: 'down', color: 'red' }, 1: { text: 'up', color: 'green' } } }] },
      options: { showValue: 'never', mergeValues: true },
    }),
    panel('timeseries', {
      title: 'Poll duration by endpoint', unit: 's', w: 12, h: 8,
      description: 'How long the last poll of each endpoint took, slowest clusters first.',
      targets: [{ expr: `topk(10, ontap_scrape_duration_seconds{${SEL}})`, legend: '{{cluster}} {{endpoint}}' }],
    }),
    panel('timeseries', {
      title: 'Poll errors by endpoint and reason', unit: 'ops', w: 12, h: 8,
      description: 'Failed polls per second by endpoint and reason (timeout, connect, tls, auth, http_4xx, http_5xx, bad_response); an endpoint with no failure yet shows its total (0).',
      // A reason's series exists once it happened; the per-endpoint total is there from the start.
      targets: [{ expr: `sum by (endpoint, reason) (rate(ontap_scrape_errors_total{${SEL}}[$__rate_interval])) or on (endpoint) sum by (endpoint) (rate(ontap_scrape_failures_total{${SEL}}[$__rate_interval]))`, legend: '{{endpoint}} {{reason}}' }],
    }),
    panel('table', {
      title: 'Age of the last successful poll', unit: 's', w: 12, h: 8,
      description: 'Seconds since each endpoint of each cluster was last polled successfully, oldest first.',
      targets: [{ expr: `sort_desc(time() - ontap_scrape_last_success_timestamp_seconds{${SEL}})`, table: true }],
      transformations: [{ id: 'organize', options: { excludeByName: { Time: true, instance: true, job: true }, renameByName: { Value: 'Age' } } }],
    }),
    panel('stat', {
      title: 'Clusters configured', unit: 'short', w: 6, h: 8,
      description: 'Clusters in the exporter\'s configuration.',
      targets: [{ expr: 'sum(ontap_exporter_clusters)', instant: true }],
      options: { graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    panel('stat', {
      title: 'Poll interval', unit: 's', w: 6, h: 8,
      description: 'The longest configured idle poll interval among the selected clusters.',
      targets: [{ expr: `max(ontap_exporter_poll_interval_seconds{${SEL}})`, instant: true }],
      options: { graphMode: 'none', reduceOptions: { calcs: ['lastNotNull'] } },
    }),
    row('Process'),
    panel('timeseries', {
      title: 'CPU', unit: 'percentunit', w: 8, h: 7,
      description: 'CPU time the exporter process uses, as a share of one core.',
      targets: [{ expr: `rate(process_cpu_seconds_total[$__rate_interval]) ${ONLY_EXPORTER}`, legend: '{{instance}}' }],
    }),
    panel('timeseries', {
      title: 'Memory (RSS)', unit: 'bytes', w: 8, h: 7,
      description: 'Resident memory of the exporter process.',
      targets: [{ expr: `process_resident_memory_bytes ${ONLY_EXPORTER}`, legend: '{{instance}}' }],
    }),
    panel('timeseries', {
      title: 'Event-loop lag p99', unit: 's', w: 8, h: 7,
      description: 'The 99th percentile of the Node.js event-loop lag: high values delay polls and /metrics.',
      targets: [{ expr: `nodejs_eventloop_lag_p99_seconds ${ONLY_EXPORTER}`, legend: '{{instance}}' }],
    }),
  ]);
}
