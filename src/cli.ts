// One command, several jobs: `serve` (the exporter, default), `simulate`, `demo`, `check-config`.

import { runSimulate } from './simulator/cli.js';

const USAGE = `usage: ontap-upgrade-exporter <command> [flags]

commands:
  serve          run the exporter (default): --config.file, --web.listen-address, --log.level, --log.format
  check-config   validate a config file without starting: check-config FILE
  simulate       run simulated ONTAP clusters: --listen HOST:PORT [--scenario NAME[,NAME..]] [--speed N]
                 [--clusters N] [--tls] [--user U --password P | --no-auth] [--script FILE]
  demo           a simulated fleet plus the exporter on it
`;

export async function main(argv: string[]): Promise<number | undefined> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'simulate':
      return runSimulate(rest);
    case 'serve':
    case undefined:
    case 'check-config':
    case 'demo': {
      const mod = await import('./exporter/cli.js');
      if (cmd === 'check-config') return mod.runCheckConfig(rest);
      if (cmd === 'demo') return mod.runDemo(rest);
      return mod.runServe(rest);
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      if (cmd.startsWith('--')) {
        const mod = await import('./exporter/cli.js');
        return mod.runServe(argv);
      }
      process.stderr.write(`unknown command "${cmd}"\n${USAGE}`);
      return 2;
  }
}

