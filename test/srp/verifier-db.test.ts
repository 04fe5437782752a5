/**
 * VerifierDB: the API, user name and entry validation, the file format
 * and its refusals, and the on-disk guarantees — a writer killed with
 * SIGKILL mid-write leaves the old or the new database, readers in other
 * processes always see a whole database, concurrent writers lose nothing.
 */
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VerifierDB, VerifierDBError } from '../../src/srp/verifier-db.js';
import { MAGIC } from '../../src/srp/db-file.js';
import { groupForBits } from '../../src/srp/groups.js';
import { computeVerifier } from '../../src/srp/math.js';
import { defaultProvider } from '../../src/crypto/select.js';

const WORKER = fileURLToPath(new URL('./db-worker.ts', import.meta.url));

function tempDir(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-verifierdb-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function worker(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()));
  return { child, done, ready };
}

t.test('in memory: add, get, has, keys, delete, check', async (t) => {
  const db = new VerifierDB();
  t.equal(db.path, undefined);
  const entry = VerifierDB.makeVerifier('alice', 'secret', 2048);
  const group = groupForBits(2048)!;
  t.equal(entry.N, group.N);
  t.equal(entry.g, group.g);
  t.equal(entry.salt.length, 16);
  t.equal(entry.verifier, computeVerifier(defaultProvider(), group.N, group.g, entry.salt, 'alice', 'secret'), 'v = g^x');
  db.add('alice', entry);
  db.add('bob', VerifierDB.makeVerifier('bob', 'pw', 1024));
  t.ok(db.has('alice'));
  t.notOk(db.has('carol'));
  t.equal(db.get('carol'), undefined);
  t.same(db.keys(), ['alice', 'bob']);
  t.equal(db.size, 2);
  t.ok(db.check('alice', 'secret'));
  t.notOk(db.check('alice', 'Secret'));
  t.notOk(db.check('carol', 'secret'));
  t.ok(db.delete('alice'));
  t.notOk(db.delete('alice'));
  t.same(db.keys(), ['bob']);
  t.not(VerifierDB.makeVerifier('alice', 'secret', 2048).salt.join(), entry.salt.join(), 'a fresh salt each time');
});

t.test('bad input is TypeError/RangeError naming the parameter', async (t) => {
  const db = new VerifierDB();
  const ok = VerifierDB.makeVerifier('x', 'pw', 1024);
  t.throws(() => VerifierDB.makeVerifier('x', 'pw', 1000), /bits must be one of 1024, 1536, 2048, 3072, 4096, 6144, 8192/);
  t.throws(() => VerifierDB.makeVerifier('', 'pw', 1024), { name: 'RangeError', message: /username must not be empty/ });
  t.throws(() => VerifierDB.makeVerifier('x', '', 1024), { name: 'RangeError', message: /password/ });
  t.throws(() => VerifierDB.makeVerifier('x', 5 as never, 1024), { name: 'TypeError', message: /password/ });
  t.throws(() => db.add('a\tb', ok), /control character U\+0009/);
  t.throws(() => db.add('a\u0085b', ok), /control character U\+0085/);
  t.throws(() => db.add('x'.repeat(256), ok), /256 bytes of UTF-8, more than 255/);
  t.throws(() => db.add('é'.repeat(128), ok), /256 bytes/, 'length counts UTF-8 bytes');
  t.throws(() => db.add('a\ud800', ok), /lone surrogate/);
  t.throws(() => db.add('x', { ...ok, N: ok.N + 2n }), /RFC 5054 groups/);
  t.throws(() => db.add('x', { ...ok, verifier: 0n }), /1 < v < N/);
  t.throws(() => db.add('x', { ...ok, salt: new Uint8Array(0) }), /salt/);
  t.throws(() => db.add('x', null as never), { name: 'TypeError' });
  db.add('é'.repeat(127), ok);
  t.ok(db.has('é'.repeat(127)), '254 bytes is fine');
  t.same(db.keys(), ['é'.repeat(127)], 'nothing invalid got in');
});

t.test('on disk: create, open, reload after another handle writes', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'users.db');
  const db = VerifierDB.create(file);
  t.equal(db.path, file);
  t.throws(() => VerifierDB.create(file), { name: 'VerifierDBError', message: new RegExp(`${file}: already exists`) });
  db.add('alice', VerifierDB.makeVerifier('alice', 'secret', 2048));
  const other = VerifierDB.open(file);
  t.same(other.keys(), ['alice']);
  t.ok(other.check('alice', 'secret'), 'verifier survives the file');
  other.add('bob', VerifierDB.makeVerifier('bob', 'pw', 1024));
  t.same(db.keys(), ['alice', 'bob'], 'the first handle sees the other handle\'s write');
  db.delete('alice');
  t.same(other.keys(), ['bob']);
  t.equal(fs.readFileSync(file, 'utf8').split('\n')[0], MAGIC);
  t.same(fs.readdirSync(dir), ['users.db'], 'no temporary or lock file left behind');
  t.equal(fs.statSync(file).mode & 0o777, 0o600, 'only the owner may read the verifiers');
});

