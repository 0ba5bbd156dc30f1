import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { PollError, classify, httpError, retryAfter } from './poll-error.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const clean = (s: string) => s.split('hunter2').join('<redacted>');

describe('retryAfter', () => {
  it('reads delay-seconds, capped so 400 digits do not read as Infinity', () => {
    expect(retryAfter('120', NOW)).toBe(120);
    expect(retryAfter(' 0 ', NOW)).toBe(0);
    expect(retryAfter('9'.repeat(400), NOW)).toBe(1e9);
  });

  it('reads an HTTP date against the injected now, rounding up, never below 0', () => {
    expect(retryAfter('Thu, 01 Jan 2026 00:01:30 GMT', NOW)).toBe(90);
    expect(retryAfter('Thu, 01 Jan 2026 00:00:00 GMT', NOW + 500)).toBe(0);
    expect(retryAfter('Thu, 01 Jan 2026 00:00:01 GMT', NOW + 500)).toBe(1);
    expect(retryAfter('Wed, 31 Dec 2025 23:00:00 GMT', NOW)).toBe(0);
  });

  it('takes the first of repeated headers, and nothing from an absent or unreadable one', () => {
    expect(retryAfter(['30', '60'], NOW)).toBe(30);
    for (const v of [undefined, '', '  ', 'soon', '12abc']) expect(retryAfter(v, NOW), String(v)).toBeUndefined();
    // Not delay-seconds, so read as a date, and V8's Date.parse takes these for dates in the past: no wait.
    expect([retryAfter('-5', NOW), retryAfter('1.5', NOW)]).toEqual([0, 0]);
  });
});

describe('httpError', () => {
  it('is nothing for a 200, and a reason per status class otherwise', () => {
    expect(httpError(200, '', undefined, clean, NOW)).toBeUndefined();
    expect([401, 403, 404, 429, 500, 503, 204, 302].map((s) => httpError(s, '', undefined, clean, NOW)?.reason))
      .toEqual(['auth', 'auth', 'http_4xx', 'http_4xx', 'http_5xx', 'http_5xx', 'bad_response', 'bad_response']);
    expect(httpError(302, '', undefined, clean, NOW)?.message).toBe('unexpected HTTP 302');
  });

  it("adds ONTAP's own message and code, masked, and nothing from a body that is not ONTAP's error", () => {
    const body = JSON.stringify({ error: { message: 'bad password hunter2', code: '6691623' } });
    expect(httpError(401, body, undefined, clean, NOW)?.message).toBe('HTTP 401: bad password <redacted> (code 6691623)');
    expect(httpError(500, JSON.stringify({ error: { message: 'm', code: 7 } }), undefined, clean, NOW)?.message).toBe('HTTP 500: m (code 7)');
    expect(httpError(500, '<html>hunter2</html>', undefined, clean, NOW)?.message).toBe('HTTP 500');
  });

  it('keeps Retry-After on a 429 or 503 only', () => {
    expect(httpError(429, '', '30', clean, NOW)?.retryAfterSeconds).toBe(30);
    expect(httpError(503, '', '5', clean, NOW)?.retryAfterSeconds).toBe(5);
    expect(httpError(500, '', '30', clean, NOW)?.retryAfterSeconds).toBeUndefined();
    expect(httpError(503, '', 'later', clean, NOW)?.retryAfterSeconds).toBeUndefined();
  });
});

describe('classify', () => {
  it('passes a PollError through', () => {
    const e = new PollError('auth', 'HTTP 401');
    expect(classify(e)).toBe(e);
  });

  it('calls an abort or any undici timeout a timeout', () => {
    const aborted = AbortSignal.abort();
    expect(classify(new Error('whatever'), aborted).message).toBe('poll timeout reached');
    expect(classify(Object.assign(new Error('x'), { name: 'TimeoutError' })).reason).toBe('timeout');
    expect(classify(new undiciErrors.ConnectTimeoutError()).message).toBe('connect timeout');
    expect(classify(new undiciErrors.HeadersTimeoutError()).message).toBe('headers timeout');
    expect(classify(new undiciErrors.BodyTimeoutError()).message).toBe('body timeout');
  });

  it('tells TLS failures by code or message from other connection errors', () => {
    expect(classify(Object.assign(new Error('Hostname/IP does not match'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).message).toBe('TLS: ERR_TLS_CERT_ALTNAME_INVALID');
    expect(classify(Object.assign(new Error('x'), { cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } })).reason).toBe('tls');
    expect(classify(new Error('unable to verify the first certificate')).reason).toBe('tls');
    expect(classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).message).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1');
    expect(classify('socket hang up').message).toBe('connection error: socket hang up');
  });

  it('masks secrets in the message and bounds it', () => {
    const e = classify(new Error(`refused for hunter2 ${'z'.repeat(300)}`), undefined, ['hunter2']);
    expect(e.message).not.toContain('hunter2');
    expect(e.message.length).toBeLessThan(260);
  });
});
