// The exporter's heap policy. By default V8 lets a heap grow to several times what it holds
// before a full collection (for a short-lived script, speed is worth the memory). The exporter
// polls in bursts, then idles, for months: at 10,000 clusters it held about 500 MB and grew to
// 1.4 GB, which is what a container's memory limit meets. Growing by at most 50% per full
// collection kept RSS after polling at 10,000 under 800 MB and at 1,000 near 190 MB instead of
// 260. 20% saved nothing more at 1,000 and, at 10,000, made full collections so frequent that
// their marking delayed the event loop past 100 ms at the 99th percentile (docs/benchmarks.md).

import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** For the exporter's process (serve, demo, and the bench's exporter, which measures what serve does). */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
