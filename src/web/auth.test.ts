import { hashSync } from 'bcryptjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { basicAuth } from './auth.js';

// bcrypt's compare, counted: how often it ran, and how many ran at once.
const calls = vi.hoisted(() => ({ n: 0, active: 0, maxActive: 0, hashes: [] as string[] }));
vi.mock('bcryptjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('bcryptjs')>();
  return {
    ...real,
    compare: async (password: string, hash: string) => {
      calls.n++;
      calls.hashes.push(hash);
      calls.active++;
      calls.maxActive = Math.max(calls.maxActive, calls.active);
      try {
        return await real.compare(password, hash);
      } finally {
        calls.active--;
      }
    },
  };
});

const header = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const users = new Map([['alice', hashSync('s3cret', 4)], ['bob', hashSync('other', 4)]]);

beforeEach(() => Object.assign(calls, { n: 0, active: 0, maxActive: 0, hashes: [] }));

describe('basicAuth', () => {
  it('lets in a known user with the right password only', async () => {
    const auth = basicAuth();
    expect(await auth(users, header('alice:s3cret'))).toBe(true);
    expect(await auth(users, header('alice:wrong'))).toBe(false);
    expect(await auth(users, header('bob:s3cret'))).toBe(false);
    expect(await auth(users, `basic   ${Buffer.from('alice:s3cret').toString('base64')}`)).toBe(true);
  });

  it('keeps the part after the first colon whole: a password may hold colons', async () => {
    const auth = basicAuth();
    expect(await auth(new Map([['carol', hashSync('a:b:c', 4)]]), header('carol:a:b:c'))).toBe(true);
  });

  it('pays bcrypt for an unknown user too (against a decoy), and still says no', async () => {
    const auth = basicAuth();
    expect(await auth(users, header('mallory:s3cret'))).toBe(false);
    expect(calls.n).toBe(1);
    expect(calls.hashes[0]).not.toBe(users.get('alice'));
    expect(calls.hashes[0]).toMatch(/^\$2y\$10\$/);
  });

  it('says no to a missing or malformed header without running bcrypt', async () => {
    const auth = basicAuth();
    for (const h of [undefined, '', 'Bearer abc', 'Basic', 'Basic a b', header('no-colon')]) expect(await auth(users, h), String(h)).toBe(false);
    expect(calls.n).toBe(0);
  });

  it('runs bcrypt once per user, hash and password, and again when the hash changes', async () => {
    const auth = basicAuth();
    for (let i = 0; i < 3; i++) expect(await auth(users, header('alice:s3cret'))).toBe(true);
    for (let i = 0; i < 3; i++) expect(await auth(users, header('alice:wrong'))).toBe(false);
    expect(calls.n).toBe(2);
    // A reload gave alice a new password: the old one's cached "yes" must not count.
    const reloaded = new Map([['alice', hashSync('new', 4)]]);
    expect(await auth(reloaded, header('alice:s3cret'))).toBe(false);
    expect(await auth(reloaded, header('alice:new'))).toBe(true);
    expect(calls.n).toBe(4);
  });

  it('keeps at most 100 results: a flood of wrong passwords starts the cache over', async () => {
    const auth = basicAuth();
    await auth(users, header('alice:s3cret'));
    for (let i = 0; i < 100; i++) await auth(users, header(`alice:wrong${i}`));
    expect(calls.n).toBe(101);
    expect(await auth(users, header('alice:s3cret'))).toBe(true);
    expect(calls.n).toBe(102);
  });

  it('runs one bcrypt at a time, however many requests come at once', async () => {
    const auth = basicAuth();
    const answers = await Promise.all(['alice:s3cret', 'alice:x', 'bob:other', 'bob:y', 'eve:z'].map((p) => auth(users, header(p))));
    expect(answers).toEqual([true, false, true, false, false]);
    expect(calls.n).toBe(5);
    expect(calls.maxActive).toBe(1);
  });
});
