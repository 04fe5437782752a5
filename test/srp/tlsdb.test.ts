/**
 * The `tlsdb` command, run as a process: every command, its exit codes
 * (0 success, 1 failure with a one-line reason, 2 usage), the password
 * from standard input, and that no password is ever printed.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VerifierDB } from '../../src/srp/verifier-db.js';

const CLI = fileURLToPath(new URL('../../src/cli/tlsdb.ts', import.meta.url));
const SECRET = 'Sup3r-s3cret-pw';

function tlsdb(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function tempDb(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-tlsdb-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'users.db');
}

t.test('createsrp, add, list, check, del', async (t) => {
  const db = tempDb(t);
  let r = tlsdb(['createsrp', db]);
  t.equal(r.status, 0, r.err);
  r = tlsdb(['add', db, 'alice', SECRET]);
  t.equal(r.status, 0, r.err);
  t.match(r.out, /added "alice" \(2048-bit group\)/, 'default group 2048');
  r = tlsdb(['add', db, 'bob', '-', '1024'], `${SECRET}\n`);
  t.equal(r.status, 0, r.err);
  r = tlsdb(['add', db, 'carol', '--password-stdin', '3072'], 'other\r\n');
  t.equal(r.status, 0, r.err);
  r = tlsdb(['list', db]);
  t.equal(r.status, 0);
  t.equal(r.out, 'alice\t2048\nbob\t1024\ncarol\t3072\n');
  t.ok(VerifierDB.open(db).check('bob', SECRET), 'the password from stdin is the one stored (newline stripped)');
  t.ok(VerifierDB.open(db).check('carol', 'other'), 'CRLF stripped too');

  t.equal(tlsdb(['check', db, 'alice']).status, 0, 'user exists');
  t.equal(tlsdb(['check', db, 'alice', SECRET]).status, 0, 'right password');
  t.equal(tlsdb(['check', db, 'bob', '-'], `${SECRET}\n`).status, 0, 'right password from stdin');
  r = tlsdb(['check', db, 'alice', 'wrong']);
  t.equal(r.status, 1, 'wrong password');
  t.equal(r.err, 'tlsdb check: wrong password for "alice"\n', 'one line');
  r = tlsdb(['check', db, 'nobody']);
  t.equal(r.status, 1);
  t.match(r.err, /^tlsdb check: no user "nobody" in .*users\.db\n$/);

  r = tlsdb(['add', db, 'alice', 'newpass', '1536']);
  t.match(r.out, /updated "alice" \(1536-bit group\)/);
  t.ok(VerifierDB.open(db).check('alice', 'newpass'));
  r = tlsdb(['del', db, 'alice']);
  t.equal(r.status, 0, r.err);
  t.same(VerifierDB.open(db).keys(), ['bob', 'carol']);
  r = tlsdb(['del', db, 'alice']);
  t.equal(r.status, 1, 'deleting a missing user fails');
});

t.test('failures: exit 1 with one line; usage errors exit 2', async (t) => {
  const db = tempDb(t);
  tlsdb(['createsrp', db]);
  const cases: ReadonlyArray<[string[], number, RegExp, string?]> = [
    [['createsrp', db], 1, /users\.db: already exists/],
    [['list', db + '.missing'], 1, /users\.db\.missing: cannot be opened/],
    [['add', db, 'bad\u0001name', SECRET], 1, /username contains the control character U\+0001/],
    [['add', db, 'x'.repeat(300), SECRET], 1, /username is 300 bytes/],
    [['add', db, 'dave', '-'], 1, /no password on standard input/, ''],
    [['add', db, 'dave', SECRET, '1000'], 2, /BITS must be one of/],
    [['add', db, 'dave'], 2, /tlsdb add: missing arguments/],
    [['add', db, 'dave', SECRET, '2048', SECRET], 2, /tlsdb add: 1 unexpected argument/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ];
  for (const [args, status, message, input] of cases) {
    const r = tlsdb(args, input);
    const label = args[0]!;
    t.equal(r.status, status, `${label} ${args.slice(2, 3).join(' ')}: exit ${status}`);
    t.match(r.err, message);
    t.equal(r.err.trimEnd().split('\n').length, 1, `${label}: one line`);
    t.notMatch(r.err + r.out, SECRET, `${label}: the password is not printed`);
  }
  fs.writeFileSync(db, 'not a database\n');
  const r = tlsdb(['list', db]);
  t.equal(r.status, 1);
  t.match(r.err, /users\.db: not a tlslite-ng SRP verifier database/);
  const none = tlsdb([]);
  t.equal(none.status, 2);
  t.match(none.err, /usage: tlsdb/);
  const help = tlsdb(['--help']);
  t.equal(help.status, 0);
  t.match(help.out, /createsrp DB[\s\S]*add DB USER PASS \[BITS\][\s\S]*del DB USER[\s\S]*check DB USER \[PASS\][\s\S]*list DB/);
});

t.test('no password in any output of a successful run', async (t) => {
  const db = tempDb(t);
  tlsdb(['createsrp', db]);
  for (const r of [tlsdb(['add', db, 'eve', SECRET]), tlsdb(['check', db, 'eve', SECRET]), tlsdb(['list', db])]) {
    t.notMatch(r.out + r.err, SECRET);
  }
  t.notMatch(fs.readFileSync(db, 'utf8'), SECRET, 'nor in the file');
});
