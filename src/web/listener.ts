// The HTTP or HTTPS server under the app, and the web configuration in force: TLS client policy
// checks after the handshake, and a changed --web.config.file (or renewed certificate) applied
// without a restart, as the exporter-toolkit does.

import { statSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';
import { WebConfigError, refusePeer, type WebConfig } from '../config/web-config.js';

/** Identifies a file's version without reading it. */
export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unreadable';
  }
}

export interface Listener {
  url: string;
  server: Server;
  /** The web configuration in force (checked for changes at most once a second). */
  web(): WebConfig;
  /** Puts a new web configuration in force; throws WebConfigError if it would turn TLS on or off. */
  use(next: WebConfig): void;
}

export async function listen(o: { app: RequestListener; web: WebConfig; loadWeb?: () => WebConfig; host: string; port: number; log: Logger; clock: Clock }): Promise<Listener> {
  let web = o.web;
  const stamp = () => web.files.map(fileStamp).join('|');
  let lastStamp = stamp();
  // Monotonic: a wall clock stepped back must not stop the checks until it catches up.
  let checkedAt = o.clock.monotonic();
  const use = (next: WebConfig) => {
    if (Boolean(next.tls) !== Boolean(web.tls)) throw new WebConfigError('turning TLS on or off needs a restart');
    web = next;
    if (web.tls) https?.setSecureContext(web.tls.options);
    lastStamp = stamp();
  };
  /**
   * The toolkit reads its web config on every request, so renewed certificates and changed users
   * apply at once. Here: a stat of its files at most once a second, before a request or a new
   * connection's handshake. Unlike the toolkit, a broken file keeps the last good one (logged)
   * instead of failing every request.
   */
  const refresh = () => {
    if (!o.loadWeb || o.clock.monotonic() - checkedAt < 1000) return;
    checkedAt = o.clock.monotonic();
    const now = stamp();
    if (now === lastStamp) return;
    lastStamp = now;
    try {
      use(o.loadWeb());
      o.log.info('web config changed: applied');
    } catch (err) {
      // Never a crash from a file being edited: whatever went wrong, the last good one stays.
      o.log.error({ err: (err as Error).message }, 'web config changed but cannot be used: keeping the previous one');
    }
  };

  const https: HttpsServer | undefined = web.tls ? createHttpsServer(web.tls.options, o.app) : undefined;
  const server: Server = https ?? createHttpServer(o.app);
  if (web.tls) {
    // Before Node sets up the TLS socket: a renewed certificate serves this very connection.
    server.prependListener('connection', refresh);
    // What Node's TLS options cannot say (RequireAnyClientCert, VerifyClientCertIfGiven, client_allowed_sans).
    server.on('secureConnection', (sock: TLSSocket) => {
      const why = web.tls && refusePeer(web.tls, sock.getPeerCertificate(), sock.authorized);
      if (why) {
        o.log.debug({ remote: sock.remoteAddress, reason: why }, 'TLS client refused');
        sock.destroy();
      }
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => { server.off('error', reject); resolve(); });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const addr = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `${web.tls ? 'https' : 'http'}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`;
  return { url, server, use, web: () => { refresh(); return web; } };
}
