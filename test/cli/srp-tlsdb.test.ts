/**
 * SRP through the commands (tls.py's -v on the server, -u/-p on the
 * client), with a database made by `tlsdb`: the right password logs in
 * (the report names the user on both ends), a wrong one is refused with
 * tls.py's "Bad username or password". Both providers. Skipped while
 * SRP is not built (the feature table refuses the options then).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FEATURES } from '../../src/cli/features.js';
import { providerLabels } from '../interop/ours.js';
import { usePeers } from '../interop/peers.js';
import { envFor, parseReports, runTlslite, startCliServer, ROOT } from './cli.js';

const TLSDB = fileURLToPath(new URL('../../src/cli/tlsdb.ts', import.meta.url));

t.test('SRP: tlsdb, tlslite server -v, tlslite client -u/-p', { skip: FEATURES.srp.built ? false : 'SRP is not built' }, async (t) => {
  usePeers(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-srp-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'verifiers.db');
  const tlsdb = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', TLSDB, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  t.equal(tlsdb('createsrp', db).status, 0, 'tlsdb createsrp');
  t.equal(tlsdb('add', db, 'alice', 'correct horse', '2048').status, 0, 'tlsdb add');
  for (const provider of providerLabels()) {
    const server = await startCliServer(['-v', db, '--echo'], envFor(provider));
    const good = await runTlslite(['client', '-u', 'alice', '-p', 'correct horse', `127.0.0.1:${server.port}`], envFor(provider));
    if (good.code !== 0) t.comment(good.output);
    t.equal(good.code, 0, `${provider}: the right password logs in`);
    const report = parseReports(good.stdout)[0];
    t.equal(report?.get('Client SRP username'), 'alice');
    t.match(report?.get('Ciphersuite') ?? '', /^TLS_SRP_SHA_WITH_/);
    await server.process.waitFor(/Client SRP username: alice/);
    const bad = await runTlslite(['client', '-u', 'alice', '-p', 'wrong', `127.0.0.1:${server.port}`], envFor(provider));
    t.equal(bad.code, 1, `${provider}: a wrong password is refused`);
    t.match(bad.output, /Bad username or password/);
    await server.process.waitFor(/Handshake with 127\.0\.0\.1:\d+ failed/);
    t.equal((await server.process.stop()).code, 0, 'the server goes on and exits cleanly');
  }
});
