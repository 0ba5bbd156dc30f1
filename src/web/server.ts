// /metrics (Prometheus text, or OpenMetrics when asked; gzip when accepted),
// /-/healthy, /-/ready, /-/reload (with --web.enable-lifecycle), and the fleet
// status page (status/). Behind --web.config.file's headers, rate limit and
// basic auth (auth.ts), on every path as in the exporter-toolkit. Never shows a secret.

import type { Writable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { MetricsStore } from '../metrics/store.js';
import type { Target } from '../poll/poller.js';
import type { WebConfig } from '../config/web-config.js';
import type { Clock } from '../runtime/clock.js';
import { basicAuth } from './auth.js';
import { wantsOpenMetrics } from './negotiate.js';
import { statusPage } from './status/page.js';

interface ServerDeps {
  store: MetricsStore;
  targets: Target[];
  ready: () => boolean;
  version: string;
  clock: Clock;
  /** The current web configuration (it changes on reload). */
  web?: () => WebConfig;
  /** Set with --web.enable-lifecycle: POST /-/reload calls it; resolves to an error message or undefined. */
  reload?: () => Promise<string | undefined>;
  /** --web.telemetry-path (default /metrics). */
  telemetryPath?: string;
  /** --web.max-requests: scrapes served at once; 0 is no limit (default 40). */
  maxRequests?: number;
}

/** Until `out` can take more, or the response is gone (the scraper hung up). */
function drained(out: Writable, res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { out.off('drain', done); res.off('close', done); resolve(); };
    out.once('drain', done);
    res.once('close', done);
  });
}

/** Token bucket like Go's rate.Limiter: `burst` tokens, one more every interval. */
function rateLimiter() {
  let tokens = -1;
  let last = 0;
  return (r: { intervalSeconds: number; burst: number }): boolean => {
    const now = performance.now() / 1000;
    tokens = tokens < 0 ? r.burst : Math.min(r.burst, tokens + (now - last) / r.intervalSeconds);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function security(web: () => WebConfig) {
  const auth = basicAuth();
  const allow = rateLimiter();
  return async (req: Request, res: Response, next: NextFunction) => {
    const w = web();
    // A credential verified before is let through without counting against rate_limit (unlike the
    // toolkit, whose one bucket for every request lets anyone flooding the port lock Prometheus out).
    const known = w.users.size > 0 && auth.remembered(w.users, req.get('authorization'));
    if (w.rateLimit && !known && !allow(w.rateLimit)) return void res.status(429).type('text/plain').send('Too Many Requests\n');
    res.set(w.headers);
    if (w.users.size === 0 || known) return next();
    const verdict = await auth(w.users, req.get('authorization'), req.socket.remoteAddress);
    if (verdict === 'ok') return next();
    // Too many unverified attempts from this address, or from everyone: refused before bcrypt runs.
    if (verdict === 'limited') return void res.status(429).set('retry-after', '10').type('text/plain').send('Too Many Requests\n');
    res.status(401).set('www-authenticate', 'Basic').type('text/plain').send('Unauthorized\n');
  };
}

/** promhttp's MaxRequestsInFlight: a scrape beyond the limit is answered 503 at once rather than queued. */
function scrapeLimit(max: number) {
  let n = 0;
  return {
    /** Counts the scrape until its response closes (sent, or the scraper hung up); false when over the limit. */
    enter(res: Response): boolean {
      if (max > 0 && n >= max) return false;
      n += 1;
      res.once('close', () => { n -= 1; });
      return true;
    },
  };
}

export function createApp(d: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (d.web) app.use(security(d.web));
  const inFlight = scrapeLimit(d.maxRequests ?? 40);
  app.get(d.telemetryPath ?? '/metrics', async (req, res, next) => {
    if (!inFlight.enter(res)) return void res.status(503).type('text/plain').send(`Limit of concurrent requests reached (${d.maxRequests ?? 40}), try again later.\n`);
    try {
      const { parts, contentType } = await d.store.render(wantsOpenMetrics(req.get('accept')));
      res.status(200).set('content-type', contentType).set('vary', 'Accept-Encoding');
      const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      if (gzip) res.set('content-encoding', 'gzip');
      if (req.method === 'HEAD') return void res.end();
      // Written part by part (a large fleet's exposition is never one string), waiting for the socket
      // (or gzip) to drain, so a slow scraper never makes the process buffer the whole body.
      // Fastest gzip level: text this repetitive shrinks ~10x at level 1, for a fraction of the CPU of level 6.
      const out: Writable = gzip ? createGzip({ level: constants.Z_BEST_SPEED }) : res;
      if (gzip) out.pipe(res);
      for (const p of parts) {
        if (res.destroyed) return void out.destroy();
        if (!out.write(p)) await drained(out, res);
      }
      out.end();
    } catch (err) {
      next(err);
    }
  });
  app.all('/-/reload', async (req, res) => {
    if (req.method !== 'POST' && req.method !== 'PUT') return void res.status(405).set('allow', 'POST, PUT').type('text/plain').send('Only POST or PUT requests allowed.\n');
    if (!d.reload) return void res.status(403).type('text/plain').send('Lifecycle API is not enabled.\n');
    const error = await d.reload();
    if (error === undefined) res.status(200).type('text/plain').send('');
    else res.status(500).type('text/plain').send(`failed to reload config: ${error}\n`);
  });
  app.get('/-/healthy', (_req, res) => { res.type('text/plain').send('Healthy.\n'); });
  app.get('/-/ready', (_req, res) => {
    if (d.ready()) res.type('text/plain').send('Ready.\n');
    else res.status(503).type('text/plain').send(`Not ready: ${d.targets.filter((t) => t.snapshot.lastPoll === undefined).length} cluster(s) not polled yet.\n`);
  });
  app.get('/', (req, res) => {
    const page = statusPage(d, req.query, d.clock.now() / 1000);
    // The page links to /metrics; --web.telemetry-path (a plain path, checked by the CLI) moves it.
    res.type('html').send(d.telemetryPath === undefined ? page : page.replace('<a href="/metrics">', `<a href="${d.telemetryPath}">`));
  });
  app.all('/{*rest}', (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') res.status(405).set('allow', 'GET, HEAD').type('text/plain').send('Method not allowed.\n');
    else res.status(404).type('text/plain').send('Not found.\n');
  });
  // Malformed requests get a short plain answer, never a stack trace.
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).type('text/plain').send(status === 500 ? 'Internal error.\n' : 'Bad request.\n');
  });
  return app;
}
