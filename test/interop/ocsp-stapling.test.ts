/**
 * OCSP stapling (status_request) with real peers, TLS 1.2 and TLS 1.3,
 * both providers:
 * - openssl s_client -status against our server: s_client prints the
 *   stapled response ("OCSP Response Status: successful", "Cert Status:
 *   good") or "OCSP response: no response sent";
 * - our client (requestOCSP) against `openssl s_server -status_file` and
 *   `gnutls-serv --ocsp-response`: we get the file's bytes;
 * - gnutls-cli --ocsp against our server: GnuTLS checks the staple
 *   (a response for another certificate fails its verification).
 * The responses are the fixtures of test/fixtures/certs/generate-extra.sh.
 */
import t from 'tap';
import fs from 'node:fs';
import { ProtocolVersion } from '../../src/constants.js';
import { cert, opensslClient, opensslServer, gnutlsServer, PeerProcess, skipUnless, usePeers } from './peers.js';
import { echoThrough, ourClient, ourServer, providerLabels, settings } from './ours.js';

usePeers(t);
const rsaOcsp = fs.readFileSync(cert('server-rsa.ocsp.der'));
const ecdsaOcsp = fs.readFileSync(cert('server-ecdsa.ocsp.der'));
const VERSIONS = [
  ['TLS 1.2', 'tls1_2', ProtocolVersion.TLS1_2, 'NORMAL:-VERS-ALL:+VERS-TLS1.2'],
  ['TLS 1.3', 'tls1_3', ProtocolVersion.TLS1_3, 'NORMAL:-VERS-ALL:+VERS-TLS1.3'],
] as const;

for (const provider of providerLabels()) {
  for (const [label, flag, version, priority] of VERSIONS) {
    t.test(`openssl s_client -status -> our server (${provider}, ${label})`, { skip: skipUnless('openssl') }, async (t) => {
      const server = await ourServer(provider, { ocspResponse: rsaOcsp });
      t.teardown(() => server.close());
      const client = opensslClient({ port: server.port, version: flag, extra: ['-status'] });
      await client.waitFor(/Verify return code/);
      client.endInput();
      await client.waitExit();
      t.match(client.output, /OCSP Response Status: successful/, 's_client got our staple');
      t.match(client.output, /Cert Status: good/);
      t.match(client.output, /Serial Number: 02/, 'the response for server-rsa (serial 02)');
      t.equal((await server.connection(0)).version, version);

      const plain = opensslClient({ port: server.port, version: flag });
      await plain.waitFor(/Verify return code/);
      plain.endInput();
      await plain.waitExit();
      t.notMatch(plain.output, /OCSP Response Status/, 'no staple without -status');
    });

    t.test(`our client -> openssl s_server -status_file (${provider}, ${label})`, { skip: skipUnless('openssl') }, async (t) => {
      const { port } = await opensslServer({ version: flag, extra: ['-status_file', cert('server-rsa.ocsp.der')] });
      const conn = await ourClient(port, provider, { requestOCSP: true });
      t.equal(conn.version, version);
      t.same(conn.ocspResponse, rsaOcsp, 'the file, byte for byte');
      conn.close();
      const { port: port2 } = await opensslServer({ version: flag, extra: ['-status_file', cert('server-rsa.ocsp.der')] });
      const unasked = await ourClient(port2, provider);
      t.equal(unasked.ocspResponse, undefined, 'not asked, not sent');
      unasked.close();
    });

    t.test(`our client -> gnutls-serv --ocsp-response (${provider}, ${label})`, { skip: skipUnless('gnutls') }, async (t) => {
      const { port } = await gnutlsServer({ priority, extra: [`--ocsp-response=${cert('server-rsa.ocsp.der')}`] });
      const conn = await ourClient(port, provider, { requestOCSP: true, settings: settings() });
      t.equal(conn.version, version);
      t.same(conn.ocspResponse, rsaOcsp, 'the file, byte for byte');
      t.same(await echoThrough(conn, Buffer.from('ping\n')), Buffer.from('ping\n'));
      conn.close();
    });

    t.test(`gnutls-cli --ocsp -> our server (${provider}, ${label})`, { skip: skipUnless('gnutls') }, async (t) => {
      const cli = (port: number) =>
        new PeerProcess('gnutls-cli', [
          `--port=${port}`,
          `--priority=${priority}`,
          `--x509cafile=${cert('ca.cert.pem')}`,
          '--verify-hostname=localhost',
          '--ocsp',
          '127.0.0.1',
        ]);
      const good = await ourServer(provider, { ocspResponse: rsaOcsp });
      t.teardown(() => good.close());
      const ok = cli(good.port);
      await ok.waitFor(/Handshake was completed/);
      ok.endInput();
      await ok.waitExit();
      t.match(ok.output, /OCSP status request/, 'GnuTLS saw the staple');
      t.match(ok.output, /The certificate is trusted/);
      // The ECDSA certificate's response with the RSA certificate: GnuTLS must refuse it.
      const wrong = await ourServer(provider, { ocspResponse: ecdsaOcsp });
      t.teardown(() => wrong.close());
      const bad = cli(wrong.port);
      await bad.waitExit();
      t.notMatch(bad.output, /The certificate is trusted/, 'a response for another certificate is not accepted');
      t.match(bad.output, /OCSP status response is invalid|unrelated certificate/, 'because of the staple');
    });
  }
}
