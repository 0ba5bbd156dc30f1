// The exporter's heap policy. V8 lets a heap grow to several times what it holds before a full
// collection (for a short-lived script, speed is worth the memory). The exporter polls in bursts
// and then idles: at 1,000 clusters it held about 60 MB and grew to 170 MB, which is what a
// container's memory limit meets. Growing by 20% per full collection instead kept the heap near
// 115 MB for a few more full collections (concurrent marking: about 10 ms each there), and CPU
// per poll within noise (docs/benchmarks.md, "Heap growth").

import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

/** For the exporter's process (serve, demo, and the bench's exporter, which measures what serve does). */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
