// Basic auth under attack (issue 17): outsiders guessing passwords cannot blind the Prometheus that
// scrapes with the right one, a user name cannot be told from its timing, and a hash too costly
// to check is refused before it can pin a core. Through the real HTTP server.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hashSync } from 'bcryptjs';
import { get as httpGet } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebConfigError, parseWebConfig, type WebConfig } from '../src/config/web-config.js';
import { startExporter, type Exporter } from '../src/exporter/exporter.js';
import { runCheckConfig } from '../src/exporter/cli.js';
import { createLogger } from '../src/runtime/log.js';
import { errorOf } from './helpers/errors.js';

const running: Exporter[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

async function exporterWith(users: Record<string, string>, extra: Partial<WebConfig> = {}): Promise<Exporter> {
  const web: WebConfig = { users: new Map(Object.entries(users)), headers: {}, files: [], ...extra };
  const sink = new Writable({ write(_c, _e, done) { done(); } });
  const e = await startExporter({ clusters: [], host: '127.0.0.1', port: 0, log: createLogger('error', 'json', sink), schedule: false, web });
  running.push(e);
  return e;
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

/** A GET of /-/healthy from a given loopback source address (every 127.x.y.z is this host). */
function get(e: Exporter, auth: string, from = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${e.url}/-/healthy`, { headers: { authorization: auth }, localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

describe('password guessing cannot blind Prometheus', () => {
  it('while 200 guesses from 20 addresses arrive, the verified scraper is answered at once; most guesses are refused without bcrypt', async () => {
    // Cost 12 (~0.3 s a check): the checks that get through keep bcrypt busy for seconds.
    const e = await exporterWith({ prometheus: hashSync('right', 12) });
    expect(await get(e, basic('prometheus:right'))).toBe(200);
    let answered = 0;
    const guesses = Array.from({ length: 200 }, (_, i) => get(e, basic(`prometheus:guess${i}`), `127.0.1.${(i % 20) + 1}`).finally(() => { answered += 1; }));
    // Every guess has reached the server (the refused ones are answered at once) and bcrypt is busy
    // with the others: only then does the scraper come back.
    while (answered < 170) await new Promise((r) => setTimeout(r, 20));
    const took: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect(await get(e, basic('prometheus:right'))).toBe(200);
      took.push(performance.now() - t0);
    }
    const codes = await Promise.all(guesses);
    // Each well under one bcrypt check (never behind the queue of guesses: seconds).
    expect(Math.max(...took)).toBeLessThan(250);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    // Per address and in total: at most the total burst (20) and a few refills were checked with bcrypt.
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(30);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(170);
  });

  it('one address guessing is limited; the verified scraper from elsewhere is not', async () => {
    const e = await exporterWith({ prometheus: hashSync('right', 4) });
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push(await get(e, basic(`prometheus:guess${i}`), '127.0.2.1'));
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429, 429, 429, 429]);
    expect(await get(e, basic('prometheus:right'), '127.0.2.2')).toBe(200);
  });
});

describe('rate_limit cannot be turned against Prometheus either', () => {
  it('requests flooding the port use up the bucket; a credential verified before is not counted against it', async () => {
    const e = await exporterWith({ prometheus: hashSync('right', 4) }, { rateLimit: { intervalSeconds: 60, burst: 2 } });
    expect(await get(e, basic('prometheus:right'))).toBe(200);
    const flood = await Promise.all(Array.from({ length: 10 }, () => get(e, '', '127.0.6.1')));
    expect(flood.filter((c) => c === 429).length).toBeGreaterThanOrEqual(9);
    for (let i = 0; i < 3; i++) expect(await get(e, basic('prometheus:right'))).toBe(200);
  });
});

describe('a user name cannot be told from timing', () => {
  it('an unknown user costs as much as a wrong password for a cost-12 user', async () => {
    const e = await exporterWith({ alice: hashSync('right', 12) });
    const time = async (auth: string, from: string) => {
      const t0 = performance.now();
      expect(await get(e, auth, from)).toBe(401);
      return performance.now() - t0;
    };
    // Alternated, from different addresses (each within its own budget): the machine's load hits both alike.
    const known: number[] = [];
    const unknown: number[] = [];
    await get(e, basic('warm:up'), '127.0.5.1'); // the bcrypt worker starts on first use
    for (let i = 0; i < 3; i++) {
      known.push(await time(basic(`alice:wrong${i}`), `127.0.3.${i + 1}`));
      unknown.push(await time(basic(`mallory:wrong${i}`), `127.0.4.${i + 1}`));
    }
    // Before: 73 ms vs 289 ms (a cost-10 decoy), a ratio of 0.25. Bounds wide for a loaded machine.
    const ratio = Math.min(...unknown) / Math.min(...known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('a bcrypt cost too high to check is refused', () => {
  const costly = `$2y$15$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi`;
  it('by the web config loader and check-config, with a clear error', async () => {
    const m = errorOf(() => parseWebConfig(`basic_auth_users: {alice: "${costly}"}`, 'w.yml'), WebConfigError);
    expect(m).toMatch(/w\.yml: basic_auth_users\.alice: bcrypt cost 15 is above 14/);
    expect(m).not.toContain(costly);
    const dir = mkdtempSync(join(tmpdir(), 'auth-'));
    writeFileSync(join(dir, 'web.yml'), `basic_auth_users:\n  alice: "${costly.replace('$15$', '$31$')}"\n`);
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { err.push(s); return true; });
    try {
      expect(await runCheckConfig(['--web.config.file', join(dir, 'web.yml')])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join('')).toMatch(/basic_auth_users\.alice: bcrypt cost 31 is above 14/);
    // Cost 14 is still accepted.
    expect(parseWebConfig(`basic_auth_users: {alice: "${costly.replace('$15$', '$14$')}"}`, 'w.yml').users.size).toBe(1);
  });
});
