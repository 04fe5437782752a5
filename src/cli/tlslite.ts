#!/usr/bin/env node
/**
 * The `tlslite` command: `client` and `server` (the seed's tls.py, with
 * its options), `demo` (what `npm start` runs) and `selfcheck` (which
 * implementation serves each algorithm, vectors, timings).
 *
 * @module
 */
import { runSelfCheck } from './selfcheck.js';
import { clientCommand, CLIENT_USAGE } from './client.js';
import { serverCommand, SERVER_USAGE } from './server.js';
import { demoCommand } from './demo.js';

const USAGE = `usage: tlslite <command> [options]

commands:
  server      TLS server: HTTPS file server or --echo, tls.py's report
              after each handshake (tlslite server --help)
  client      TLS client: handshake, report, --resumption, --get PATH
              (tlslite client --help)
  demo        our server and client on 127.0.0.1 over every version and
              key exchange, with the built-in public test keys (npm start)
  selfcheck   show which implementation serves each algorithm, check
              published vectors, and time the hot primitives
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.length === 1 && (rest[0] === '-h' || rest[0] === '--help');
  switch (command) {
    case 'selfcheck':
      if (rest.length > 0) {
        process.stderr.write(`tlslite selfcheck: unexpected argument ${rest[0]}\n`);
        return 2;
      }
      return runSelfCheck();
    case 'client':
      if (wantsHelp) return help(CLIENT_USAGE);
      return clientCommand(rest);
    case 'server':
      if (wantsHelp) return help(SERVER_USAGE);
      return serverCommand(rest);
    case 'demo':
      return demoCommand(rest);
    case '-h':
    case '--help':
    case 'help':
      return help(USAGE);
    default:
      process.stderr.write(command === undefined ? USAGE : `tlslite: unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

function help(text: string): number {
  process.stdout.write(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`tlslite: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