t.test('corrupt, truncated and foreign files are refused, naming the file', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'users.db');
  const db = VerifierDB.create(file);
  db.add('alice', VerifierDB.makeVerifier('alice', 'secret', 2048));
  db.add('bob', VerifierDB.makeVerifier('bob', 'pw', 1024));
  const good = fs.readFileSync(file);
  const cases: ReadonlyArray<[string, Buffer | string, RegExp]> = [
    ['truncated', good.subarray(0, good.length - 10), /corrupt SRP verifier database: .*truncated/],
    ['cut before the end line', good.subarray(0, good.indexOf('end ')), /corrupt SRP verifier database: no end line/],
    ['one byte changed', Buffer.from(good.toString('latin1').replace('alice', 'alicf'), 'latin1'), /checksum does not match/],
    ['foreign text', 'user:verifier:salt:1\n', /not a tlslite-ng SRP verifier database/],
    ['binary', Buffer.from([0xff, 0xfe, 0, 1, 2]), /not a tlslite-ng SRP verifier database/],
    ['empty', '', /not a tlslite-ng SRP verifier database/],
    ['future version', 'tlslite-ng SRP verifier database v9\nend 0 00\n', /unsupported SRP verifier database version/],
  ];
  for (const [name, bytes, message] of cases) {
    const bad = path.join(dir, `${name}.db`);
    fs.writeFileSync(bad, bytes);
    t.throws(() => VerifierDB.open(bad), { name: 'VerifierDBError', message }, name);
    try {
      VerifierDB.open(bad);
    } catch (error) {
      t.ok(error instanceof VerifierDBError && error.message.startsWith(`${bad}: `) && error.path === bad, `${name}: names the file`);
    }
  }
  t.throws(() => VerifierDB.open(path.join(dir, 'missing.db')), { name: 'VerifierDBError', message: /missing\.db: cannot be opened/ });
  t.throws(() => VerifierDB.open(dir), { name: 'VerifierDBError' }, 'a directory');
  // A handle whose file was replaced by garbage refuses to answer rather than serve stale data.
  fs.writeFileSync(file, 'garbage\n');
  t.throws(() => db.get('alice'), { name: 'VerifierDBError', message: /not a tlslite-ng SRP verifier database/ });
});

t.test('a writer killed (SIGKILL) in mid-write leaves the old or the new database', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'users.db');
  VerifierDB.create(file);
  let total = 0;
  for (let round = 0; round < 6; round++) {
    const w = worker(['write', file, String(total), '100000']);
    await w.ready;
    // Let it write for a while, at a different moment each round.
    await new Promise((r) => setTimeout(r, 150 + round * 70));
    w.child.kill('SIGKILL');
    const { signal } = await w.done;
    t.equal(signal, 'SIGKILL', `round ${round}: killed`);
    const db = VerifierDB.open(file);
    const users = db.keys();
    t.ok(users.length > total, `round ${round}: ${users.length - total} users were added before the kill`);
    t.ok(users.every((u, i) => u === `user${i}`), `round ${round}: every user is whole and in order`);
    t.ok(db.check(users.at(-1)!, users.at(-1)!), `round ${round}: the last user's verifier is intact`);
    total = users.length;
  }
  // The killed writer's lock is taken over; its temporary file does not matter.
  const db = VerifierDB.open(file);
  db.add('after', VerifierDB.makeVerifier('after', 'pw', 1024));
  t.ok(VerifierDB.open(file).has('after'), 'a new writer proceeds after the kills');
});

t.test('readers in other processes always see a whole database while one writes; two writers lose nothing', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'users.db');
  const db = VerifierDB.create(file);
  db.add('user0', VerifierDB.makeVerifier('user0', 'user0', 1024));
  const readers = [worker(['read', file, '2500']), worker(['read', file, '2500'])];
  const writer = worker(['write', file, '1', '60']);
  const w = await writer.done;
  t.equal(w.code, 0, `writer finished (${w.err})`);
  for (const [i, r] of (await Promise.all(readers.map((x) => x.done))).entries()) {
    const [reads, failures, first] = r.out.trim().split(' ');
    t.ok(Number(reads) > 10, `reader ${i}: ${reads} whole reads`);
    t.equal(Number(failures), 0, `reader ${i}: no inconsistent read ${first ?? ''} ${r.err}`);
  }
  t.equal(VerifierDB.open(file).size, 61);

  // Two writers at once: the lock serialises them, both sets arrive.
  const file2 = path.join(dir, 'two.db');
  VerifierDB.create(file2);
  const [a, b] = await Promise.all([worker(['write', file2, '0', '25']).done, worker(['write', file2, '1000', '25']).done]);
  t.equal(a.code, 0, a.err);
  t.equal(b.code, 0, b.err);
  const keys = new Set(VerifierDB.open(file2).keys());
  t.equal(keys.size, 50, 'no update lost');
});
