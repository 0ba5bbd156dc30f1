// vitest globalSetup: make sure the real tools the tests use are there before any test runs.

import { spawnSync } from 'node:child_process';
import { ensureBinaries } from './binaries.js';

export default function setup(): void {
  const path = process.env.PATH ?? '';
  const r = ensureBinaries({
    path,
    isRoot: process.getuid?.() === 0,
    run: (cmd, args) => spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PATH: path, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 1,
    say: (line) => process.stderr.write(`${line}\n`),
  });
  if (!r.ok) {
    // One line, then stop at once: nothing would pass without these tools.
    process.stderr.write(`${r.line}\n`);
    process.exit(1);
  }
}
