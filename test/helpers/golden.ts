// Renders one cluster's exposition from endpoint response files, through the
// same collectors, snapshot and store the exporter uses.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTORS } from '../../src/collectors/index.js';
import { ENDPOINTS, type Endpoint } from '../../src/core/endpoints.js';
import { createStore } from '../../src/metrics/store.js';
import { emptySnapshot, recordOutcome, type PollOutcome } from '../../src/poll/snapshot.js';

export const GOLDEN_NOW = 1_767_225_600; // 2026-01-01T00:00:00Z

export async function renderFixture(dir: string): Promise<{ text: string; warnings: string[] }> {
  // target.json: the campaign target a config would give ({"version", "deadline"?: Unix seconds}).
  const targetFile = join(dir, 'target.json');
  const snap = emptySnapshot('golden', 'dc1', 60, existsSync(targetFile) ? JSON.parse(readFileSync(targetFile, 'utf8')) : undefined);
  const warnings: string[] = [];
  for (const endpoint of ENDPOINTS) {
    recordOutcome(snap, endpoint, outcome(dir, endpoint, warnings), GOLDEN_NOW);
  }
  snap.lastPoll = GOLDEN_NOW;
  const store = createStore({ processMetrics: false, buildInfo: false });
  store.apply(snap);
  const text = [...(await store.render(false)).parts].join('').replace(/^(# HELP|# TYPE) ontap_exporter_clusters.*\n|^ontap_exporter_clusters .*\n/gm, '');
  return { text, warnings };
}

function outcome(dir: string, endpoint: Endpoint, warnings: string[]): PollOutcome<Endpoint> {
  const file = join(dir, `${endpoint}.json`);
  // No file: the endpoint answered 404, as an older release without it would.
  if (!existsSync(file)) return { ok: false, reason: 'http_4xx', message: 'HTTP 404', durationSeconds: 0.01 };
  const raw = readFileSync(file, 'utf8');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'bad_response', message: 'invalid JSON', durationSeconds: 0.01 };
  }
  const pages = Array.isArray(body) && endpoint !== 'software' && endpoint !== 'download' && (body as unknown[]).every((p) => p && typeof p === 'object' && 'records' in p)
    ? (body as unknown[]) : [body];
  try {
    const data = (COLLECTORS[endpoint] as unknown as { parse: (p: unknown[], w: (m: string) => void) => never }).parse(pages, (w) => warnings.push(w));
    return { ok: true, data, durationSeconds: 0.01 };
  } catch {
    return { ok: false, reason: 'bad_response', message: 'unexpected shape', durationSeconds: 0.01 };
  }
}
