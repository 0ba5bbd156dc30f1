// --web.config.file: the exporter-toolkit format, strictly validated; real Prometheus scraping over
// TLS with a client certificate and basic auth, configured from the example in docs/configuration.md.

import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCheckConfig } from '../src/exporter/cli.js';
import { WebConfigError, loadWebConfig, parseWebConfig } from '../src/config/web-config.js';
import { manualClock } from '../src/runtime/clock.js';
import { fleetSetups } from '../src/simulator/fleet.js';
import { makeCa, makeCert, pem } from './helpers/certs.js';
import { errorOf } from './helpers/errors.js';
import { exporterFor } from './helpers/exporter.js';
import { sim } from './helpers/sim.js';
import { startProcess } from './helpers/stack.js';

const readme = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
const yamlBlocks = readme.split('```yaml\n').slice(1).map((b) => b.split('```')[0] as string);
const README_WEB = yamlBlocks.find((b) => b.includes('tls_server_config:')) as string;
const README_SCRAPE = yamlBlocks.find((b) => b.includes('scheme: https')) as string;
const HASH = /\$2b\$10\$[./A-Za-z0-9]{53}/.exec(README_WEB)?.[0] as string;
const PASSWORD = 'change-me'; // the README says its example hash is for this password

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'web-config-'));
  makeCa(dir, 'exporter-ca');
  makeCa(dir, 'prometheus-ca');
  makeCa(dir, 'rogue-ca');
  makeCert(dir, 'exporter', 'exporter-ca', 'IP:127.0.0.1');
  makeCert(dir, 'prometheus', 'prometheus-ca', 'DNS:prometheus');
  makeCert(dir, 'rogue', 'rogue-ca', 'DNS:prometheus');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const badWeb = (text: string) => errorOf(() => parseWebConfig(text, join(dir, 'w.yml')), WebConfigError);

describe('web config validation', () => {
  it('refuses what the toolkit refuses, naming the path, never echoing a hash', () => {
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, colour: red}')).toMatch(/w\.yml: tls_server_config: unknown key "colour"/);
    expect(badWeb('basic_auth: {}')).toMatch(/\(top level\): unknown key "basic_auth"/);
    expect(badWeb('http_server_config: {headers: {X-Powered-By: me}}')).toMatch(/http_server_config\.headers\.X-Powered-By: HTTP header "X-Powered-By" can not be configured/);
    expect(badWeb('http_server_config: {headers: {X-Frame-Options: allow}}')).toMatch(/headers\.X-Frame-Options: expected one of deny, sameorigin/);
    const hashLike = 'plain-text-password-not-a-hash';
    const m = badWeb(`basic_auth_users: {alice: ${hashLike}}`);
    expect(m).toMatch(/basic_auth_users\.alice: not a bcrypt hash/);
    expect(m).not.toContain(hashLike);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, client_auth_type: RequireCert}')).toMatch(/tls_server_config\.client_auth_type: .*RequireAndVerifyClientCert/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, client_ca_file: prometheus-ca.crt}')).toMatch(/client CA configured without a client_auth_type/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt}')).toMatch(/missing one of key or key_file/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: rogue.key}')).toMatch(/cannot use the certificate and key/);
    expect(badWeb('tls_server_config: {cert_file: nope.crt, key_file: exporter.key}')).toMatch(/tls_server_config\.cert_file: cannot read .*nope\.crt: ENOENT/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, min_version: TLS13, max_version: TLS12}')).toMatch(/min_version TLS13 is above max_version TLS12/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, cipher_suites: [RC4]}')).toMatch(/tls_server_config\.cipher_suites\[0\]/);
    expect(badWeb('tls_server_config: {cert_file: exporter.crt, key_file: exporter.key, client_auth_type: VerifyClientCertIfGiven, client_allowed_sans: [x]}')).toMatch(/client_allowed_sans: needs client_auth_type/);
  });

  it('loads the README example, paths relative to the file; check-config checks it', async () => {
    const file = write('readme-web.yml', README_WEB);
    const w = loadWebConfig(file);
    expect(w.tls?.clientAuth).toBe('RequireAndVerifyClientCert');
    expect([...w.users.keys()]).toEqual(['prometheus']);
    expect(w.headers).toEqual({ 'Strict-Transport-Security': 'max-age=31536000', 'X-Content-Type-Options': 'nosniff' });
    expect(loadWebConfig(write('empty.yml', '')).tls).toBeUndefined();

    const out: string[] = [];
    const origOut = process.stdout.write.bind(process.stdout);
    const origErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => { out.push(s); return true; });
    process.stderr.write = ((s: string) => { out.push(s); return true; });
    try {
      expect(await runCheckConfig(['--web.config.file', file])).toBe(0);
      expect(await runCheckConfig(['--web.config.file', write('bad-web.yml', 'basic_auth_users: {a: "$2b$10$short"}')])).toBe(1);
    } finally {
      process.stdout.write = origOut;
      process.stderr.write = origErr;
    }
    expect(out.join('')).toMatch(/readme-web\.yml: OK, TLS on \(client certificates: RequireAndVerifyClientCert\), 1 basic auth user/);
    expect(out.join('')).toMatch(/bad-web\.yml: basic_auth_users\.a: not a bcrypt hash/);
    expect(out.join('')).not.toContain('$2b$10$short');
  });
});

