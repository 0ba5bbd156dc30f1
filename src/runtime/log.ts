// pino, as JSON or logfmt. Secrets are redacted by key wherever they appear,
// as a second line of defence: the code never logs them in the first place.

import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type LogFormat = 'json' | 'logfmt';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const REDACT = ['password', '*.password', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'key', '*.key'];

function logfmtValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

/** Turns pino's JSON lines into logfmt: ts=... level=... msg=... key=value. */
export function logfmtStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const o = JSON.parse(line) as Record<string, unknown>;
          const { time, level, msg, ...rest } = o;
          const parts = [`ts=${new Date(Number(time)).toISOString()}`, `level=${String(level)}`];
          if (msg !== undefined) parts.push(`msg=${logfmtValue(msg)}`);
          for (const [k, v] of Object.entries(rest)) parts.push(`${k}=${logfmtValue(v)}`);
          if (writable(out)) out.write(`${parts.join(' ')}\n`);
        } catch {
          if (writable(out)) out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

/**
 * A log reader that goes away (EPIPE, a closed pipe) must not kill the exporter:
 * the stream's errors are swallowed and, once it is broken, nothing more is written.
 */
export function survivePipeErrors(out: NodeJS.WritableStream): NodeJS.WritableStream {
  if (!out.listeners('error').includes(ignore)) out.on('error', ignore);
  return out;
}
function ignore(): void { /* the reader is gone; there is no one left to tell */ }

function writable(out: NodeJS.WritableStream): boolean {
  const s = out as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
  return !s.destroyed && !s.writableEnded;
}

/** JSON lines straight to `out`, skipped once `out` is broken. */
function guarded(out: NodeJS.WritableStream): pino.DestinationStream {
  return { write: (line: string) => { if (writable(out)) out.write(line); } };
}

export function createLogger(level: string, format: LogFormat, out: NodeJS.WritableStream = process.stderr): Logger {
  survivePipeErrors(out);
  const dest = format === 'logfmt' ? logfmtStream(out) : guarded(out);
  return pino({
    level,
    base: undefined,
    redact: { paths: REDACT, censor: '<redacted>' },
    formatters: { level: (label) => ({ level: label }) },
  }, dest);
}

export type { Logger };

/**
 * Node's own warnings (a deprecation, a listener leak) as lines of the logger, in its format,
 * instead of the plain text Node writes to stderr by default.
 */
export function routeProcessWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => log.warn({ warning: w.name, ...((w as { code?: string }).code ? { code: (w as { code?: string }).code } : {}) }, w.message));
}

/**
 * A crash is a line of the logger too (Node would write a bare stack trace): logged, then exit 1,
 * as Node does. An unhandled rejection counts as a crash, as it does in Node by default.
 */
export function routeProcessCrashes(log: Logger): void {
  const crash = (what: string) => (err: unknown) => {
    log.error({ err: err instanceof Error ? err.message : String(err), ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) }, `${what}: exiting`);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
}
