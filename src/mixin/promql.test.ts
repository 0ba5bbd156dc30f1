import { describe, expect, it } from 'vitest';
import { joinPromql, splitPromql } from './promql.js';

const EXPRS = [
  'absent(ontap_exporter_build_info)',
  'sum by (cluster, datacenter, team, endpoint) (rate(ontap_scrape_errors_total[15m])) * 60 > 0.33',
  'last_over_time(ontap_software_update_state{state="paused_on_error"}[10m]) == 1',
  'sum(cluster:ontap_software_update_active:max{datacenter=~"$datacenter"})',
  'label_values(ontap_software_info, datacenter)',
  'x{a="}[5m] 3 ontap_y"} + ontap_z{b=\'q}\'} # ontap_c [1h] 7\n  > 1e3',
  'rate(node_cpu_seconds_total[5m]) offset 5m > 2 and ontap_a[1h:5m]',
];

describe('PromQL parts', () => {
  it('join back to the very same text with the defaults', () => {
    for (const expr of EXPRS) for (const withValues of [true, false]) {
      const s = splitPromql(expr, withValues);
      expect(joinPromql(s.parts, s)).toBe(expr);
    }
  });
  it('find the exporter\'s selectors, windows and numbers, and nothing in strings or comments', () => {
    const s = splitPromql(EXPRS[1] as string, true);
    expect(s.windows).toEqual(['15m']);
    expect(s.thresholds).toEqual(['60', '0.33']);
    expect(joinPromql(s.parts, { windows: ['1h'], thresholds: ['60', '1'] }, 'job="x"')).toBe('sum by (cluster, datacenter, team, endpoint) (rate(ontap_scrape_errors_total{job="x"}[1h])) * 60 > 1');
    const tricky = splitPromql(EXPRS[5] as string, true);
    expect(tricky.thresholds).toEqual(['1e3']);
    expect(tricky.windows).toEqual([]);
    expect(joinPromql(tricky.parts, tricky, 'job="x"')).toBe('x{a="}[5m] 3 ontap_y"} + ontap_z{job="x",b=\'q}\'} # ontap_c [1h] 7\n  > 1e3');
  });
  it('leaves recorded series, other exporters\' metrics, offsets and subqueries alone', () => {
    expect(joinPromql(splitPromql(EXPRS[3] as string, true).parts, { windows: [], thresholds: [] }, 'job="x"')).toBe(EXPRS[3]);
    const s = splitPromql(EXPRS[6] as string, true);
    expect(s.windows).toEqual(['5m']);
    expect(s.thresholds).toEqual(['2']);
    expect(joinPromql(s.parts, s, 'job="x"')).toBe('rate(node_cpu_seconds_total[5m]) offset 5m > 2 and ontap_a{job="x"}[1h:5m]');
  });
});
