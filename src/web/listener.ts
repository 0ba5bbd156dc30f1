// The HTTP or HTTPS server under the app, and the web configuration in force: TLS client policy
// checks after the handshake, and a changed --web.config.file (or renewed certificate) applied
// without a restart, as the exporter-toolkit does.

import { fileStamp } from '../config/files.js';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/log.js';
import { WebConfigError, refusePeer, type WebConfig } from '../config/web-config.js';

// Kept here too for the modules that import it from the listener.
export { fileStamp } from '../config/files.js';

/** Where to listen: an address, or a socket already open on a file descriptor (systemd socket activation). */
export type ListenAt = { host: string; port: number } | { fd: number };

export interface Listener {
  /** The first address's URL (a socket passed by systemd has no host to name: 127.0.0.1 and its port). */
  url: string;
  /** Every address's URL, in the order given. */
  urls: string[];
  server: Server;
  /** One server per address, all serving the same app. */
  servers: Server[];
  /** The web configuration in force (checked for changes at most once a second). */
  web(): WebConfig;
  /** Puts a new web configuration in force; throws WebConfigError if it would turn TLS on or off. */
  use(next: WebConfig): void;
}

export async function listen(o: { app: RequestListener; web: WebConfig; loadWeb?: () => WebConfig; at: ListenAt[]; log: Logger; clock: Clock }): Promise<Listener> {
  let web = o.web;
  const stamp = () => web.files.map(fileStamp).join('|');
  let lastStamp = stamp();
  // Monotonic: a wall clock stepped back must not stop the checks until it catches up.
  let checkedAt = o.clock.monotonic();
  const use = (next: WebConfig) => {
    if (Boolean(next.tls) !== Boolean(web.tls)) throw new WebConfigError('turning TLS on or off needs a restart');
    web = next;
    if (web.tls) for (const s of secure) s.setSecureContext(web.tls.options);
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

  const serve = async (at: ListenAt): Promise<{ server: Server; url: string }> => {
    const https = web.tls ? createHttpsServer(web.tls.options, o.app) : undefined;
    const server: Server = https ?? createHttpServer(o.app);
    if (https) secure.push(https);
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
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = () => { server.off('error', reject); resolve(); };
      if ('fd' in at) server.listen({ fd: at.fd }, done);
      else server.listen(at.port, at.host, done);
    });
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.requestTimeout = 30_000;
    const addr = server.address() as AddressInfo;
    const host = 'fd' in at ? addr.address : at.host;
    const shown = host.includes(':') ? `[${host}]` : host;
    return { server, url: `${web.tls ? 'https' : 'http'}://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${addr.port}` };
  };
  const servers: Server[] = [];
  const secure: HttpsServer[] = [];
  const urls: string[] = [];
  try {
    for (const at of o.at) urls.push((await serve(at)).url);
  } catch (err) {
    // One address that cannot be used fails the start: nothing is left listening on the others.
    for (const s of servers) s.close();
    throw err;
  }
  return { url: urls[0] as string, urls, server: servers[0] as Server, servers, use, web: () => { refresh(); return web; } };
}
