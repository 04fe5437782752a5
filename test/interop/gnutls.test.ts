/**
 * Interop with GnuTLS (Debian's gnutls-bin), both directions: our client
 * against `gnutls-serv --echo`, `gnutls-cli` against our server. GnuTLS
 * reports EMS and encrypt-then-MAC (`- Options:`), negotiates RFC 7919
 * FFDHE groups and still speaks 3DES, which OpenSSL 3 does not.
 */
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import { gnutlsClient, gnutlsServer, parseGnuTLSOutput, skipUnless, testText, usePeers, type PeerProcess } from './peers.js';
import { credentials, echoThrough, hex, ourClient, ourServer, providerLabels, settings } from './ours.js';
import type { TLSConnection } from '../../src/connection/tls-connection.js';

usePeers(t);
const skip = skipUnless('gnutls');
const LABEL = 'EXPORTER-interop';
const V12 = 'NORMAL:-VERS-ALL:+VERS-TLS1.2';

/** Echo through gnutls-serv: bytes sent come back equal. */
async function echo(t: Pick<typeof import('tap').default, 'ok'>, conn: TLSConnection, length = 1000): Promise<void> {
  const data = testText(length, length);
  t.ok((await echoThrough(conn, data)).equals(data), `${length} bytes echoed`);
}

async function report(peer: PeerProcess) {
  await peer.waitFor(/- Key material: [0-9a-f]+|- Options:.*\n/);
  return parseGnuTLSOutput(peer.output);
}

/** What GnuTLS's "- Description:" line shows for each case. */
const EXPECT: Record<string, string> = {
  '3DES-CBC': '(3DES-CBC)',
  'AES-128-CCM': '(AES-128-CCM)',
  'CHACHA20-POLY1305': '(CHACHA20-POLY1305)',
  'DHE-RSA FFDHE3072 (RFC 7919)': '(DHE-FFDHE3072)',
  'ECDHE X448': '(ECDHE-X448)',
  'RSA-PSS-RSAE-SHA256': '(RSA-PSS-RSAE-SHA256)',
};

