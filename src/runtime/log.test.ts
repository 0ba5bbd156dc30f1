import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, routeProcessWarnings } from './log.js';

const saved = process.listeners('warning');
afterEach(() => {
  process.removeAllListeners('warning');
  for (const l of saved) process.on('warning', l);
});

describe('routeProcessWarnings', () => {
  it("writes Node's own warnings as lines of the logger, in its format", async () => {
    const lines: string[] = [];
    const log = createLogger('info', 'json', new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
    routeProcessWarnings(log);
    process.emitWarning('something is deprecated', { type: 'DeprecationWarning', code: 'DEP0999' });
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'warn', warning: 'DeprecationWarning', code: 'DEP0999', msg: 'something is deprecated' });
  });
});
