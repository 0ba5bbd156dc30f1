// /metrics (Prometheus text, or OpenMetrics when asked), /-/healthy, /-/ready,
// and a landing page with each cluster's last poll. Never shows a secret.

import express, { type NextFunction, type Request, type Response } from 'express';
import { ENDPOINTS } from './collectors/index.js';
import type { MetricsStore } from './metrics/store.js';
import type { Target } from './poller.js';

export interface ServerDeps {
  store: MetricsStore;
  targets: Target[];
  ready: () => boolean;
  version: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (t: number | undefined) => (t === undefined ? 'never' : new Date(t * 1000).toISOString());

/** The URL without anything but scheme, host, port and path (it never holds credentials, but be sure). */
function safeUrl(u: string): string {
  const url = new URL(u);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

export function landingPage(d: ServerDeps): string {
  const rows = d.targets.map((t) => {
    const s = t.snapshot;
    const failed = ENDPOINTS.filter((e) => !s.endpoints[e].success);
    const result = s.lastPoll === undefined ? 'pending' : failed.length === 0 ? 'ok' : `failed: ${failed.map((e) => `${e} (${s.endpoints[e].lastError?.reason ?? '?'})`).join(', ')}`;
    const err = failed.map((e) => s.endpoints[e].lastError?.message).find(Boolean) ?? '';
    // A 429/503 with Retry-After holds the next poll back: say so, or the pause looks like a hang.
    const wait = s.backoff ? `; Retry-After ${s.backoff.requestedSeconds}s: next poll not before ${iso(s.backoff.until)}` : '';
    return `<tr><td>${esc(t.config.name)}</td><td>${esc(t.config.datacenter)}</td><td>${esc(safeUrl(t.config.url))}</td><td>${esc(s.endpoints.software.data?.version ?? '')}</td><td>${esc(s.endpoints.software.data?.state ?? '')}</td><td>${iso(s.lastPoll)}</td><td class="${result === 'ok' ? 'ok' : 'bad'}">${esc(result + wait)}</td><td>${esc(err)}</td></tr>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>ONTAP upgrade exporter</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.ok{color:#070}.bad{color:#a00}</style></head>
<body><h1>ONTAP upgrade exporter</h1><p>Version ${esc(d.version)}. <a href="/metrics">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
<table><thead><tr><th>Cluster</th><th>Datacenter</th><th>URL</th><th>Version</th><th>Update state</th><th>Last poll</th><th>Result</th><th>Error</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
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
  app.get('/', (_req, res) => { res.type('html').send(landingPage(d)); });
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
