// `ontap-upgrade-exporter simulate`: a simulated fleet on loopback until interrupted.

import { parseArgs } from 'node:util';
import { DEFAULT_AUTH, fleetSetups, startFleet } from './fleet.js';
import { SCENARIO_NAMES } from './scenarios.js';
import { loadScript } from './script.js';

export function parseListen(v: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`--listen: expected HOST:PORT, got "${v}"`);
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}

export async function runSimulate(argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      listen: { type: 'string', default: '127.0.0.1:8443' },
      scenario: { type: 'string', default: 'upgrade-4node' },
      speed: { type: 'string', default: '60' },
      clusters: { type: 'string', default: '1' },
      tls: { type: 'boolean', default: false },
      user: { type: 'string' },
      password: { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      script: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`simulate flags: --listen HOST:PORT --scenario NAME[,NAME] --speed N --clusters N --tls --user U --password P --no-auth --script FILE\nscenarios: ${SCENARIO_NAMES.join(', ')}\n`);
    return 0;
  }
  const { host, port } = parseListen(values.listen);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new Error(`--speed: expected a number > 0, got "${values.speed}"`);
  const count = Number(values.clusters);
  if (!Number.isInteger(count) || count < 1 || count > 5000) throw new Error(`--clusters: expected 1..5000, got "${values.clusters}"`);
  if ((values.user === undefined) !== (values.password === undefined)) throw new Error('--user and --password go together');
  const setups = values.script ? loadScript(values.script) : fleetSetups(count, values.scenario.split(','));
  const auth = values['no-auth'] ? null : values.user ? { user: values.user, password: values.password as string } : DEFAULT_AUTH;
  const fleet = await startFleet({ host, port, clusters: setups, speed, tls: values.tls, auth });
  const who = auth ? ` (basic auth: user ${auth.user})` : ' (no auth)';
  process.stdout.write(`ONTAP simulator: ${fleet.clusters.length} cluster(s), speed x${speed}${who}\n`);
  for (const c of fleet.clusters.slice(0, 50)) process.stdout.write(`  ${c.name}  ${c.url}/api/cluster/software\n`);
  if (fleet.clusters.length > 50) process.stdout.write(`  ... ${fleet.clusters.length - 50} more, ports ${fleet.clusters[50]?.port}..${fleet.clusters.at(-1)?.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await fleet.stop();
  return 0;
}
