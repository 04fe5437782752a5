/**
 * certificate_authorities (RFC 8446 4.2.4; RFC 5246 7.4.4 in TLS 1.2)
 * with OpenSSL, both providers:
 * - `s_client -requestCAfile` names a CA in its ClientHello: our server,
 *   given two chains that differ by issuer, sends the one from that CA;
 * - our server's `reqCAs` appear in s_client's "Acceptable client
 *   certificate CA names" (TLS 1.2 and 1.3);
 * - `s_server -Verify 1 -CAfile ca2` names CA 2 in its
 *   CertificateRequest and accepts only a certificate it issued: our
 *   client, given two chains, picks that one;
 * - our client's `certificateAuthorities` appear in s_server's -trace.
 */
import t from 'tap';
import { cert, certText, opensslClient, opensslServer, skipUnless, usePeers } from './peers.js';
import { credentials, ourClient, ourServer, providerLabels } from './ours.js';
import { certificateAuthoritiesOf } from '../../src/handshake/certificate-select.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';

usePeers(t);
const skip = skipUnless('openssl');
const names = (file: string) => certificateAuthoritiesOf(X509CertChain.fromPEM(certText(file)));
const VERSIONS = [
  ['TLS 1.2', 'tls1_2'],
  ['TLS 1.3', 'tls1_3'],
] as const;

for (const provider of providerLabels()) {
  t.test(`s_client -requestCAfile -> our server with two chains (${provider})`, { skip }, async (t) => {
    const server = await ourServer(provider, { certChain: undefined, privateKey: undefined, certificates: [credentials('server-rsa'), credentials('server-ca2')] });
    t.teardown(() => server.close());
    for (const [ca, issuer] of [
      ['ca2.cert.pem', 'tlslite-ng-ts Test CA 2'],
      ['ca.cert.pem', 'tlslite-ng-ts Test CA'],
    ] as const) {
      const client = opensslClient({ port: server.port, version: 'tls1_3', extra: ['-requestCAfile', cert(ca), '-CAfile', cert(ca), '-verify_return_error'] });
      await client.waitFor(/Verify return code/);
      client.endInput();
      await client.waitExit();
      t.match(client.output, new RegExp(`i:.*CN = ${issuer}\\n`), `${ca} named: the chain from ${issuer}`);
      t.match(client.output, /Verify return code: 0 \(ok\)/, `${ca}: s_client verified it with that CA alone`);
    }
  });

  for (const [label, flag] of VERSIONS) {
    t.test(`our reqCAs in s_client's "Acceptable client certificate CA names" (${provider}, ${label})`, { skip }, async (t) => {
      const server = await ourServer(provider, { reqCert: true, reqCAs: names('ca2.cert.pem') });
      t.teardown(() => server.close());
      const client = opensslClient({ port: server.port, version: flag });
      await client.waitFor(/Verify return code/);
      client.endInput();
      await client.waitExit();
      const listed = client.output.match(/Acceptable client certificate CA names\n((?:.*CN = .*\n)*)/)?.[1];
      t.equal(listed, 'O = tlslite-ng-ts tests, CN = tlslite-ng-ts Test CA 2\n', 'CA 2, and only CA 2');
    });

    t.test(`our client with two chains -> s_server -Verify -CAfile ca2 (${provider}, ${label})`, { skip }, async (t) => {
      const { peer, port } = await opensslServer({ version: flag, clientAuth: 'require', caFile: cert('ca2.cert.pem') });
      const conn = await ourClient(port, provider, { certificates: [credentials('client-rsa'), credentials('client-ca2')] });
      await conn.sendall('hello from ours\n');
      await peer.waitFor(/hello from ours/);
      t.equal(conn.session?.clientCertChain?.getFingerprint(), credentials('client-ca2').certChain.getFingerprint(), 'we sent the CA 2 chain');
      await peer.waitFor(/issuer=.*CN = tlslite-ng-ts Test CA 2/);
      conn.close();
    });
  }

  t.test(`our client's certificateAuthorities in s_server -trace (${provider})`, { skip }, async (t) => {
    const { peer, port } = await opensslServer({ version: 'tls1_3', extra: ['-trace'] });
    const conn = await ourClient(port, provider, { certificateAuthorities: names('ca2.cert.pem') });
    const m = await peer.waitFor(/extension_type=certificate_authorities\(47\), length=\d+\n([\s\S]*?)extension_type=/);
    // The trace is a hex dump ("0000 - 00 44 00 42 30 40 ...  ascii"): the extension body.
    const dumped = [...m[1]!.matchAll(/^\s*[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){1,16})/gm)].map((l) => l[1]!.replace(/[ -]/g, '')).join('');
    const dn = Buffer.from(names('ca2.cert.pem')[0]!);
    const body = Buffer.concat([Buffer.of(0, dn.length + 2, 0, dn.length), dn]);
    t.equal(dumped, body.toString('hex'), 'certificate_authorities holds the DER name of CA 2');
    conn.close();
  });
}
