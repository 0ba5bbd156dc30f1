import { describe, expect, it } from 'vitest';
import { wantsOpenMetrics } from './negotiate.js';

describe('wantsOpenMetrics', () => {
  it('follows the q-values, as the Prometheus client libraries do', () => {
    // What Prometheus sends (scrape_protocols default): OpenMetrics ranked first.
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2')).toBe(true);
    expect(wantsOpenMetrics('application/openmetrics-text')).toBe(true);
    expect(wantsOpenMetrics('application/openmetrics-text; version=1.0.0')).toBe(true);
    // Refused outright, or ranked below text: the text format.
    expect(wantsOpenMetrics('application/openmetrics-text;q=0')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text;q=0.0,text/plain')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text;q=0.3,text/plain;q=0.9')).toBe(false);
    expect(wantsOpenMetrics('text/plain;q=0.5, application/openmetrics-text;q=0.4')).toBe(false);
    expect(wantsOpenMetrics('*/*;q=0.8, application/openmetrics-text;q=0.5')).toBe(false);
    // A tie: the more specific range first, then the order written.
    expect(wantsOpenMetrics('*/*, application/openmetrics-text')).toBe(true);
    expect(wantsOpenMetrics('text/plain, application/openmetrics-text')).toBe(false);
    // Nothing, nonsense or a bad q: text.
    for (const a of [undefined, '', 'text/html', ';;;', 'application/openmetrics-text;q=abc', 'application/json']) expect(wantsOpenMetrics(a), String(a)).toBe(false);
  });
});