describe('TLS and basic auth', () => {
  it('real Prometheus scrapes over TLS with a client certificate and basic auth, from the README examples', async () => {
    const f = await sim(fleetSetups(2, ['idle']));
    const webFile = write('web-config.yml', README_WEB);
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { web: loadWebConfig(webFile) });
    await exporter.pollAll();
    expect(exporter.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const scrape = parse(README_SCRAPE) as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
    scrape.scrape_configs[0]!.static_configs[0]!.targets = [exporter.url.replace('https://', '')];
    const prometheus = await startProcess('prometheus', 'prometheus',
      (d, port) => ['--config.file=prometheus.yml', `--storage.tsdb.path=${d}/data`, `--web.listen-address=127.0.0.1:${port}`],
      () => ({
        'prometheus.yml': stringify({ global: { scrape_interval: '1s' }, ...scrape }),
        'exporter-ca.crt': pem(dir, 'exporter-ca.crt').toString(), 'prometheus.crt': pem(dir, 'prometheus.crt').toString(),
        'prometheus.key': pem(dir, 'prometheus.key').toString(), 'ontap-exporter-password': `${PASSWORD}\n`,
      }), '/-/ready');
    try {
      let value: string | undefined;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && value === undefined) {
        await new Promise((r) => setTimeout(r, 500));
        const r = await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('ontap_exporter_clusters and on() up{job="ontap-upgrade"} == 1')}`)).json();
        value = r.data?.result?.[0]?.value?.[1];
      }
      expect(value, prometheus.output().slice(-1500)).toBe('2');
      const up = await (await fetch(`${prometheus.url}/api/v1/query?query=count(ontap_up)`)).json();
      expect(up.data.result[0].value[1]).toBe('2');
    } finally {
      await prometheus.stop();
    }

    const ca = pem(dir, 'exporter-ca.crt');
    const client = (name?: string) => new Agent({ connect: { ca, ...(name ? { cert: pem(dir, `${name}.crt`), key: pem(dir, `${name}.key`) } : {}) } });
    const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
    const get = async (agent: Agent, path: string, auth?: string) => {
      const r = await request(`${exporter.url}${path}`, { dispatcher: agent, headers: auth ? { authorization: auth } : {} });
      await r.body.text();
      return r;
    };
    const good = client('prometheus');
    expect((await get(good, '/metrics', basic('prometheus', PASSWORD))).statusCode).toBe(200);
    const ok = await get(good, '/-/healthy', basic('prometheus', PASSWORD));
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');
    for (const [what, auth] of [['missing', undefined], ['wrong password', basic('prometheus', 'wrong')], ['unknown user', basic('mallory', PASSWORD)], ['garbage', 'Basic !!!']] as const) {
      const r = await get(good, '/metrics', auth);
      expect(r.statusCode, what).toBe(401);
      expect(r.headers['www-authenticate'], what).toBe('Basic');
    }
    // The toolkit exempts no path: health is behind authentication too.
    expect((await get(good, '/-/healthy')).statusCode).toBe(401);
    // No client certificate, or one from another CA: the TLS handshake fails, whatever the password.
    await expect(get(client(), '/metrics', basic('prometheus', PASSWORD))).rejects.toThrow();
    await expect(get(client('rogue'), '/metrics', basic('prometheus', PASSWORD))).rejects.toThrow();
    await Promise.all([good.close()]);

    const all = logs.join('');
    for (const secret of [PASSWORD, HASH, 'wrong', Buffer.from(`prometheus:${PASSWORD}`).toString('base64')]) expect(all.includes(secret), secret).toBe(false);
    expect(all).toContain('"tls":true');
  });

  it('like the toolkit, picks up a renewed certificate and changed users without a reload; a broken file keeps the last good one', async () => {
    const f = await sim(fleetSetups(1, ['idle']));
    copyFileSync(join(dir, 'exporter.crt'), join(dir, 'live.crt'));
    copyFileSync(join(dir, 'exporter.key'), join(dir, 'live.key'));
    const webText = (user: string) => stringify({ tls_server_config: { cert_file: 'live.crt', key_file: 'live.key' }, basic_auth_users: { [user]: HASH } });
    const file = write('live.yml', webText('alice'));
    // The files are looked at again at most once a second, by the exporter's clock: moved, not waited for.
    const clock = manualClock();
    const { exporter, logs } = await exporterFor(f, () => ({}), false, { web: loadWebConfig(file), loadWeb: () => loadWebConfig(file), clock });
    const port = Number(new URL(exporter.url).port);
    const fingerprint = () => new Promise<string>((resolve, reject) => {
      const sock = connect({ host: '127.0.0.1', port, ca: pem(dir, 'exporter-ca.crt') }, () => { resolve(sock.getPeerCertificate().fingerprint256); sock.end(); });
      sock.once('error', reject);
    });
    const agent = new Agent({ connect: { ca: pem(dir, 'exporter-ca.crt') } });
    const status = async (user: string) => {
      const r = await request(`${exporter.url}/metrics`, { dispatcher: agent, headers: { authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}` } });
      await r.body.text();
      return r.statusCode;
    };
    const before = await fingerprint();
    expect([await status('alice'), await status('bob')]).toEqual([200, 401]);

    makeCert(dir, 'renewed', 'exporter-ca', 'IP:127.0.0.1');
    copyFileSync(join(dir, 'renewed.crt'), join(dir, 'live.crt'));
    copyFileSync(join(dir, 'renewed.key'), join(dir, 'live.key'));
    write('live.yml', webText('bob'));
    // Not yet: the last look was less than a second ago.
    expect([await status('alice'), await status('bob')]).toEqual([200, 401]);
    clock.advance(1000);
    const after = await fingerprint();
    expect(after).not.toBe(before);
    expect(after).toBe(new X509Certificate(pem(dir, 'renewed.crt')).fingerprint256);
    expect([await status('alice'), await status('bob')]).toEqual([401, 200]);

    write('live.yml', 'basic_auth_users: {bob: not-a-hash}\n');
    clock.advance(1000);
    expect([await status('alice'), await status('bob')]).toEqual([401, 200]);
    expect(logs.join('')).toMatch(/live\.yml: basic_auth_users\.bob: not a bcrypt hash.*keeping the previous one/);
    expect(logs.join('')).not.toContain('not-a-hash');
    await agent.close();
  });

  it('client_auth_type RequireAnyClientCert and client_allowed_sans turn away clients after the handshake', async () => {
    const f = await sim(fleetSetups(1, ['idle']));
    const web = loadWebConfig(write('sans.yml', stringify({ tls_server_config: { cert_file: 'exporter.crt', key_file: 'exporter.key', client_auth_type: 'RequireAnyClientCert', client_allowed_sans: ['prometheus'] } })));
    const { exporter } = await exporterFor(f, () => ({}), false, { web });
    const ca = pem(dir, 'exporter-ca.crt');
    const get = (name?: string) => request(`${exporter.url}/-/healthy`, { dispatcher: new Agent({ connect: { ca, ...(name ? { cert: pem(dir, `${name}.crt`), key: pem(dir, `${name}.key`) } : {}) } }) });
    // Any certificate will do (not verified), as long as it names an allowed SAN.
    expect((await get('rogue')).statusCode).toBe(200);
    await expect(get()).rejects.toThrow();
    makeCert(dir, 'other', 'prometheus-ca', 'DNS:grafana');
    await expect(get('other')).rejects.toThrow();
  });
});
