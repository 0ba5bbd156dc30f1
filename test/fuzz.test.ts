// Property-based tests (fast-check): generated JSON at every collector through
// the poller's own interpretation, and generated YAML at the config loader.
// No throw escapes, every exposition passes the exposition check, and no secret
// reaches any output. FUZZ_RUNS sets the number of cases (npm run fuzz: a long run).

import { Writable } from 'node:stream';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINTS, type Endpoint } from '../src/core/endpoints.js';
import { ConfigError, parseConfig, type ClusterConfig } from '../src/config/config.js';
import { createLogger } from '../src/runtime/log.js';
import { createStore } from '../src/metrics/store.js';
import { PollError } from '../src/ontap/poll-error.js';
import { interpret } from '../src/poll/poller.js';
import { emptySnapshot, recordOutcome, type PollOutcome } from '../src/poll/snapshot.js';
import { checkExposition } from './helpers/exposition-check.js';
import { renderFixture } from './helpers/golden.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

const USER = 'monitor';
const SECRET = 'Fz-s3cr3t/p@ss w0rd!';
const B64 = Buffer.from(`${USER}:${SECRET}`).toString('base64');
const FORBIDDEN = [SECRET, B64, B64.replace(/=+$/, '')];
const leaks = (text: string) => FORBIDDEN.filter((s) => text.includes(s));

// ---- ONTAP-shaped JSON -------------------------------------------------------

const KEYS = [
  'version', 'pending_version', 'state', 'status', 'elapsed_duration', 'estimated_duration', 'nodes', 'name', 'node',
  'update_details', 'phase', 'status_details', 'validation_results', 'update_check', 'metrocluster', 'clusters', 'records',
  'num_records', '_links', 'next', 'href', 'code', 'message', 'start_time', 'end_time', 'from_version', 'to_version', 'create_time',
];
const leaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(SECRET, `Basic ${B64}`, B64, 'in_progress', 'completed', 'paused_on_error', 'running', 'successful', '9.15.1', '9.14.1',
    '2026-01-01T00:00:00Z', '2026-01-01 00:00:00 UTC', '', 'node1', 'node2', 'Data ONTAP updates', 'warning', 'error', 'a"b\\c\nd'),
  fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([a, b]) => `${a}${SECRET}${b}`),
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 6 }),
}));
const pages = fc.array(value, { minLength: 1, maxLength: 3 });

const CONFIG: ClusterConfig = {
  name: 'fuzz', url: 'https://fuzz.example.com', datacenter: 'dc1', username: USER, password: SECRET, insecureSkipVerify: false,
  interval: 60, fastInterval: 15, timeouts: { connect: 1, headers: 1, body: 1, poll: 1 }, maxResponseBytes: 1 << 20, maxRecords: 500, maxSeries: 2000,
};

