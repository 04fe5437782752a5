/**
 * `--psk`, `--psk-ident` and `--psk-sha384` (tls.py's external PSK
 * options, TLS 1.3 psk_dhe_ke): `tlslite server` accepts openssl
 * s_client's PSK and our own client's, and the handshake is a PSK one
 * (reported as resumed, as tls.py does).
 */
import t from 'tap';
import { cert, opensslClient, skipUnless, usePeers } from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import { envFor, parseReports, runTlslite, startCliServer } from './cli.js';

usePeers(t);
const PSK = '0123456789abcdef0123456789abcdef';

for (const provider of providerLabels()) {
  for (const sha384 of [false, true]) {
    const hashArgs = sha384 ? ['--psk-sha384'] : [];
    const suite = sha384 ? 'TLS_AES_256_GCM_SHA384' : 'TLS_AES_128_GCM_SHA256';
    t.test(`tlslite server --psk${sha384 ? ' --psk-sha384' : ''} (${provider})`, async (t) => {
      const server = await startCliServer(
        ['-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem'), '--psk', PSK, '--psk-ident', 'alice', ...hashArgs, '--echo'],
        envFor(provider),
      );
      t.teardown(() => server.process.stop());

      await t.test('our client with the same PSK', async (t) => {
        const r = await runTlslite(['client', '--psk', PSK, '--psk-ident', 'alice', ...hashArgs, `127.0.0.1:${server.port}`], envFor(provider));
        if (r.code !== 0) t.comment(r.output);
        t.equal(r.code, 0, 'exit status 0');
        const [report] = parseReports(r.stdout);
        t.equal(report?.get('Version'), 'TLS 1.3');
        t.equal(report?.get('Ciphersuite'), suite, 'a suite with the PSK hash');
        t.equal(report?.get('Session Resumed'), 'True', 'a PSK handshake');
      });

      await t.test('our client with a wrong PSK gets a full handshake, not the PSK', async (t) => {
        const r = await runTlslite(['client', '--psk', 'ff'.repeat(16), '--psk-ident', 'alice', ...hashArgs, `127.0.0.1:${server.port}`], envFor(provider));
        const [report] = parseReports(r.stdout);
        t.not(report?.get('Session Resumed'), 'True', 'not resumed with a wrong key');
      });

      // s_client's -psk always binds the key to TLS_AES_128_GCM_SHA256
      // (SHA-256); against a SHA-384 identity the binder cannot match.
      const skip = sha384 ? 'openssl s_client -psk uses SHA-256 only' : skipUnless('openssl');
      await t.test('openssl s_client -psk', { skip }, async (t) => {
        const client = opensslClient({ port: server.port, version: 'tls1_3', extra: ['-psk', PSK, '-psk_identity', 'alice', '-ciphersuites', suite] });
        await client.waitFor(/Verify return code/);
        client.endInput();
        await client.waitExit();
        t.match(client.output, new RegExp(`Reused, TLSv1\\.3, Cipher is ${suite}`), 's_client resumed with the external PSK');
      });
    });
  }
}
