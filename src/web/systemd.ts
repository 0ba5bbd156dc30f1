// systemd socket activation (--web.systemd-socket), as the exporter-toolkit's go-systemd activation:
// systemd opens the listening sockets, starts us with them on fd 3, 4, ... and says how many in
// LISTEN_FDS, for the process named by LISTEN_PID (a child we start must not take them too).

import type { ListenAt } from './listener.js';

/** sd_listen_fds(3): the first passed descriptor. */
const SD_LISTEN_FDS_START = 3;

/** The sockets systemd passed to this process; throws (naming what is wrong) when there are none. */
export function systemdSockets(env: NodeJS.ProcessEnv, pid: number): ListenAt[] {
  const fds = Number(env.LISTEN_FDS);
  if (env.LISTEN_PID === undefined || env.LISTEN_FDS === undefined) throw new Error('--web.systemd-socket: no socket activation file descriptors found (LISTEN_PID and LISTEN_FDS are not set: start it from a systemd .socket unit)');
  if (Number(env.LISTEN_PID) !== pid) throw new Error(`--web.systemd-socket: the sockets are for process ${env.LISTEN_PID}, not this one (${pid})`);
  if (!Number.isInteger(fds) || fds < 1) throw new Error(`--web.systemd-socket: no socket activation file descriptors found (LISTEN_FDS=${JSON.stringify(env.LISTEN_FDS)})`);
  // As go-systemd does with unsetEnv: processes we might start do not see sockets meant for us.
  delete env.LISTEN_PID;
  delete env.LISTEN_FDS;
  delete env.LISTEN_FDNAMES;
  return Array.from({ length: fds }, (_, i) => ({ fd: SD_LISTEN_FDS_START + i }));
}
