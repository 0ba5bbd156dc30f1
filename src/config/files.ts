// Files the configuration names (the config itself, password files, PEM files): read with a
// bound, so a device (/dev/zero), a FIFO or a directory fails at once instead of reading forever
// or blocking, and a failure is told by its code only, never by what the file holds.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

const MAX_SECRET_FILE_BYTES = 4096;
export const MAX_PEM_FILE_BYTES = 1 << 20;
export const MAX_CONFIG_FILE_BYTES = 16 << 20;

/** Reads at most `max` bytes of a regular file; anything else, or more, throws. */
export function readBoundedFile(file: string, max: number): Buffer {
  if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
  // O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not wait for a writer.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (let r = 1; r > 0 && n <= max; n += r) r = readSync(fd, buf, n, max + 1 - n, null);
    if (n > max) throw Object.assign(new Error('too large'), { code: `larger than ${max} bytes` });
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** A password file's content without its trailing newline. */
export function readPasswordFile(file: string): string {
  return readBoundedFile(file, MAX_SECRET_FILE_BYTES).toString('utf8').replace(/\r?\n$/, '');
}

/** Why a file could not be read, as its code (ENOENT, EACCES, "larger than ... bytes"): safe in a message. */
export function fileError(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

/** Identifies a file's version without reading it. */
export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unreadable';
  }
}
