// bcrypt off the main thread. bcryptjs is plain JavaScript: on the event loop, a cost-10 check
// holds it for ~50 ms in 100 ms slices, so every request in the meantime (a scrape whose
// credential is already verified, a health probe) waits behind someone's password guess. One
// worker thread does the checks instead, one at a time (auth.ts queues them); the main thread
// only passes messages.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { compare } from 'bcryptjs';

// An inline CommonJS worker (no separate file to find in dist/ or under the test runner), loading
// bcryptjs by absolute path so it works whatever the working directory.
const SOURCE = (bcrypt: string) => `
const { parentPort } = require('node:worker_threads');
const { compareSync } = require(${JSON.stringify(bcrypt)});
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false;
  try { ok = compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});`;

export type Compare = (password: string, hash: string) => Promise<boolean>;

/** A compare that runs in a worker thread; falls back to the main thread should the worker fail. */
export function workerCompare(): Compare {
  let worker: Worker | undefined;
  let broken = false;
  let next = 0;
  const waiting = new Map<number, (ok: boolean) => void>();
  const start = (): Worker => {
    const w = new Worker(SOURCE(createRequire(import.meta.url).resolve('bcryptjs')), { eval: true });
    // The worker never keeps the process alive: an exporter stops without closing it.
    w.unref();
    w.on('message', ({ id, ok }: { id: number; ok: boolean }) => {
      waiting.get(id)?.(ok);
      waiting.delete(id);
    });
    const fail = () => {
      broken = true;
      worker = undefined;
      // What was in flight is answered "no": the caller may try again.
      for (const done of waiting.values()) done(false);
      waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', fail);
    return w;
  };
  return (password, hash) => {
    if (broken) return compare(password, hash).catch(() => false);
    worker ??= start();
    const id = next++;
    const w = worker;
    return new Promise<boolean>((resolve) => {
      waiting.set(id, resolve);
      w.postMessage({ id, password, hash });
    });
  };
}
