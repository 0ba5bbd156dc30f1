// A loopback HTTP server in front of a simulated cluster: passes requests
// through, unless `override` answers one itself (what a hostile or broken
// cluster would send that the simulator never does).

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface Answer { status: number; headers?: Record<string, string>; body: string }
export type Override = (path: string, req: http.IncomingMessage) => Answer | undefined;

export interface Tamper { url: string; requests: string[]; override: Override | undefined; close(): Promise<void> }

const open: Tamper[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

/** Passes one request on to `up` and its answer back. */
export function forward(up: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const fwd = http.request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (u) => {
    res.writeHead(u.statusCode ?? 502, u.headers);
    u.pipe(res);
  });
  fwd.on('error', () => res.destroy());
  req.pipe(fwd);
}

/** Listens on 127.0.0.1; `upstream` is the simulated cluster's http:// URL. */
export async function tamper(upstream: string): Promise<Tamper> {
  const up = new URL(upstream);
  const sockets = new Set<Socket>();
  const t: Tamper = {
    url: '', requests: [], override: undefined,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    t.requests.push(req.url ?? '/');
    const answer = t.override?.(path, req);
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
      return;
    }
    forward(up, req, res);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  open.push(t);
  return t;
}
