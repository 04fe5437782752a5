#!/usr/bin/env node
/**
 * The `tlsdb` command (the seed's tlsdb.py): manages SRP verifier
 * databases (see docs/verifierdb.md).
 *
 *     tlsdb createsrp DB
 *     tlsdb add DB USER PASS [BITS]
 *     tlsdb del DB USER
 *     tlsdb check DB USER [PASS]
 *     tlsdb list DB
 *
 * PASS "-" (or --password-stdin in its place) reads the password from the
 * first line of standard input, so it does not show in the process list.
 * Exit status: 0 on success, 1 when the operation fails (with one line on
 * stderr saying why), 2 for a usage error. Passwords are never printed.
 *
 * @module
 */
import fs from 'node:fs';
import { SRP_GROUP_BITS } from '../srp/groups.js';
import { VerifierDB, VerifierDBError } from '../srp/verifier-db.js';

const USAGE = `usage: tlsdb <command> <arguments>

commands:
  createsrp DB                 create a new, empty SRP verifier database
  add DB USER PASS [BITS]      add USER (or replace its verifier); BITS is the
                               RFC 5054 group size: ${SRP_GROUP_BITS.join(', ')}
                               (default 2048)
  del DB USER                  remove USER
  check DB USER [PASS]         exit 0 if USER exists (and PASS is its password)
  list DB                      print each user and its group size

PASS "-" or --password-stdin reads the password from the first line of
standard input (keeps it out of the process list).

exit status: 0 success, 1 failure (reason on stderr), 2 usage error
`;

/** A failure to report in one line. */
class Failure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const usage = (why: string) => new Failure(`${why} (tlsdb --help shows the usage)`, 2);

/** The password argument: itself, or the first line of standard input for "-". */
function password(arg: string): string {
  if (arg !== '-' && arg !== '--password-stdin') return arg;
  let input: string;
  try {
    input = fs.readFileSync(0, 'utf8');
  } catch (error) {
    throw new Failure(`cannot read the password from standard input: ${(error as Error).message}`, 1);
  }
  const line = input.split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new Failure('no password on standard input', 1);
  return line;
}

function expectArgs(command: string, args: string[], min: number, max: number): void {
  if (args.length < min) throw usage(`tlsdb ${command}: missing arguments`);
  // The extra arguments are not echoed: one of them may be a password.
  if (args.length > max) throw usage(`tlsdb ${command}: ${args.length - max} unexpected argument(s)`);
}

function run(argv: string[]): string {
  const [command, ...args] = argv;
  switch (command) {
    case 'createsrp': {
      expectArgs(command, args, 1, 1);
      VerifierDB.create(args[0]!);
      return `created ${args[0]}`;
    }
    case 'add': {
      expectArgs(command, args, 3, 4);
      const [file, user, pass, bitsText = '2048'] = args as [string, string, string, string?];
      const bits = /^\d+$/.test(bitsText) ? Number(bitsText) : NaN;
      if (!SRP_GROUP_BITS.includes(bits)) throw usage(`tlsdb add: BITS must be one of ${SRP_GROUP_BITS.join(', ')}`);
      const db = VerifierDB.open(file);
      const existed = db.has(user);
      db.add(user, VerifierDB.makeVerifier(user, password(pass), bits));
      return `${existed ? 'updated' : 'added'} ${JSON.stringify(user)} (${bits}-bit group)`;
    }
    case 'del': {
      expectArgs(command, args, 2, 2);
      const [file, user] = args as [string, string];
      if (!VerifierDB.open(file).delete(user)) throw new Failure(`tlsdb del: no user ${JSON.stringify(user)} in ${file}`, 1);
      return `deleted ${JSON.stringify(user)}`;
    }
    case 'check': {
      expectArgs(command, args, 2, 3);
      const [file, user, pass] = args as [string, string, string?];
      const db = VerifierDB.open(file);
      if (!db.has(user)) throw new Failure(`tlsdb check: no user ${JSON.stringify(user)} in ${file}`, 1);
      if (pass === undefined) return `user ${JSON.stringify(user)} exists`;
      if (!db.check(user, password(pass))) throw new Failure(`tlsdb check: wrong password for ${JSON.stringify(user)}`, 1);
      return `password for ${JSON.stringify(user)} is correct`;
    }
    case 'list': {
      expectArgs(command, args, 1, 1);
      const db = VerifierDB.open(args[0]!);
      return db
        .keys()
        .map((user) => `${user}\t${db.get(user)!.N.toString(2).length}`)
        .join('\n');
    }
    case undefined:
      throw new Failure(USAGE.trimEnd(), 2);
    case '-h':
    case '--help':
    case 'help':
      return USAGE.trimEnd();
    default:
      throw usage(`tlsdb: unknown command ${JSON.stringify(command)}`);
  }
}

function main(argv: string[]): number {
  try {
    const out = run(argv);
    if (out !== '') process.stdout.write(out + '\n');
    return 0;
  } catch (error) {
    if (error instanceof Failure) {
      process.stderr.write(error.message.trimEnd() + '\n');
      return error.status;
    }
    if (error instanceof VerifierDBError) {
      process.stderr.write(`tlsdb: ${error.message}\n`);
      return 1;
    }
    if (error instanceof RangeError || error instanceof TypeError) {
      // Bad user names and the like (the messages name the parameter, never its value).
      process.stderr.write(`tlsdb: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`tlsdb: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
