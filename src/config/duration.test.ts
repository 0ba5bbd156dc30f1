import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads durations as Prometheus writes them, in seconds', () => {
    expect([parseDuration('500ms'), parseDuration('15s'), parseDuration('1m30s'), parseDuration('2h'), parseDuration('1h0m5s')]).toEqual([0.5, 15, 90, 7200, 3605]);
    expect(parseDuration('1.5m')).toBe(90);
  });

  it('takes a positive finite number as seconds', () => {
    expect([parseDuration(7), parseDuration(0.25)]).toEqual([7, 0.25]);
    expect([parseDuration(0), parseDuration(-1), parseDuration(Number.POSITIVE_INFINITY), parseDuration(Number.NaN)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuses units it does not know, signs, spaces, bare numbers in text and zero', () => {
    for (const bad of ['1d', '-1s', '', '15', ' 15s', '15s ', '1m 30s', 's', '0s', '0ms0s', '1y', '15S']) expect(parseDuration(bad), bad).toBeUndefined();
  });
});