for (const provider of providerLabels()) {
  t.test(`our client -> gnutls-serv (${provider})`, { skip }, async (t) => {
    for (const [name, version, vers] of [
      ['TLS 1.0', ProtocolVersion.TLS1_0, 'VERS-TLS1.0'],
      ['TLS 1.1', ProtocolVersion.TLS1_1, 'VERS-TLS1.1'],
      ['TLS 1.2', ProtocolVersion.TLS1_2, 'VERS-TLS1.2'],
    ] as const) {
      t.test(name, async (t) => {
        const { peer, port } = await gnutlsServer({ priority: `NORMAL:-VERS-ALL:+${vers}`, exporter: { label: LABEL, length: 20 } });
        const conn = await ourClient(port, provider, { settings: settings({ minVersion: version, maxVersion: version }) });
        t.equal(conn.getVersionName(), name);
        await echo(t, conn);
        const r = await report(peer);
        t.equal(r.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals gnutls-serv’s');
        t.equal(r.ems, true, 'EMS');
        await conn.close(1000);
        await peer.stop();
      });
    }

    for (const [label, priority, ours] of [
      ['3DES-CBC', `${V12}:+3DES-CBC:-CIPHER-ALL:+3DES-CBC`, { cipherNames: ['3des'] }],
      ['AES-128-CCM', `${V12}:-CIPHER-ALL:+AES-128-CCM`, { cipherNames: ['aes128ccm'] }],
      ['CHACHA20-POLY1305', `${V12}:-CIPHER-ALL:+CHACHA20-POLY1305`, { cipherNames: ['chacha20-poly1305'] }],
      ['DHE-RSA FFDHE3072 (RFC 7919)', `${V12}:-KX-ALL:+DHE-RSA:-GROUP-ALL:+GROUP-FFDHE3072`, { keyExchangeNames: ['dhe_rsa'], dhGroups: ['ffdhe3072'] }],
      ['ECDHE X448', `${V12}:-GROUP-ALL:+GROUP-X448`, { eccCurves: ['x448'], keyShares: ['x448'] }],
      ['RSA-PSS-RSAE-SHA256', `${V12}:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA256`, {}],
    ] as const) {
      t.test(`TLS 1.2 ${label}`, async (t) => {
        const { peer, port } = await gnutlsServer({ priority });
        const conn = await ourClient(port, provider, { settings: settings(ours as object) });
        await echo(t, conn);
        const r = await report(peer);
        t.match(r.description ?? '', EXPECT[label] ?? label, `${r.description}`);
        await conn.close(1000);
        await peer.stop();
      });
    }

    t.test('EMS and ETM seen by GnuTLS, on and off', async (t) => {
      for (const [ems, etm] of [
        [true, true],
        [false, false],
      ] as const) {
        const { peer, port } = await gnutlsServer({ priority: `${V12}:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1` });
        const conn = await ourClient(port, provider, { settings: settings({ useExtendedMasterSecret: ems, useEncryptThenMAC: etm }) });
        await echo(t, conn, 5000);
        const r = await report(peer);
        t.equal(r.ems, ems, `EMS ${ems}`);
        t.equal(r.etm, etm, `ETM ${etm}`);
        t.equal(conn.session?.encryptThenMAC, etm);
        await conn.close(1000);
        await peer.stop();
      }
    });

    t.test('resumption and ALPN', async (t) => {
      const { peer, port } = await gnutlsServer({ alpn: ['http/1.1'] });
      const first = await ourClient(port, provider, { alpn: ['h2', 'http/1.1'] });
      t.equal(first.alpnProtocol, 'http/1.1');
      await echo(t, first);
      const session = first.session!;
      await first.close(1000);
      const second = await ourClient(port, provider, { session });
      t.equal(second.resumed, true);
      await echo(t, second);
      await second.close(1000);
      await peer.waitFor(/This is a resumed session/);
      await peer.stop();
    });

    t.test('client certificate required', async (t) => {
      const { peer, port } = await gnutlsServer({ requireClientCert: true });
      const conn = await ourClient(port, provider, { client: credentials('client-rsa') });
      await echo(t, conn);
      await conn.close(1000);
      await peer.stop();
    });

    t.test('1 MiB echo', async (t) => {
      const { peer, port } = await gnutlsServer({});
      const conn = await ourClient(port, provider);
      await echo(t, conn, 1 << 20);
      await conn.close(1000);
      await peer.stop();
    });
  });

  t.test(`gnutls-cli -> our server (${provider})`, { skip }, async (t) => {
    const server = await ourServer(provider, { settings: settings({ minVersion: ProtocolVersion.TLS1_0 }), ALPNProtocols: ['http/1.1'] });
    t.teardown(() => server.close());
    let n = 0;
    for (const [label, priority] of [
      ['TLS 1.0', 'NORMAL:-VERS-ALL:+VERS-TLS1.0'],
      ['TLS 1.1', 'NORMAL:-VERS-ALL:+VERS-TLS1.1'],
      ['TLS 1.2 AES-128-CBC', `${V12}:-CIPHER-ALL:+AES-128-CBC`],
      ['TLS 1.2 AES-128-CBC without EMS and ETM', `${V12}:-CIPHER-ALL:+AES-128-CBC:%NO_ETM:%NO_SESSION_HASH`],
      ['TLS 1.2 3DES', `${V12}:-CIPHER-ALL:+3DES-CBC`],
      ['TLS 1.2 DHE FFDHE2048', `${V12}:-KX-ALL:+DHE-RSA:-GROUP-ALL:+GROUP-FFDHE2048`],
    ] as const) {
      t.test(label, async (t) => {
        const cli = gnutlsClient({ port: server.port, priority, exporter: { label: LABEL, length: 20 }, alpn: ['http/1.1'] });
        await cli.waitFor(/Simple Client Mode/);
        cli.write('line one\n');
        await cli.waitFor(/Simple Client Mode:[\s\S]*line one/);
        cli.endInput();
        await cli.waitExit();
        const conn = await server.connection(n++);
        const r = parseGnuTLSOutput(cli.output);
        t.equal(r.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals gnutls-cli’s');
        t.equal(r.ems, !label.includes('without'), 'EMS as offered');
        t.equal(r.etm, /CBC/.test(r.description ?? '') && !label.includes('without'), `ETM for CBC when offered (${r.description})`);
        t.equal(conn.session?.extendedMasterSecret, r.ems);
        t.equal(conn.alpnProtocol, 'http/1.1');
      });
    }
  });
}
