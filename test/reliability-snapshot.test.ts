// One exposition is one consistent snapshot (issue 17): a reload that restarts a cluster, or a
// poll, while a slow scraper is still reading cannot put a series in it twice or split a family.

import { describe, expect, it } from 'vitest';
import { createStore } from '../src/metrics/store.js';
import { emptySnapshot, type ClusterSnapshot } from '../src/poll/snapshot.js';
import { checkExposition } from './helpers/exposition-check.js';

function polled(name: string, at: number): ClusterSnapshot {
  const s = emptySnapshot(name, 'dc1', 60);
  s.lastPoll = at;
  return s;
}

describe('an exposition read slowly', () => {
  it('a cluster restarted by a reload in the middle of it appears once, every family whole', async () => {
    const store = createStore({ processMetrics: false, buildInfo: false });
    // More clusters than one cached group holds (256), so the restarted one moves to another group.
    for (let i = 0; i < 300; i++) store.apply(polled(`c${i}`, 1000));
    const { parts } = await store.render(false);
    const it = parts[Symbol.iterator]();
    const read: string[] = [];
    // The scraper has read the start (the first family's header and first group) and stalls.
    for (let i = 0; i < 2; i++) read.push(String(it.next().value));
    // A reload restarts c0 (removed, then its new target polled), and another cluster is polled.
    store.remove('c0');
    store.apply(polled('c0', 2000));
    store.apply(polled('c299', 2000));
    for (let r = it.next(); !r.done; r = it.next()) read.push(String(r.value));
    const text = read.join('');
    expect(checkExposition(text)).toEqual([]);
    expect(text.match(/^ontap_up\{cluster="c0",/gm)).toHaveLength(1);
    // The next scrape has the new state.
    const next = await store.render(false);
    expect(checkExposition([...next.parts].map(String).join(''))).toEqual([]);
  });
});
