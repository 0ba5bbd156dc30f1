// /metrics (Prometheus text, or OpenMetrics when asked), /-/healthy, /-/ready,
// and the fleet status page (status-page.ts). Never shows a secret.

import express, { type NextFunction, type Request, type Response } from 'express';
import type { MetricsStore } from './metrics/store.js';
import type { Target } from './poller.js';
import { statusPage } from './status-page.js';

export interface ServerDeps {
  store: MetricsStore;
  targets: Target[];
  ready: () => boolean;
  version: string;
}

export function wantsOpenMetrics(accept: string | undefined): boolean {
  return (accept ?? '').includes('application/openmetrics-text');
}

export function createApp(d: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/metrics', async (req, res, next) => {
    try {
      const { parts, contentType } = await d.store.render(wantsOpenMetrics(req.get('accept')));
      res.status(200).set('content-type', contentType);
      if (req.method === 'HEAD') return void res.end();
      // Written part by part: a large fleet's exposition is never copied into one string.
      for (const p of parts) res.write(p);
      res.end();
    } catch (err) {
      next(err);
    }
  });
  app.get('/-/healthy', (_req, res) => { res.type('text/plain').send('Healthy.\n'); });
  app.get('/-/ready', (_req, res) => {
    if (d.ready()) res.type('text/plain').send('Ready.\n');
    else res.status(503).type('text/plain').send(`Not ready: ${d.targets.filter((t) => t.snapshot.lastPoll === undefined).length} cluster(s) not polled yet.\n`);
  });
  app.get('/', (req, res) => { res.type('html').send(statusPage(d, req.query)); });
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
