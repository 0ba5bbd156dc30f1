import { describe, expect, it } from 'vitest';
import { MASK, bound, sanitize, secretsOf } from './redact.js';

const creds = { username: 'admin', password: 'p@ss/w rd' };
const b64 = Buffer.from('admin:p@ss/w rd').toString('base64');

describe('secretsOf + sanitize', () => {
  it('masks the password, user:password, its base64 (padded or not), the Basic value and its URL encoding', () => {
    const secrets = secretsOf(creds);
    for (const leak of ['p@ss/w rd', 'admin:p@ss/w rd', b64, b64.replace(/=+$/, ''), `Basic ${b64}`, encodeURIComponent('p@ss/w rd')]) {
      const out = sanitize(`before ${leak} after`, secrets);
      expect(out, leak).toBe(`before ${MASK} after`);
    }
  });

  it('masks "Basic <base64>" whole (longest first), and every occurrence', () => {
    const out = sanitize(`authorization: Basic ${b64}; again p@ss/w rd and p@ss/w rd`, secretsOf(creds));
    expect(out).toBe(`authorization: ${MASK}; again ${MASK} and ${MASK}`);
  });

  it('has nothing to mask without a password, and ignores pieces too short to be worth masking', () => {
    expect(secretsOf({ username: 'admin' })).toEqual([]);
    expect(secretsOf({ username: 'admin', password: '' })).toEqual([]);
    // A 2-character password is not masked on its own (it would blank every "ab" in a message); its longer forms are.
    const s = secretsOf({ username: 'u', password: 'ab' });
    expect(s).not.toContain('ab');
    expect(s).toContain('u:ab');
  });

  it('masks before cutting, so no prefix of a secret survives the cut', () => {
    const out = sanitize(`${'x'.repeat(8)}p@ss/w rd`, secretsOf(creds), 10);
    expect(out).not.toContain('p@');
    expect(out.startsWith(`${'x'.repeat(8)}${MASK.slice(0, 2)}`)).toBe(true);
  });
});

describe('bound', () => {
  it('keeps short text and says how much it cut from long text', () => {
    expect(bound('short', 10)).toBe('short');
    expect(bound('x'.repeat(12), 10)).toBe(`${'x'.repeat(10)}… (2 more characters)`);
    expect(bound('y'.repeat(250))).toBe(`${'y'.repeat(200)}… (50 more characters)`);
  });
});