function sinkLogger(lines: string[]) {
  return createLogger('debug', 'json', new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
}

describe('fuzz: generated JSON at every collector', () => {
  it('never throws; the exposition is valid; no credential in metrics, messages or logs', async () => {
    await fc.assert(fc.asyncProperty(fc.tuple(...ENDPOINTS.map(() => pages)), async (all) => {
      const logs: string[] = [];
      const log = sinkLogger(logs);
      const snap = emptySnapshot('fuzz', 'dc1', 60);
      const messages: string[] = [];
      ENDPOINTS.forEach((endpoint: Endpoint, i) => {
        const out = interpret(CONFIG, endpoint, structuredClone(all[i]) as unknown[], log);
        const outcome: PollOutcome<Endpoint> = out instanceof PollError
          ? { ok: false, reason: out.reason, message: out.message, durationSeconds: 0 }
          : out;
        if (out instanceof PollError) messages.push(out.message);
        recordOutcome(snap, endpoint, outcome, 1_767_225_600);
      });
      snap.lastPoll = 1_767_225_600;
      const store = createStore({ processMetrics: false, buildInfo: false });
      store.apply(snap);
      const text = [...(await store.render(false)).parts].join('');
      expect(checkExposition(text)).toEqual([]);
      expect(leaks(text + messages.join('\n') + logs.join(''))).toEqual([]);
    }), params);
  });

  it('every golden exposition passes the same check', async () => {
    const root = join(import.meta.dirname, 'fixtures', 'golden');
    for (const dir of readdirSync(root)) {
      const { text } = await renderFixture(join(root, dir));
      expect({ dir, problems: checkExposition(text) }).toEqual({ dir, problems: [] });
    }
  });
});

// ---- configuration YAML ------------------------------------------------------

const anyValue = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }));
const durationish = fc.oneof(fc.constantFrom('15s', '1m', '500ms', '2h', 'soon', '0s', '-1s', ''), fc.integer({ min: -5, max: 5000 }), anyValue);
const urlish = fc.oneof(
  fc.constantFrom('https://c1.example.com', 'http://10.0.0.1:8443/ontap', 'ftp://x', 'not a url', '', `https://${USER}:${SECRET}@c1.example.com`,
    `https://u:${SECRET}@cluster 01.example.com`, `${USER}:${SECRET}@c1`, `https://c1.example.com?password=${SECRET}`),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `https://${a}:${SECRET}@${b}`),
  anyValue,
);
const options = fc.record({
  datacenter: anyValue, username: fc.oneof(fc.constant(USER), anyValue), password: fc.oneof(fc.constant(SECRET), anyValue),
  password_env: fc.constantFrom('P', 'NOT_SET', 'bad name', SECRET), interval: durationish, fast_interval: durationish,
  timeouts: fc.oneof(fc.record({ poll: durationish, connect: durationish }, { requiredKeys: [] }), anyValue),
  insecure_skip_verify: fc.oneof(fc.boolean(), anyValue), max_records: fc.oneof(fc.integer({ min: -1, max: 100 }), anyValue),
  max_series: fc.oneof(fc.integer({ min: -1, max: 100 }), anyValue), max_endpoint_bytes: fc.oneof(fc.integer({ min: 0, max: 1 << 21 }), anyValue),
  unknown_key: anyValue,
}, { requiredKeys: [] });
const cluster = fc.tuple(fc.oneof(fc.constantFrom('c1', 'c2', 'bad name', ''), anyValue), urlish, options).map(([name, url, o]) => ({ name, url, ...o }));
const configDoc = fc.record({ defaults: options, clusters: fc.oneof(fc.array(cluster, { maxLength: 3 }), anyValue) }, { requiredKeys: ['clusters'] });
// Text: a generated document, sometimes cut or spliced, so the YAML parser sees broken input too.
const yamlText = fc.tuple(configDoc, fc.nat(), fc.string({ maxLength: 8 }), fc.boolean()).map(([doc, at, junk, splice]) => {
  const text = stringify(doc);
  if (!splice) return text;
  const i = at % (text.length + 1);
  return text.slice(0, i) + junk + text.slice(i);
});

describe('fuzz: generated YAML at the config loader', () => {
  it('only ever a ConfigError, and never a password in it, in a warning, or on stderr', () => {
    // The YAML library prints its own warnings (with the source line) through process.emitWarning.
    const printed = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    fc.assert(fc.property(yamlText, (text) => {
      printed.mockClear();
      let said: string;
      try {
        const r = parseConfig(text, 'fuzz.yml', { P: SECRET });
        said = r.warnings.join('\n');
        for (const c of r.clusters) expect(c.password === undefined || c.username !== undefined || c.certFile !== undefined).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        said = (err as Error).message;
      }
      expect(leaks(said + printed.mock.calls.map((c) => String(c[0])).join('\n'))).toEqual([]);
    }), { ...params, examples: [[`clusters: [{ name: c1, url: "https://x", username: u, password: !vault ${SECRET} }]\n`]] });
    printed.mockRestore();
  });
});
