/**
 * TLS 1.3 interop with Node's own tls module, both directions, with the
 * native and the pure provider: suites, groups (a group outside our
 * default shares forces a HelloRetryRequest from Node's server), the
 * exporter, a large echo, client certificates, and KeyUpdate from our side.
 */
import t from 'tap';
import { once } from 'node:events';
import { ProtocolVersion } from '../../src/constants.js';
import { certText, nodeClient, nodeExport, nodeServer, readBytes, testData } from './peers.js';
import { credentials, echoThrough, hex, ourClient, ourServer, providerLabels, settings } from './ours.js';

const TLS13 = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' } as const;
const LABEL = 'EXPORTER-interop';

const SUITES: Array<[string, string]> = [
  ['TLS_AES_128_GCM_SHA256', 'aes128gcm'],
  ['TLS_AES_256_GCM_SHA384', 'aes256gcm'],
  ['TLS_CHACHA20_POLY1305_SHA256', 'chacha20-poly1305'],
  ['TLS_AES_128_CCM_SHA256', 'aes128ccm'],
];

const GROUPS = ['X25519', 'P-256', 'P-384', 'X448', 'P-521'];

/** Ends our side at the close of a case; the peer's server may reset the TCP connection meanwhile. */
function finish(conn: import('../../src/connection/tls-connection.js').TLSConnection): void {
  conn.on('error', () => {});
  (conn.socket as NodeJS.EventEmitter).on('error', () => {});
  conn.destroy();
}


for (const provider of providerLabels()) {
  t.test(`our TLS 1.3 client -> Node tls server (${provider})`, async (t) => {
    for (const [suite, cipher] of SUITES) {
      t.test(suite, async (t) => {
        const server = await nodeServer({ ...TLS13, ciphers: suite });
        t.teardown(() => server.close());
        const conn = await ourClient(server.port, provider);
        t.equal(conn.version, ProtocolVersion.TLS1_3);
        t.equal(conn.getCipherName(), cipher);
        const data = testData(100_003, 7);
        t.ok((await echoThrough(conn, data)).equals(data), '100 kB echoed');
        t.equal(hex(conn.keyingMaterialExporter(LABEL, 32)), nodeExport(server.sockets[0]!, 32, LABEL), 'exporter equals Node’s');
        finish(conn);
      });
    }
    for (const group of GROUPS) {
      t.test(`group ${group}`, async (t) => {
        const server = await nodeServer({ ...TLS13, ecdhCurve: group });
        t.teardown(() => server.close());
        const conn = await ourClient(server.port, provider, { settings: settings({ eccCurves: ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1'] }) });
        t.equal(conn.version, ProtocolVersion.TLS1_3);
        const data = testData(1000, 3);
        t.ok((await echoThrough(conn, data)).equals(data), 'echo');
        finish(conn);
      });
    }
    t.test('KeyUpdate from our side, then more data', async (t) => {
      const server = await nodeServer({ ...TLS13 });
      t.teardown(() => server.close());
      const conn = await ourClient(server.port, provider);
      for (let i = 0; i < 3; i++) {
        conn.keyUpdate(i === 1);
        const data = testData(20_000, i);
        t.ok((await echoThrough(conn, data)).equals(data), `echo after update ${i}`);
      }
      finish(conn);
    });
    t.test('client certificate requested', async (t) => {
      const server = await nodeServer({ ...TLS13, requestCert: true, rejectUnauthorized: true, ca: certText('ca.cert.pem') });
      t.teardown(() => server.close());
      const conn = await ourClient(server.port, provider, { client: credentials('client-rsa') });
      const data = testData(100, 1);
      t.ok((await echoThrough(conn, data)).equals(data), 'echo');
      t.ok(server.sockets[0]!.authorized, 'Node verified our certificate');
      finish(conn);
    });
  });

  t.test(`Node tls client -> our TLS 1.3 server (${provider})`, async (t) => {
    const server = await ourServer(provider, { settings: settings({}) });
    t.teardown(() => server.close());
    let n = 0;
    for (const [suite, cipher] of SUITES) {
      t.test(suite, async (t) => {
        const socket = await nodeClient(server.port, { ...TLS13, ciphers: suite });
        t.equal(socket.getProtocol(), 'TLSv1.3');
        t.equal(socket.getCipher().standardName ?? socket.getCipher().name, suite);
        const conn = await server.connection(n++);
        t.equal(conn.getCipherName(), cipher);
        const data = testData(200_000, 5);
        socket.write(data);
        t.ok((await readBytes(socket, data.length)).equals(data), '200 kB echoed');
        t.equal(nodeExport(socket, 32, LABEL), hex(conn.keyingMaterialExporter(LABEL, 32)), 'exporter equals Node’s');
        socket.end();
        await once(socket, 'close');
      });
    }
    for (const group of GROUPS) {
      t.test(`group ${group}`, async (t) => {
        const socket = await nodeClient(server.port, { ...TLS13, ecdhCurve: group });
        t.equal(socket.getProtocol(), 'TLSv1.3');
        const info = socket.getEphemeralKeyInfo() as { name?: string; type?: string };
        const expected = { X25519: 'X25519', 'P-256': 'prime256v1', 'P-384': 'secp384r1', X448: 'X448', 'P-521': 'secp521r1' }[group];
        t.equal(info.name, expected, `our server's share is ${group}`);
        await server.connection(n++);
        socket.write('ping\n');
        t.equal((await readBytes(socket, 5)).toString(), 'ping\n');
        socket.end();
        await once(socket, 'close');
      });
    }
  });
}
