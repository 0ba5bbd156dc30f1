// One command, several jobs: `serve` (the exporter, default), `check-config`, `hash-password`, `simulate`, `demo`.
// Each job's module is imported only when it runs: the exporter never loads the simulator.

const USAGE = `usage: ontap-upgrade-exporter <command> [flags]

commands:
  serve          run the exporter (default): --config.file, --web.config.file, --web.listen-address,
                 --web.enable-lifecycle, --log.level, --log.format (serve --help for all)
  check-config   validate config files without starting: check-config [FILE] [--web.config.file WEBFILE]
  hash-password  print the bcrypt hash of the password given on stdin, for basic_auth_users
  simulate       run simulated ONTAP clusters: --listen HOST:PORT [--scenario NAME[,NAME..]] [--speed N]
                 [--clusters N] [--tls] [--user U --password P | --no-auth] [--script FILE]
  demo           a simulated fleet plus the exporter on it
  --version      print the version and build details
`;

export async function main(argv: string[]): Promise<number | undefined> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'simulate':
      return (await import('./simulator/cli.js')).runSimulate(rest);
    case 'demo':
      return (await import('./demo/cli.js')).runDemo(rest);
    case 'check-config':
      return (await import('./exporter/cli.js')).runCheckConfig(rest);
    case 'hash-password':
      return (await import('./exporter/cli.js')).runHashPassword(rest);
    case 'serve':
    case undefined:
      return (await import('./exporter/cli.js')).runServe(rest);
    case '--version':
    case 'version':
      process.stdout.write((await import('./runtime/build-info.js')).versionText('ontap-upgrade-exporter'));
      return 0;
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      if (cmd.startsWith('--')) return (await import('./exporter/cli.js')).runServe(argv);
      process.stderr.write(`unknown command "${cmd}"\n${USAGE}`);
      return 2;
  }
}
