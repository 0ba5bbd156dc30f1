// Starts a simulated fleet on loopback with a manual clock, and a tiny client for it.

import { Agent, request } from 'undici';
import { afterEach } from 'vitest';
import { DEFAULT_AUTH, fleetSetups, startFleet, type Fleet, type FleetOptions } from '../../src/simulator/fleet.js';
import type { ClusterSetup } from '../../src/simulator/scenarios.js';

const started: Fleet[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
});

export const insecure = new Agent({ connect: { rejectUnauthorized: false } });

export async function sim(clusters: ClusterSetup[] | string, opts: Partial<FleetOptions> = {}): Promise<Fleet> {
  const setups = typeof clusters === 'string' ? fleetSetups(1, [clusters]) : clusters;
  const fleet = await startFleet({ clusters: setups, manual: true, port: 0, ...opts });
  started.push(fleet);
  return fleet;
}

export interface Reply { status: number; body: any; text: string; headers: Record<string, unknown> }

export async function call(fleet: Fleet, method: string, path: string, body?: unknown, opts: { auth?: string | null; cluster?: number } = {}): Promise<Reply> {
  const base = fleet.clusters[opts.cluster ?? 0]?.url as string;
  const auth = opts.auth === undefined ? `${DEFAULT_AUTH.user}:${DEFAULT_AUTH.password}` : opts.auth;
  const headers: Record<string, string> = { accept: 'application/hal+json' };
  if (auth) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${base}${path}`, {
    method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body), dispatcher: insecure,
    headersTimeout: 10_000, bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.statusCode, body: parsed, text, headers: res.headers };
}

export const get = (f: Fleet, path: string, opts?: { auth?: string | null; cluster?: number }) => call(f, 'GET', path, undefined, opts);

/** Advances the manual clock in steps until `done` holds or `maxSeconds` of simulated time pass. */
export async function advanceUntil(f: Fleet, done: () => Promise<boolean>, maxSeconds: number, step = 30): Promise<number> {
  let t = 0;
  while (t <= maxSeconds) {
    // A request can land in a takeover's LIF move (no answer): that is "not yet", as for a real client.
    if (await done().catch(() => false)) return t;
    f.advance(step);
    t += step;
  }
  throw new Error(`condition not reached within ${maxSeconds}s of simulated time`);
}

export const software = async (f: Fleet, cluster = 0) => (await get(f, '/api/cluster/software', { cluster })).body;
