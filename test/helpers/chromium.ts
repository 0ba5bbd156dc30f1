// Headless Chromium (Debian's `chromium`) against loopback pages: the DOM after load, or a screenshot.
// Asynchronous on purpose: the server under test runs in this process and must keep answering.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function chromium(url: string, mode: { dumpDom: true } | { screenshot: string }, size = '1400,1300'): Promise<string> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`loopback only: ${url}`);
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions',
    '--disable-background-networking', `--user-data-dir=${profile}`, `--window-size=${size}`,
    'dumpDom' in mode ? '--dump-dom' : `--screenshot=${mode.screenshot}`, url];
  try {
    return await new Promise<string>((resolve, reject) => {
      const p = spawn('chromium', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      p.stdout.on('data', (c) => { out += String(c); });
      p.stderr.on('data', (c) => { err += String(c); });
      const timer = setTimeout(() => p.kill('SIGKILL'), 45_000);
      p.on('error', reject);
      p.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`chromium exited ${code}: ${err.slice(-500)}`));
      });
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
