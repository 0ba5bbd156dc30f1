// Renders one cluster's exposition from endpoint response files, through the path a poll
// takes: the poller's response interpretation (record cap, credential masking, collector),
// the series cap, the snapshot and the store. Only the HTTP layer is replaced: a client that
// answers each endpoint's GET with its file, and a manual clock.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { COLLECTORS } from '../../src/collectors/index.js';
import type { ClusterConfig } from '../../src/config/config.js';
import { ENDPOINTS, FIRMWARE_ENDPOINTS } from '../../src/core/endpoints.js';
import { createStore } from '../../src/metrics/store.js';
import type { OntapClient } from '../../src/ontap/client.js';
import type { EndpointResponse } from '../../src/ontap/pagination.js';
import { PollError } from '../../src/ontap/poll-error.js';
import { pollCluster, type Target } from '../../src/poll/poller.js';
import { emptySnapshot } from '../../src/poll/snapshot.js';
import { manualClock } from '../../src/runtime/clock.js';
import { createLogger } from '../../src/runtime/log.js';

export const GOLDEN_NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
/** How long every endpoint's GET takes, on the manual clock (ontap_scrape_duration_seconds). */
const GET_MS = 10;

const CONFIG: ClusterConfig = {
  name: 'golden', url: 'https://golden.example.com', datacenter: 'dc1', username: 'monitor', password: 'golden-Pw-1', insecureSkipVerify: false,
  interval: 60, fastInterval: 15, timeouts: { connect: 1, headers: 1, body: 1, poll: 10 }, maxResponseBytes: 1 << 20,
};

/** What the client would give for `<endpoint>.json`: the pages (an array of `records` pages is several), or a 404 without the file. */
function answer(dir: string, file: string, query: Record<string, string>): EndpointResponse | PollError {
  const path = join(dir, file);
  // No file: the endpoint answered 404, as an older release without it would.
  if (!existsSync(path)) return new PollError('http_4xx', 'HTTP 404');
  const raw = asked(file, readFileSync(path, 'utf8'), query);
  let pages: unknown[] | undefined;
  return {
    digest: createHash('sha1').update(raw).digest('base64'),
    // As the client does: parsed when asked, a bad body failing as bad_response.
    pages: () => (pages ??= split(file, parse(raw))),
  };
}

/**
 * As ONTAP answers a singleton's `fields=`: only the fields asked for (and `_links`). So a capture
 * holding post_update_checks shows whether the poll asked for them (software.json only).
 */
function asked(file: string, raw: string, query: Record<string, string>): string {
  if (file !== 'software.json' || query.fields === undefined) return raw;
  let body: unknown;
  try { body = JSON.parse(raw); } catch { return raw; }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return raw;
  const keep = new Set([...query.fields.split(','), '_links']);
  const out = Object.fromEntries(Object.entries(body).filter(([k]) => keep.has(k)));
  return Object.keys(out).length === Object.keys(body).length ? raw : JSON.stringify(out);
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new PollError('bad_response', `invalid JSON (${(err as Error).message.slice(0, 80)})`);
  }
}

function split(file: string, body: unknown): unknown[] {
  const single = file === 'software.json' || file === 'download.json';
  return !single && Array.isArray(body) && body.every((p) => p && typeof p === 'object' && 'records' in (p as object)) ? body : [body];
}

/** A client whose GETs answer from the fixture files, all at once when `release` is called. */
function fixtureClient(dir: string, gate: () => Promise<void>): OntapClient {
  const files = new Map(ENDPOINTS.map((e) => [COLLECTORS[e].path, `${e}.json`]));
  return {
    async get(path, query) {
      await gate();
      const file = files.get(path);
      if (file === undefined) throw new Error(`no fixture endpoint for ${path}`);
      const a = answer(dir, file, query);
      if (a instanceof PollError) throw a;
      return a;
    },
    reset: () => undefined,
    close: async () => undefined,
  };
}

export async function renderFixture(dir: string): Promise<{ text: string; warnings: string[] }> {
  // target.json: the campaign target a config would give ({"version", "deadline"?: Unix seconds}).
  const targetFile = join(dir, 'target.json');
  const target = existsSync(targetFile) ? JSON.parse(readFileSync(targetFile, 'utf8')) : undefined;
  // Firmware endpoints are asked only once the release is known (poll/due.ts): a case with firmware
  // files is polled twice, a minute apart, and the second poll is the one rendered.
  const polls = FIRMWARE_ENDPOINTS.some((e) => existsSync(join(dir, `${e}.json`))) ? 2 : 1;
  // The (last) poll ends (and stamps what it saw) at exactly GOLDEN_NOW.
  const clock = manualClock((GOLDEN_NOW - 60 * (polls - 1)) * 1000 - GET_MS);
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const t: Target = { config: CONFIG, client: fixtureClient(dir, () => gate), snapshot: emptySnapshot('golden', 'dc1', 60, target), polling: false, nextDue: 0 };
  const logs: string[] = [];
  const log = createLogger('debug', 'json', new Writable({ write(c, _e, done) { logs.push(String(c)); done(); } }));
  const store = createStore({ processMetrics: false, buildInfo: false });
  for (let i = 0; i < polls; i++) {
    if (i > 0) clock.advance(60_000 - GET_MS);
    gate = new Promise<void>((r) => { release = r; });
    // Every GET is under way once pollCluster returns its promise: time passes, then they all answer.
    const poll = pollCluster(t, store, log, { clock });
    clock.advance(GET_MS);
    release();
    await poll;
  }
  if (t.snapshot.lastPoll !== GOLDEN_NOW) throw new Error(`the golden poll ended at ${t.snapshot.lastPoll}, not ${GOLDEN_NOW}`);
  const text = [...(await store.render(false)).parts].join('').replace(/^(# HELP|# TYPE) ontap_exporter_clusters.*\n|^ontap_exporter_clusters .*\n/gm, '');
  return { text, warnings: logs.flatMap(skipped) };
}

/** The collectors' warnings, from the poller's debug line ("fields skipped in ONTAP response"; the first 5 of each endpoint). */
function skipped(line: string): string[] {
  const o = JSON.parse(line) as { msg?: string; warnings?: string[] };
  return o.msg === 'fields skipped in ONTAP response' ? (o.warnings ?? []) : [];
}
