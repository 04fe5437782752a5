/**
 * TLS 1.3 interop with GnuTLS, both directions, with the native and the
 * pure provider: suites and groups chosen by priority strings (a group
 * outside our default key shares forces a HelloRetryRequest), the
 * exporter compared with GnuTLS's, client authentication.
 */
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import type { TLSConnection } from '../../src/connection/tls-connection.js';
import { CIPHER_NAMES } from '../../src/settings.js';
import { gnutlsClient, gnutlsServer, parseGnuTLSOutput, skipUnless, usePeers, type PeerProcess } from './peers.js';
import { credentials, hex, ourClient, ourServer, providerLabels, settings } from './ours.js';

usePeers(t);
const skip = skipUnless('gnutls');
const LABEL = 'EXPORTER-interop';
const V13 = 'NORMAL:-VERS-ALL:+VERS-TLS1.3';

/** Priority additions, what the Description line shows, our cipher name (if the case is about one). */
const CASES: Array<[string, string, string]> = [
  ['-CIPHER-ALL:+AES-128-GCM', '(AES-128-GCM)', 'aes128gcm'],
  ['-CIPHER-ALL:+AES-256-GCM', '(AES-256-GCM)', 'aes256gcm'],
  ['-CIPHER-ALL:+CHACHA20-POLY1305', '(CHACHA20-POLY1305)', 'chacha20-poly1305'],
  ['-CIPHER-ALL:+AES-128-CCM', '(AES-128-CCM)', 'aes128ccm'],
  ['-GROUP-ALL:+GROUP-X25519', '(ECDHE-X25519)', ''],
  ['-GROUP-ALL:+GROUP-SECP384R1', '(ECDHE-SECP384R1)', ''],
  ['-GROUP-ALL:+GROUP-X448', '(ECDHE-X448)', ''],
  ['-GROUP-ALL:+GROUP-FFDHE3072', '(DHE-FFDHE3072)', ''],
];

async function echo(t: Pick<typeof import('tap').default, 'ok'>, conn: TLSConnection, text: string): Promise<void> {
  await conn.sendall(`${text}\n`);
  let got = '';
  while (!got.includes(`${text}\n`)) {
    const c = await conn.recv();
    if (c.length === 0) break;
    got += Buffer.from(c).toString();
  }
  t.ok(got.includes(`${text}\n`), `${text}: echoed`);
}

async function report(peer: PeerProcess) {
  await peer.waitFor(/- Key material: [0-9a-f]+|- Options:.*\n/);
  return parseGnuTLSOutput(peer.output);
}

for (const provider of providerLabels()) {
  t.test(`our TLS 1.3 client -> gnutls-serv (${provider})`, { skip }, async (t) => {
    for (const [extra, shows, cipher] of CASES) {
      t.test(extra, async (t) => {
        const { peer, port } = await gnutlsServer({ priority: `${V13}:${extra}`, exporter: { label: LABEL, length: 20 } });
        const conn = await ourClient(port, provider);
        t.equal(conn.version, ProtocolVersion.TLS1_3);
        if (cipher !== '') t.equal(conn.getCipherName(), cipher);
        await echo(t, conn, extra);
        const r = await report(peer);
        t.match(r.description ?? '', /^\(TLS1\.3/, `gnutls-serv: ${r.description}`);
        t.ok(r.description?.includes(shows), `gnutls-serv shows ${shows}`);
        t.equal(r.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals gnutls-serv’s');
        conn.close();
      });
    }
    t.test('client certificate (required)', async (t) => {
      const { peer, port } = await gnutlsServer({ priority: V13, requireClientCert: true });
      const conn = await ourClient(port, provider, { client: credentials('client-rsa') });
      await echo(t, conn, 'client-auth');
      const r = await report(peer);
      t.match(r.description ?? '', /^\(TLS1\.3/);
      conn.close();
    });
  });

  t.test(`gnutls-cli -> our TLS 1.3 server (${provider})`, { skip }, async (t) => {
    const server = await ourServer(provider, { ALPNProtocols: ['http/1.1'], settings: settings({ cipherNames: [...CIPHER_NAMES] }) });
    t.teardown(() => server.close());
    let n = 0;
    for (const [extra, shows, cipher] of CASES) {
      t.test(extra, async (t) => {
        const cli = gnutlsClient({ port: server.port, priority: `${V13}:${extra}`, exporter: { label: LABEL, length: 20 }, alpn: ['http/1.1'] });
        await cli.waitFor(/Simple Client Mode/);
        cli.write('line one\n');
        await cli.waitFor(/Simple Client Mode:[\s\S]*line one/);
        cli.endInput();
        await cli.waitExit();
        const conn = await server.connection(n++);
        const r = parseGnuTLSOutput(cli.output);
        t.equal(conn.getVersionName(), 'TLS 1.3');
        if (cipher !== '') t.equal(conn.getCipherName(), cipher);
        t.ok(r.description?.includes(shows), `gnutls-cli shows ${shows}: ${r.description}`);
        t.equal(r.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals gnutls-cli’s');
        t.equal(conn.alpnProtocol, 'http/1.1');
      });
    }
  });
}
