import { describe, expect, it } from 'vitest';
import { demoClusters } from './cli.js';

describe('demo campaign deadlines', () => {
  it('are relative to the day the demo runs: one a week ago, one 30 days ahead', () => {
    const now = Date.parse('2026-11-29T15:00:00Z');
    const [east, west] = demoClusters([{ name: 'a', url: 'https://a' }, { name: 'b', url: 'https://b' }], now);
    expect(east?.targetDeadline).toBe(Date.parse('2026-11-23T00:00:00Z') / 1000); // end of 2026-11-22
    expect(west?.targetDeadline).toBe(Date.parse('2026-12-30T00:00:00Z') / 1000); // end of 2026-12-29
    const later = demoClusters([{ name: 'a', url: 'https://a' }], Date.parse('2031-05-01T00:00:00Z'))[0];
    expect(later?.targetDeadline).toBe(Date.parse('2031-04-25T00:00:00Z') / 1000);
  });
});
