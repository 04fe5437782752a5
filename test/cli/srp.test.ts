/**
 * `tlslite server -v VERIFIERDB` and `tlslite client -u USER -p PASS`, as
 * tls.py: an SRP handshake reported on both sides with the username, a
 * wrong password refused, and gnutls-cli's SRP client served by the CLI.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VerifierDB } from '../../src/srp/verifier-db.js';
import { cert, gnutlsClient, skipUnless, usePeers } from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import { envFor, parseReports, runTlslite, startCliServer } from './cli.js';

usePeers(t);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-cli-srp-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
const dbPath = path.join(dir, 'users.db');
const db = VerifierDB.create(dbPath);
db.add('alice', VerifierDB.makeVerifier('alice', 'correct horse', 2048));

for (const provider of providerLabels()) {
  t.test(`tlslite server -v (${provider})`, async (t) => {
    // With a certificate too, so SRP_SHA_RSA suites are possible.
    const server = await startCliServer(['-v', dbPath, '-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem'), '--echo'], envFor(provider));
    t.teardown(() => server.process.stop());

    await t.test('our client with -u/-p: both reports name the user', async (t) => {
      const r = await runTlslite(['client', '-u', 'alice', '-p', 'correct horse', `127.0.0.1:${server.port}`], envFor(provider));
      if (r.code !== 0) t.comment(r.output);
      t.equal(r.code, 0, 'exit status 0');
      const [report] = parseReports(r.stdout);
      t.equal(report?.get('Client SRP username'), 'alice');
      t.match(report?.get('Ciphersuite') ?? '', /^TLS_SRP_SHA_/);
      await server.process.waitFor(/Client SRP username: alice/);
      t.notMatch(r.output + server.process.output, /correct horse/, 'the password is never printed');
    });

    await t.test('a wrong password fails the handshake on both sides', async (t) => {
      const r = await runTlslite(['client', '-u', 'alice', '-p', 'wrong', `127.0.0.1:${server.port}`], envFor(provider));
      t.not(r.code, 0, 'non-zero exit status');
      t.match(r.output, /bad_record_mac/i, 'the client reports the alert');
      await server.process.waitFor(/Handshake with 127\.0\.0\.1:\d+ failed: .*bad_record_mac/i);
    });

    await t.test('gnutls-cli --srpusername/--srppasswd', { skip: skipUnless('gnutls') }, async (t) => {
      const cli = gnutlsClient({
        port: server.port,
        priority: 'NORMAL:-VERS-TLS1.3:-KX-ALL:+SRP:+SRP-RSA',
        extra: ['--srpusername=alice', '--srppasswd=correct horse'],
      });
      await cli.waitFor(/Simple Client Mode/);
      cli.write('over srp\n');
      await cli.waitFor(/Simple Client Mode:[\s\S]*over srp/);
      cli.endInput();
      await cli.waitExit();
      // The report after the wrong-password failure is gnutls-cli's.
      const m = await server.process.waitFor(/failed: [^\n]*\n[\s\S]*?Ciphersuite: (\S+)\n\s*Client SRP username: alice/);
      t.match(m[1], /^TLS_SRP_SHA_/, 'an SRP suite, reported with the username');
    });
  });
}
