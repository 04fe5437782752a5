/**
 * ECDSA server certificates on P-384 and P-521 (and P-256 for
 * comparison), both providers, both directions, with openssl
 * s_server/s_client and Node tls:
 * - TLS 1.3: ecdsa_secp384r1_sha384 / ecdsa_secp521r1_sha512, each scheme
 *   bound to its curve (RFC 8446 4.2.3);
 * - TLS 1.2: ECDHE_ECDSA suites.
 * And a client that cannot take the certificate's curve (TLS 1.2: not in
 * supported_groups, RFC 8422 5.1; TLS 1.3: the scheme not in
 * signature_algorithms): our server fails with handshake_failure, or picks
 * another certificate when it has one.
 */
import t from 'tap';
import tls from 'node:tls';
import { ProtocolVersion, SignatureScheme } from '../../src/constants.js';
import { cert, certText, nodeClient, nodeServer, opensslClient, opensslServer, skipUnless, usePeers, type PeerProcess } from './peers.js';
import { credentials, echoThrough, ourClient, ourServer, providerLabels } from './ours.js';

usePeers(t);
const skip = skipUnless('openssl');
const CURVES = [
  ['server-ecdsa', 'P-256', 'ecdsa_secp256r1_sha256', 256],
  ['server-ecdsa-p384', 'P-384', 'ecdsa_secp384r1_sha384', 384],
  ['server-ecdsa-p521', 'P-521', 'ecdsa_secp521r1_sha512', 521],
] as const;

async function finish(client: PeerProcess): Promise<string> {
  await client.waitFor(/Verify return code|:error:|alert/);
  client.endInput();
  await client.waitExit();
  return client.output;
}

for (const provider of providerLabels()) {
  for (const [name, curve, scheme, bits] of CURVES) {
    t.test(`${curve} certificate: openssl s_client -> our server (${provider})`, { skip }, async (t) => {
      const server = await ourServer(provider, credentials(name));
      t.teardown(() => server.close());
      const out13 = await finish(opensslClient({ port: server.port, version: 'tls1_3', sigalgs: scheme, extra: ['-CAfile', cert('ca.cert.pem')] }));
      t.match(out13, /Protocol\s*: TLSv1\.3|New, TLSv1\.3/);
      t.match(out13, /Peer signature type: ECDSA/);
      t.match(out13, new RegExp(`Server public key is ${bits} bit`));
      t.match(out13, /Verify return code: 0 \(ok\)/);
      const out12 = await finish(opensslClient({ port: server.port, version: 'tls1_2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' }));
      t.match(out12, /Cipher is ECDHE-ECDSA-AES128-GCM-SHA256/);
      t.match(out12, new RegExp(`Server public key is ${bits} bit`));
      t.equal(server.errors.length, 0, String(server.errors));
    });

    t.test(`${curve} certificate: our client -> openssl s_server (${provider})`, { skip }, async (t) => {
      for (const [version, flag, extra] of [
        [ProtocolVersion.TLS1_3, 'tls1_3', ['-sigalgs', scheme]],
        [ProtocolVersion.TLS1_2, 'tls1_2', ['-cipher', 'ECDHE-ECDSA-AES256-GCM-SHA384']],
      ] as const) {
        const { peer, port } = await opensslServer({ version: flag, certFile: cert(`${name}.chain.pem`), keyFile: cert(`${name}.key.pem`), extra });
        const conn = await ourClient(port, provider);
        t.equal(conn.version, version);
        t.equal(conn.session?.serverCertChain?.getFingerprint(), credentials(name).certChain.getFingerprint());
        if (version === ProtocolVersion.TLS1_3) t.equal(conn.serverSigAlg, SignatureScheme[scheme], scheme);
        else t.equal(conn.cipherSuiteName, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384');
        await conn.sendall(`hello ${curve}\n`);
        await peer.waitFor(new RegExp(`hello ${curve}`));
        conn.close();
      }
    });

    t.test(`${curve} certificate: Node tls <-> ours (${provider})`, async (t) => {
      for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
        const node = await nodeServer({ cert: certText(`${name}.chain.pem`), key: certText(`${name}.key.pem`), maxVersion });
        const conn = await ourClient(node.port, provider);
        conn.on('error', () => {});
        t.equal(conn.getVersionName(), maxVersion === 'TLSv1.3' ? 'TLS 1.3' : 'TLS 1.2');
        t.same(await echoThrough(conn, Buffer.from('ping')), Buffer.from('ping'), `ours -> Node ${maxVersion}`);
        conn.close();
        await node.close();

        const server = await ourServer(provider, credentials(name));
        const socket = await nodeClient(server.port, { maxVersion, ca: certText('ca.cert.pem'), rejectUnauthorized: true, servername: 'localhost' });
        socket.on('error', () => {});
        t.equal(socket.getProtocol(), maxVersion);
        t.equal((socket.getPeerCertificate() as tls.PeerCertificate & { bits?: number }).bits, bits, `Node saw a ${bits}-bit key`);
        if (maxVersion === 'TLSv1.2') t.match(socket.getCipher().name, /ECDHE-ECDSA/);
        socket.destroy();
        await server.close();
      }
    });
  }

  t.test(`a client that cannot take P-384: handshake_failure, or another certificate (${provider})`, { skip }, async (t) => {
    // TLS 1.2: supported_groups without P-384 (RFC 8422 5.1).
    const only = await ourServer(provider, credentials('server-ecdsa-p384'));
    t.teardown(() => only.close());
    const refused = await finish(opensslClient({ port: only.port, version: 'tls1_2', groups: 'P-256:X25519', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' }));
    t.match(refused, /alert handshake failure|handshake failure/i, 'TLS 1.2: handshake_failure');
    // TLS 1.3: signature_algorithms without ecdsa_secp384r1_sha384 (RFC 8446 4.2.3).
    const refused13 = await finish(opensslClient({ port: only.port, version: 'tls1_3', sigalgs: 'ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256' }));
    t.match(refused13, /alert handshake failure|handshake failure/i, 'TLS 1.3: handshake_failure');

    const both = await ourServer(provider, { certChain: undefined, privateKey: undefined, certificates: [credentials('server-ecdsa-p384'), credentials('server-ecdsa')] });
    t.teardown(() => both.close());
    const chose = await finish(opensslClient({ port: both.port, version: 'tls1_2', groups: 'P-256:X25519', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' }));
    t.match(chose, /Server public key is 256 bit/, 'TLS 1.2: the P-256 certificate');
    const chose13 = await finish(opensslClient({ port: both.port, version: 'tls1_3', sigalgs: 'ecdsa_secp256r1_sha256' }));
    t.match(chose13, /Server public key is 256 bit/, 'TLS 1.3: the P-256 certificate');
    const p384 = await finish(opensslClient({ port: both.port, version: 'tls1_3' }));
    t.match(p384, /Server public key is 384 bit/, 'a client that takes both: the first');
  });
}
