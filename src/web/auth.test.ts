import { compare as realCompare, hashSync } from 'bcryptjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { basicAuth } from './auth.js';
import { workerCompare } from './bcrypt-worker.js';

// bcrypt's compare, counted: how often it ran, and how many ran at once. A cost above 4 is not
// run (the decoy's cost is what those tests look at): it answers no at once.
const calls = { n: 0, active: 0, maxActive: 0, hashes: [] as string[] };
const compare = async (password: string, hash: string) => {
  calls.n++;
  calls.hashes.push(hash);
  calls.active++;
  calls.maxActive = Math.max(calls.maxActive, calls.active);
  try {
    return hash.startsWith('$2y$04$') || hash.startsWith('$2b$04$') ? await realCompare(password, hash) : false;
  } finally {
    calls.active--;
  }
};

const header = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const users = new Map([['alice', hashSync('s3cret', 4)], ['bob', hashSync('other', 4)]]);

beforeEach(() => Object.assign(calls, { n: 0, active: 0, maxActive: 0, hashes: [] }));

describe('basicAuth', () => {
  it('lets in a known user with the right password only', async () => {
    const auth = basicAuth({ compare });
    expect(await auth(users, header('alice:s3cret'))).toBe('ok');
    expect(await auth(users, header('alice:wrong'))).toBe('denied');
    expect(await auth(users, header('bob:s3cret'))).toBe('denied');
    expect(await auth(users, `basic   ${Buffer.from('alice:s3cret').toString('base64')}`)).toBe('ok');
  });

  it('keeps the part after the first colon whole: a password may hold colons', async () => {
    const auth = basicAuth({ compare });
    expect(await auth(new Map([['carol', hashSync('a:b:c', 4)]]), header('carol:a:b:c'))).toBe('ok');
  });

  it('pays bcrypt for an unknown user too, against a decoy of the configured cost, and still says no', async () => {
    const auth = basicAuth({ compare });
    expect(await auth(users, header('mallory:s3cret'))).toBe('denied');
    expect(calls.n).toBe(1);
    expect(calls.hashes[0]).not.toBe(users.get('alice'));
    expect(calls.hashes[0]).toMatch(/^\$2y\$04\$/);
    // Cost-12 users: the decoy costs 12 too (a cheaper decoy would tell unknown names by timing).
    const costly = new Map([['alice', `$2b$12$${'a'.repeat(53)}`]]);
    expect(await auth(costly, header('mallory:x'))).toBe('denied');
    expect(calls.hashes[1]).toMatch(/^\$2y\$12\$/);
  });

  it('never runs a hash costlier than 14 (check-config refuses it; this is the second line)', async () => {
    const auth = basicAuth({ compare });
    expect(await auth(new Map([['slow', `$2b$31$${'a'.repeat(53)}`]]), header('slow:x'))).toBe('denied');
    expect(calls.hashes[0]).toMatch(/^\$2y\$14\$/);
  });

  it('says no to a missing or malformed header without running bcrypt', async () => {
    const auth = basicAuth({ compare });
    for (const h of [undefined, '', 'Bearer abc', 'Basic', 'Basic a b', header('no-colon')]) expect(await auth(users, h), String(h)).toBe('denied');
    expect(calls.n).toBe(0);
  });

  it('remembers a verified credential (not a failed one), and checks again when the hash changes', async () => {
    const auth = basicAuth({ compare });
    for (let i = 0; i < 3; i++) expect(await auth(users, header('alice:s3cret'))).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await auth(users, header('alice:wrong'))).toBe('denied');
    expect(calls.n).toBe(4);
    // A reload gave alice a new password: the old one's remembered "yes" must not count.
    const reloaded = new Map([['alice', hashSync('new', 4)]]);
    expect(await auth(reloaded, header('alice:s3cret'), 'p')).toBe('denied');
    expect(await auth(reloaded, header('alice:new'), 'p')).toBe('ok');
    expect(calls.n).toBe(6);
  });

  it('no number of guesses evicts a verified credential, nor makes its caller wait', async () => {
    let t = 0;
    const auth = basicAuth({ now: () => t, compare });
    expect(await auth(users, header('alice:s3cret'), 'prometheus')).toBe('ok');
    const before = calls.n;
    // 300 guesses from 300 addresses, a minute apart: every budget full each time (the queue is not).
    const guesses: Array<Promise<string>> = [];
    for (let i = 0; i < 300; i++) {
      t += 60_000;
      guesses.push(auth(users, header(`alice:guess${i}`), `10.0.${i >> 8}.${i & 255}`));
    }
    // The scraper is answered before any of the queued guesses is checked.
    expect(await auth(users, header('alice:s3cret'), 'prometheus')).toBe('ok');
    expect(calls.n).toBe(before + 1);
    await Promise.all(guesses);
    expect(await auth(users, header('alice:s3cret'), 'prometheus')).toBe('ok');
    // One checked, 16 waiting: the others were refused at once.
    expect(calls.n).toBe(before + 17);
  });

  it('limits unverified checks per address and in total, before bcrypt runs', async () => {
    let t = 0;
    const auth = basicAuth({ now: () => t, compare });
    const one = [];
    for (let i = 0; i < 8; i++) one.push(await auth(users, header(`alice:g${i}`), 'mallory'));
    expect(one).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'limited', 'limited', 'limited']);
    t += 10_000; // one more per 10 s
    expect(await auth(users, header('alice:g'), 'mallory')).toBe('denied');
    expect(await auth(users, header('alice:g'), 'mallory')).toBe('limited');
    // 100 addresses at once: one checked and 16 waiting get bcrypt, the rest is refused at once...
    const many = await Promise.all(Array.from({ length: 100 }, (_, i) => auth(users, header(`alice:h${i}`), `10.1.0.${i}`)));
    expect(many.filter((v) => v === 'denied').length).toBe(17);
    // ... and of the total budget (20, one used above) two are left.
    const more = await Promise.all(Array.from({ length: 10 }, (_, i) => auth(users, header(`alice:i${i}`), `10.1.1.${i}`)));
    expect(more.filter((v) => v === 'denied').length).toBe(2);
    expect(calls.n).toBe(5 + 1 + 17 + 2);
    // An address that verified before is not held to the total: Prometheus after a reload.
    const trusted = basicAuth({ now: () => t, compare });
    expect(await trusted(users, header('alice:s3cret'), 'prometheus')).toBe('ok');
    await Promise.all(Array.from({ length: 40 }, (_, i) => trusted(users, header(`alice:h${i}`), `10.2.0.${i}`)));
    expect(await trusted(new Map([['alice', hashSync('new', 4)]]), header('alice:new'), 'prometheus')).toBe('ok');
  });

  it('runs one bcrypt at a time, however many requests come at once', async () => {
    const auth = basicAuth({ compare });
    const answers = await Promise.all(['alice:s3cret', 'alice:x', 'bob:other', 'bob:y', 'eve:z'].map((p, i) => auth(users, header(p), `c${i}`)));
    expect(answers).toEqual(['ok', 'denied', 'ok', 'denied', 'denied']);
    expect(calls.n).toBe(5);
    expect(calls.maxActive).toBe(1);
  });
});

describe('workerCompare', () => {
  it('checks in a worker thread: right and wrong passwords, a malformed hash', async () => {
    const check = workerCompare();
    const h = hashSync('s3cret', 4);
    expect(await Promise.all([check('s3cret', h), check('wrong', h), check('x', 'not-a-hash')])).toEqual([true, false, false]);
  });
});
