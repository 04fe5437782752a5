/**
 * The `tlslite` commands against other implementations: gnutls-cli
 * against `tlslite server --echo` (ALPN, EtM on a CBC suite, the
 * exporter), our client against `openssl s_server -www` (--get prints the
 * page) and gnutls-serv (-a ALPN), and client certificates between our
 * own client and server (--reqcert). Both providers.
 */
import t from 'tap';
import {
  cert,
  fingerprint,
  gnutlsClient,
  gnutlsServer,
  opensslServer,
  parseGnuTLSOutput,
  skipUnless,
  usePeers,
} from '../interop/peers.js';
import { providerLabels } from '../interop/ours.js';
import { envFor, parseReports, RSA_AND_ECDSA, runTlslite, startCliServer } from './cli.js';

for (const provider of providerLabels()) {
  t.test(`gnutls-cli against tlslite server --echo (${provider})`, { skip: skipUnless('gnutls') }, async (t) => {
    usePeers(t);
    const server = await startCliServer([...RSA_AND_ECDSA, '--echo', '-l', 'EXPORTER-cli', '-L', '20'], envFor(provider));
    const cli = gnutlsClient({
      port: server.port,
      priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:-KX-ALL:+ECDHE-RSA',
      exporter: { label: 'EXPORTER-cli', length: 20 },
      alpn: ['http/1.1'],
    });
    await cli.waitFor(/Simple Client Mode/);
    cli.write('echo me back\n');
    // gnutls-cli prints what it receives (not what it sends): the line came back.
    await cli.waitFor(/Simple Client Mode:[\s\S]*echo me back/);
    cli.endInput();
    t.equal((await cli.waitExit()).code, 0, 'gnutls-cli exit status 0');
    await server.process.waitFor(/Implementations: /);
    const report = parseReports(server.process.output)[0]!;
    const gnutls = parseGnuTLSOutput(cli.output);
    t.equal(report.get('Ciphersuite'), 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA');
    t.equal(report.get('Encrypt-then-MAC'), 'True', 'EtM on a CBC suite');
    t.equal(gnutls.etm, true, 'gnutls agrees on EtM');
    t.equal(report.get('Application Layer Protocol negotiated'), 'http/1.1');
    t.equal(report.get('Keying material'), gnutls.exported?.toUpperCase(), 'same keying material as GnuTLS');
    t.equal((await server.process.stop()).code, 0);
  });

  t.test(`tlslite client against openssl s_server -www (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    usePeers(t);
    const server = await opensslServer({ www: true, version: 'tls1_2' });
    const r = await runTlslite(['client', '--get', '/', '-l', 'EXPORTER-cli', `127.0.0.1:${server.port}`], envFor(provider));
    if (r.code !== 0) t.comment(r.output);
    t.equal(r.code, 0, 'exit status 0');
    const [report] = parseReports(r.stdout);
    t.equal(report?.get('Version'), 'TLS 1.2');
    t.equal(report?.get('Server X.509 SHA1 fingerprint'), fingerprint('server-rsa', 'sha1'));
    t.match(r.stdout, /HTTP\/1\.0 200 ok/i, 'the response');
    t.match(r.stdout, /Ciphers supported in s_server binary/, "s_server's page");
    t.equal(report?.get('Exporter length'), '20', 'default exporter length 20');
  });

  t.test(`tlslite client -a against gnutls-serv (${provider})`, { skip: skipUnless('gnutls') }, async (t) => {
    usePeers(t);
    const server = await gnutlsServer({ alpn: ['h2', 'http/1.1'] });
    const r = await runTlslite(['client', '-a', 'spdy/1', '-a', 'http/1.1', '--cipherlist', 'aes256gcm', `127.0.0.1:${server.port}`], envFor(provider));
    if (r.code !== 0) t.comment(r.output);
    t.equal(r.code, 0, 'exit status 0');
    const [report] = parseReports(r.stdout);
    t.equal(report?.get('Application Layer Protocol negotiated'), 'http/1.1');
    t.match(report?.get('Ciphersuite') ?? '', /_WITH_AES_256_GCM_SHA384$/, '--cipherlist honoured');
  });

  t.test(`client certificates: tlslite client -c/-k to tlslite server --reqcert (${provider})`, async (t) => {
    usePeers(t);
    const server = await startCliServer([...RSA_AND_ECDSA, '--reqcert', '--echo', '--max-ver', 'TLSv1.1'], envFor(provider));
    const r = await runTlslite(['client', '-c', cert('client-rsa.chain.pem'), '-k', cert('client-rsa.key.pem'), `127.0.0.1:${server.port}`], envFor(provider));
    t.equal(r.code, 0, 'exit status 0');
    await server.process.waitFor(/Implementations: /);
    const serverReport = parseReports(server.process.output)[0]!;
    t.equal(serverReport.get('Client X.509 SHA1 fingerprint'), fingerprint('client-rsa', 'sha1'));
    t.equal(serverReport.get('Version'), 'TLS 1.1', '--max-ver honoured');
    t.notOk(serverReport.has('Key exchange signature'), 'no signature scheme line below TLS 1.2');
    const clientReport = parseReports(r.stdout)[0]!;
    t.equal(clientReport.get('Client X.509 SHA1 fingerprint'), fingerprint('client-rsa', 'sha1'));
    await server.process.stop();
  });
}
