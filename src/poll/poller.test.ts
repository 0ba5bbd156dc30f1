import { describe, expect, it } from 'vitest';
import { MASK, secretsOf } from '../ontap/redact.js';
import { scanPages } from './poller.js';

describe('scanPages: one walk counts records and masks echoed credentials', () => {
  const secrets = secretsOf({ username: 'u', password: 'pw-Secret' });

  it('counts array items at any depth (the list of pages itself is not a record) and masks in place', () => {
    const pages: unknown[] = [
      { records: [{ name: 'a', tags: ['x', 'has pw-Secret inside'] }, { name: 'b' }], note: 'pw-Secret' },
      'top-level pw-Secret',
      [1, 2],
    ];
    expect(scanPages(pages, 100, secrets)).toBe(2 + 2 + 2);
    expect(pages).toEqual([
      { records: [{ name: 'a', tags: ['x', `has ${MASK} inside`] }, { name: 'b' }], note: MASK },
      `top-level ${MASK}`,
      [1, 2],
    ]);
  });

  it('stops past the cap; without secrets, leaves every string as it was', () => {
    const big = [{ records: Array.from({ length: 50 }, (_, i) => ({ items: [i, i] })) }];
    expect(scanPages(big, 10, [])).toBeGreaterThan(10);
    expect(scanPages(big, 1000, [])).toBe(150);
    const plain = [{ s: 'pw-Secret' }];
    scanPages(plain, 10, []);
    expect(plain).toEqual([{ s: 'pw-Secret' }]);
  });
});
