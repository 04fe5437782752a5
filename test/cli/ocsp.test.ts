/**
 * `tlslite server --ocsp-response FILE` and `tlslite client --ocsp`:
 * openssl s_client -status gets the staple (TLS 1.2 and 1.3); our client
 * reports its size; with two certificates each -c has its own response.
 */
import fs from 'node:fs';
import t from 'tap';
import { cert, opensslClient, skipUnless, usePeers } from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import { envFor, runTlslite, startCliServer } from './cli.js';

usePeers(t);
const rsaSize = fs.statSync(cert('server-rsa.ocsp.der')).size;

for (const provider of providerLabels()) {
  t.test(`tlslite server --ocsp-response (${provider})`, async (t) => {
    const server = await startCliServer(
      [
        '-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem'),
        '-c', cert('server-ecdsa.chain.pem'), '-k', cert('server-ecdsa.key.pem'),
        '--ocsp-response', cert('server-rsa.ocsp.der'),
        '--ocsp-response', cert('server-ecdsa.ocsp.der'),
        '--echo',
      ],
      envFor(provider),
    );
    t.teardown(() => server.process.stop());

    for (const version of ['tls1_2', 'tls1_3'] as const) {
      await t.test(`openssl s_client -status (${version})`, { skip: skipUnless('openssl') }, async (t) => {
        const client = opensslClient({ port: server.port, version, extra: ['-status'] });
        await client.waitFor(/Verify return code/);
        client.endInput();
        await client.waitExit();
        t.match(client.output, /OCSP Response Status: successful/);
        t.match(client.output, /Serial Number: 02/, "the RSA certificate's response");
      });
    }

    await t.test('an ECDSA-only s_client gets the ECDSA certificate and its response', { skip: skipUnless('openssl') }, async (t) => {
      const client = opensslClient({ port: server.port, version: 'tls1_3', sigalgs: 'ecdsa_secp256r1_sha256', extra: ['-status'] });
      await client.waitFor(/Verify return code/);
      client.endInput();
      await client.waitExit();
      t.match(client.output, /Serial Number: 03/, "the ECDSA certificate's response (serial 03)");
    });

    await t.test('our client --ocsp', async (t) => {
      const r = await runTlslite(['client', '--ocsp', `127.0.0.1:${server.port}`], envFor(provider));
      t.equal(r.code, 0, r.output);
      t.match(r.stdout, new RegExp(`OCSP response: ${rsaSize} bytes`));
      const plain = await runTlslite(['client', `127.0.0.1:${server.port}`], envFor(provider));
      t.notMatch(plain.stdout, /OCSP response/, 'no line without --ocsp');
    });
  });
}

t.test('tlslite server: more --ocsp-response than certificates is a usage error', async (t) => {
  const r = await runTlslite(['server', '-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem'), '--ocsp-response', cert('server-rsa.ocsp.der'), '--ocsp-response', cert('server-rsa.ocsp.der'), '127.0.0.1:0'], envFor('pure'));
  t.equal(r.code, 2);
  t.match(r.output, /--ocsp-response/);
});
