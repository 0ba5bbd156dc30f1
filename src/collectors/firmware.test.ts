import { describe, expect, it } from 'vitest';
import { parseRelease } from '../core/release.js';
import { MAX_PAIRS, countByModel } from './firmware-count.js';
import { spCollector } from './sp.js';

describe('firmware collectors', () => {
  it('asks service_processor.last_update_state only from 9.10.1 (a field a release lacks is a 400)', () => {
    expect(spCollector.queryFor?.(parseRelease('9.9.1')).fields).not.toContain('last_update_state');
    expect(spCollector.queryFor?.(undefined).fields).not.toContain('last_update_state');
    expect(spCollector.queryFor?.(parseRelease('9.10.1')).fields).toContain('service_processor.last_update_state');
  });
  it('counts parts per model and version, with a bounded number of pairs', () => {
    expect(countByModel([{ model: 'A', version: '1' }, { model: 'A', version: '1' }, { model: 'B' }])).toEqual([
      { model: 'A', version: '1', count: 2 }, { model: 'B', version: '', count: 1 },
    ]);
    const many = Array.from({ length: 200 }, (_x, i) => ({ model: `M${i}`, version: 'v' }));
    const rows = countByModel(many);
    expect(rows).toHaveLength(MAX_PAIRS);
    expect(rows.at(-1)).toEqual({ model: 'other', version: 'other', count: 200 - MAX_PAIRS + 1 });
    expect(countByModel([{ model: 'x"\n{}', version: '1' }])[0]?.model).toBe('invalid');
  });
});
