import { describe, expect, it } from 'vitest';
import { systemdSockets } from './systemd.js';

describe('systemd socket activation', () => {
  it('listens on fd 3 onwards, as many as LISTEN_FDS says, and hides them from children', () => {
    const env: NodeJS.ProcessEnv = { LISTEN_PID: '42', LISTEN_FDS: '2', LISTEN_FDNAMES: 'a:b', PATH: '/bin' };
    expect(systemdSockets(env, 42)).toEqual([{ fd: 3 }, { fd: 4 }]);
    expect(env).toEqual({ PATH: '/bin' });
  });
  it('refuses sockets meant for another process, or none at all', () => {
    expect(() => systemdSockets({ LISTEN_PID: '41', LISTEN_FDS: '1' }, 42)).toThrow(/for process 41, not this one \(42\)/);
    expect(() => systemdSockets({}, 42)).toThrow(/no socket activation file descriptors found/);
    expect(() => systemdSockets({ LISTEN_PID: '42', LISTEN_FDS: '0' }, 42)).toThrow(/no socket activation file descriptors found/);
  });
});
