/**
 * `tlslite server --request-pha / --require-pha` (TLS 1.3 post-handshake
 * client authentication, as tls.py's): with `openssl s_client
 * -enable_pha` (with a certificate, and without one when required) and
 * with our own `tlslite client -c/-k`, which offers post_handshake_auth
 * and answers; a client that does not offer it is served anyway. Both
 * providers (TLSLITE_PURE=1 in the children for pure).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cert, fingerprint, opensslClient, skipUnless, usePeers } from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import { envFor, runTlslite, startCliServer } from './cli.js';

const SERVER = ['-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem')];
const CLIENT = ['-c', cert('client-rsa.chain.pem'), '-k', cert('client-rsa.key.pem')];
const CLIENT_SHA1 = fingerprint('client-rsa', 'sha1');
const GOT_CERT = new RegExp(`Post-handshake authentication from 127\\.0\\.0\\.1:\\d+: client X\\.509 SHA1 fingerprint: ${CLIENT_SHA1}`);

for (const provider of providerLabels()) {
  t.test(`tlslite server --request-pha / --require-pha (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    usePeers(t);
    const env = envFor(provider);

    await t.test('--request-pha: openssl s_client -enable_pha answers with its certificate', async (t) => {
      const server = await startCliServer([...SERVER, '--echo', '--request-pha'], env);
      const cli = opensslClient({ port: server.port, version: 'tls1_3', certFile: cert('client-rsa.chain.pem'), keyFile: cert('client-rsa.key.pem'), extra: ['-enable_pha'] });
      await server.process.waitFor(GOT_CERT);
      t.pass('the server logged the client certificate');
      cli.write('echo me\n');
      await cli.waitFor(/echo me\n/);
      t.pass('data flows after the authentication');
      cli.endInput();
      await cli.waitExit();
    });

    await t.test('--require-pha: no certificate is certificate_required', async (t) => {
      const server = await startCliServer([...SERVER, '--echo', '--require-pha'], env);
      const cli = opensslClient({ port: server.port, version: 'tls1_3', extra: ['-enable_pha'] });
      await server.process.waitFor(/Post-handshake authentication with 127\.0\.0\.1:\d+ failed: TLSLocalAlert: certificate_required/);
      await cli.waitExit();
      t.match(cli.output, /alert certificate required/i, 's_client got the alert');
    });

    await t.test('--require-pha with our client -c/-k: it offers post_handshake_auth and answers', async (t) => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-pha-'));
      t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
      fs.writeFileSync(path.join(root, 'hello.txt'), 'hello pha\n');
      const server = await startCliServer([...SERVER, '-d', root, '--require-pha'], env);
      const r = await runTlslite(['client', ...CLIENT, '--get', '/hello.txt', `127.0.0.1:${server.port}`], env);
      t.equal(r.code, 0, r.output);
      t.match(r.stdout, /hello pha/);
      await server.process.waitFor(GOT_CERT);
      t.pass('the server logged our certificate');
    });

    await t.test('--request-pha with our client without a certificate: served, nothing asked', async (t) => {
      const server = await startCliServer([...SERVER, '--echo', '--request-pha'], env);
      const r = await runTlslite(['client', `127.0.0.1:${server.port}`], env);
      t.equal(r.code, 0, r.output);
      await server.process.waitFor(/Post-handshake authentication with 127\.0\.0\.1:\d+ not possible: the client did not offer post-handshake authentication/);
      t.pass('logged, as tls.py goes on without it');
    });
  });
}
