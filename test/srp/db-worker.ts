/**
 * A child process for the VerifierDB tests (not a test file itself):
 *
 *     db-worker.ts write PATH START COUNT   add users START.. one by one, printing "ready" first
 *     db-worker.ts read PATH MS             open and check the database repeatedly for MS
 *                                           milliseconds; print "<reads> <failures> <first failure>"
 *
 * Each added user's password is its name, so a reader can check that
 * every entry it sees is whole.
 */
import { VerifierDB } from '../../src/srp/verifier-db.js';

const [mode, path, a, b] = process.argv.slice(2) as [string, string, string, string?];

if (mode === 'write') {
  const db = VerifierDB.open(path);
  process.stdout.write('ready\n');
  const start = Number(a);
  for (let i = start; i < start + Number(b); i++) {
    const name = `user${i}`;
    db.add(name, VerifierDB.makeVerifier(name, name, 1024));
  }
  process.stdout.write('done\n');
} else if (mode === 'read') {
  const until = Date.now() + Number(a);
  let reads = 0;
  let failures = 0;
  let first = '';
  const shared = VerifierDB.open(path);
  while (Date.now() < until) {
    try {
      // A fresh open each time, and a long-lived handle that reloads.
      for (const db of [VerifierDB.open(path), shared]) {
        const users = db.keys();
        // Users are added in order: what a reader sees is a prefix.
        users.forEach((u, i) => {
          if (u !== `user${i}`) throw new Error(`entry ${i} is ${u}`);
        });
        const last = users.at(-1);
        if (last !== undefined && !db.check(last, last)) throw new Error(`${last}: verifier does not match`);
      }
      reads++;
    } catch (error) {
      failures++;
      first ||= (error as Error).message;
    }
  }
  process.stdout.write(`${reads} ${failures} ${JSON.stringify(first)}\n`);
}
