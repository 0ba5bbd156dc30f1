import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../poll/snapshot.js';
import { FAMILIES, scrapeErrorsTotal, softwareDownloadCode, softwareDownloadState, softwareInfo, softwareNodeInfo } from './catalog.js';
import { escapeLabel, familyHeader, formatValue, renderCluster } from './exposition.js';
import { downloadSamples } from './samples.js';

const PREFIX = 'cluster="c1",datacenter="dc1"';

describe('exposition', () => {
  it('escapes backslash, newline and double quote in label values, and nothing else', () => {
    expect(escapeLabel('9.16.1')).toBe('9.16.1');
    expect(escapeLabel('a\\b\nc"d\'e')).toBe('a\\\\b\\nc\\"d\'e');
    const [[index, text]] = renderCluster(PREFIX, [softwareInfo.sample({ version: 'x"y\\z\nw' }, 1)]) as [[number, string]];
    expect(index).toBe(softwareInfo.index);
    expect(text).toBe('ontap_software_info{cluster="c1",datacenter="dc1",version="x\\"y\\\\z\\nw"} 1\n');
  });

  it('escapes backslash and newline in HELP text, not double quotes', () => {
    const header = familyHeader({ name: 'ontap_x', help: 'a\\b\nc "d"', type: 'gauge', labels: [] }, false);
    expect(header).toBe('# HELP ontap_x a\\\\b\\nc "d"\n# TYPE ontap_x gauge\n');
  });

  it('renders a state as one series (the current state, value 1), a state new to us as well as a known one', () => {
    const line = (state: string, value: number) => `ontap_software_download_state{${PREFIX},state="${state}"} ${value}\n`;
    const snap = emptySnapshot('c1', 'dc1', 60);
    snap.endpoints.download.data = { state: 'running' };
    expect(renderCluster(PREFIX, downloadSamples(snap))).toEqual([
      [softwareDownloadState.index, line('running', 1)],
      [softwareDownloadCode.index, `ontap_software_download_code{${PREFIX}} 0\n`],
    ]);
    snap.endpoints.download.data = { state: 'verifying' };
    const [[, text]] = renderCluster(PREFIX, downloadSamples(snap)) as [[number, string]];
    expect(text).toBe(line('verifying', 1));
  });

  it("keeps a counter's _total on samples, and drops it from the OpenMetrics family name only", () => {
    expect(familyHeader(scrapeErrorsTotal, false)).toBe(`# HELP ontap_scrape_errors_total ${scrapeErrorsTotal.help}\n# TYPE ontap_scrape_errors_total counter\n`);
    expect(familyHeader(scrapeErrorsTotal, true)).toBe(`# HELP ontap_scrape_errors ${scrapeErrorsTotal.help}\n# TYPE ontap_scrape_errors counter\n`);
    const [[, text]] = renderCluster(PREFIX, [scrapeErrorsTotal.sample({ endpoint: 'software', reason: 'timeout' }, 3)]) as [[number, string]];
    expect(text).toBe(`ontap_scrape_errors_total{${PREFIX},endpoint="software",reason="timeout"} 3\n`);
  });

  it('renders labels in the family order, groups a family that comes back into its first run, and formats special values', () => {
    const lines = renderCluster(PREFIX, [
      softwareNodeInfo.sample({ version: '9.16.1', node: 'n1' }, 1),
      softwareInfo.sample({ version: '9.16.1' }, Infinity),
      softwareNodeInfo.sample({ node: 'n2', version: '' }, NaN),
    ]);
    expect(lines).toEqual([
      [softwareNodeInfo.index, `ontap_software_node_info{${PREFIX},node="n1",version="9.16.1"} 1\nontap_software_node_info{${PREFIX},node="n2",version=""} NaN\n`],
      [softwareInfo.index, `ontap_software_info{${PREFIX},version="9.16.1"} +Inf\n`],
    ]);
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(FAMILIES[softwareNodeInfo.index]).toBe(softwareNodeInfo);
  });
});
