#!/usr/bin/env node
/**
 * The `tlslite` command. Today it offers `selfcheck`; `client` and
 * `server` (the seed's tls.py) arrive with the handshake and CLI issues
 * and say so rather than pretend.
 *
 * @module
 */
import { runSelfCheck } from './selfcheck.js';

const USAGE = `usage: tlslite <command> [options]

commands:
  selfcheck   show which implementation serves each algorithm, check
              published vectors, and time the hot primitives
  client      (not built yet: needs the TLS handshake)
  server      (not built yet: needs the TLS handshake)
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'selfcheck':
      if (rest.length > 0) {
        process.stderr.write(`tlslite selfcheck: unexpected argument ${rest[0]}\n`);
        return 2;
      }
      return runSelfCheck();
    case 'client':
    case 'server':
      process.stderr.write(`tlslite ${command}: not available yet in this version (the TLS handshake is not built)\n`);
      return 2;
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(command === undefined ? USAGE : `tlslite: unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
