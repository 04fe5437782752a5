/**
 * TLS 1.3 post-handshake client authentication (RFC 8446 4.6.2) with
 * real peers, on both providers: our server asks `openssl s_client
 * -enable_pha` and `gnutls-cli --post-handshake-auth` for their
 * certificates after the handshake (with a certificate, without one
 * when required, and without the extension); our client answers
 * `openssl s_server`'s interactive `c` command (a post-handshake
 * CertificateRequest) with its certificate.
 */
import t from 'tap';
import { AlertDescription } from '../../src/constants.js';
import type { TLSLocalAlert } from '../../src/errors.js';
import { cert, fingerprint, gnutlsClient, have, opensslClient, opensslServer, skipUnless, usePeers } from './peers.js';
import { credentials, ourClient, ourServer, providerLabels } from './ours.js';

usePeers(t);
const CLIENT_SHA256 = fingerprint('client-rsa');
const V13 = 'NORMAL:-VERS-ALL:+VERS-TLS1.3';

for (const provider of providerLabels()) {
  t.test(`our server asks openssl s_client -enable_pha (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    const server = await ourServer(provider);
    t.teardown(() => server.close());
    let n = 0;

    t.test('with a certificate: the chain arrives and data keeps flowing', async (t) => {
      const cli = opensslClient({ port: server.port, version: 'tls1_3', certFile: cert('client-rsa.chain.pem'), keyFile: cert('client-rsa.key.pem'), extra: ['-enable_pha'] });
      const conn = await server.connection(n++);
      t.equal(conn.session?.clientCertChain, null, 'nothing in the handshake');
      const chain = await conn.requestPostHandshakeAuth();
      t.equal(chain?.getFingerprint('sha256'), CLIENT_SHA256, 'the client chain');
      t.equal(conn.session?.clientCertChain, chain);
      cli.write('after pha\n');
      // s_client prints what it receives (not what it sends): our echo.
      await cli.waitFor(/after pha\n/);
      t.pass('echoed after the authentication');
      cli.endInput();
      await cli.waitExit();
    });

    t.test('a second request on the same connection', async (t) => {
      const cli = opensslClient({ port: server.port, version: 'tls1_3', certFile: cert('client-rsa.chain.pem'), keyFile: cert('client-rsa.key.pem'), extra: ['-enable_pha'] });
      const conn = await server.connection(n++);
      t.ok(await conn.requestPostHandshakeAuth());
      t.equal((await conn.requestPostHandshakeAuth())?.getFingerprint('sha256'), CLIENT_SHA256);
      cli.endInput();
      await cli.waitExit();
    });

    t.test('after s_client\'s KeyUpdate (K): the Finished key follows the client secret', async (t) => {
      const cli = opensslClient({ port: server.port, version: 'tls1_3', certFile: cert('client-rsa.chain.pem'), keyFile: cert('client-rsa.key.pem'), extra: ['-enable_pha'] });
      const conn = await server.connection(n++);
      // "K": a KeyUpdate with update_requested; a line after it proves both sides moved on.
      // s_client takes a whole stdin read as the command, so the line goes
      // only after it has acted on K.
      cli.write('K\n');
      await cli.waitFor(/KEYUPDATE/);
      cli.write('moved\n');
      await cli.waitFor(/moved\n/);
      t.match(cli.output, /KEYUPDATE/, 's_client updated its keys');
      t.equal((await conn.requestPostHandshakeAuth())?.getFingerprint('sha256'), CLIENT_SHA256);
      cli.endInput();
      await cli.waitExit();
    });

    t.test('no certificate, required: certificate_required', async (t) => {
      const cli = opensslClient({ port: server.port, version: 'tls1_3', extra: ['-enable_pha'] });
      const conn = await server.connection(n++);
      const error = await conn.requestPostHandshakeAuth({ require: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      t.equal((error as TLSLocalAlert).description, AlertDescription.certificate_required);
      await cli.waitExit();
      t.match(cli.output, /alert certificate required/i, 's_client got the alert');
    });

    t.test('without -enable_pha the server cannot ask', async (t) => {
      const cli = opensslClient({ port: server.port, version: 'tls1_3', certFile: cert('client-rsa.chain.pem'), keyFile: cert('client-rsa.key.pem') });
      const conn = await server.connection(n++);
      t.throws(() => conn.requestPostHandshakeAuth(), /did not offer post-handshake authentication/);
      cli.endInput();
      await cli.waitExit();
    });
  });

  t.test(`our client answers openssl s_server's post-handshake request (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    const { peer, port } = await opensslServer({ version: 'tls1_3' });
    const conn = await ourClient(port, provider, { client: credentials('client-rsa') });
    t.equal(conn.session?.clientCertChain, null);
    const lines: string[] = [];
    conn.on('data', (d: Buffer) => lines.push(d.toString()));
    // s_server's "c" command: a CertificateRequest after the handshake.
    peer.write('c\n');
    await peer.waitFor(/CN\s*=\s*client[\s\S]*SSL_do_handshake -> 1|SSL_do_handshake -> 1[\s\S]*CN\s*=\s*client/);
    t.pass('s_server verified our certificate');
    peer.write('after\n');
    while (!lines.join('').includes('after\n')) await new Promise((r) => setTimeout(r, 20));
    t.equal(conn.session?.clientCertChain?.getFingerprint('sha256'), CLIENT_SHA256, 'our session records what we sent');
    conn.destroy();
  });

  t.test(`our server asks gnutls-cli --post-handshake-auth (${provider})`, { skip: have.gnutls ? false : skipUnless('gnutls') }, async (t) => {
    const server = await ourServer(provider);
    t.teardown(() => server.close());
    const cli = gnutlsClient({
      port: server.port,
      priority: V13,
      certFile: cert('client-rsa.chain.pem'),
      keyFile: cert('client-rsa.key.pem'),
      extra: ['--post-handshake-auth'],
    });
    await cli.waitFor(/Simple Client Mode/);
    const conn = await server.connection(0);
    const answered = conn.requestPostHandshakeAuth();
    // gnutls-cli reads the request while it reads our data.
    cli.write('ping\n');
    const chain = await answered;
    t.equal(chain?.getFingerprint('sha256'), CLIENT_SHA256);
    await cli.waitFor(/Re-auth was performed[\s\S]*ping/);
    t.match(cli.output, /Successfully sent 2 certificate\(s\) to server/, 'gnutls-cli says it answered');
    cli.endInput();
    await cli.waitExit();
  });
}
