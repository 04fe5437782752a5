/**
 * Interop with Node's own tls, both directions, through the public
 * node:tls-shaped API (connect, createServer) and the Duplex features:
 * a 16 MiB echo checked byte for byte with writes of odd sizes, pipe and
 * `for await`, resumption, exporter, ALPN/SNI, handshake timeout and
 * abort, and an abrupt close reported as TLSAbruptCloseError.
 */
import t from 'tap';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { connect } from '../../src/connection/connect.js';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { TLSAbruptCloseError } from '../../src/errors.js';
import { NODE_LEGACY, ODD_SIZES, nodeClient, nodeExport, nodeServer, readBytes, testData, usePeers } from './peers.js';
import { hex, ourServer, providerLabels, providerOf, settings } from './ours.js';
import { ProtocolVersion } from '../../src/constants.js';

usePeers(t);
const LABEL = 'EXPORTER-interop';
const BIG = 16 << 20;

/** Writes `data` in odd-sized pieces, honouring backpressure. */
async function writeOdd(stream: NodeJS.WritableStream, data: Buffer): Promise<void> {
  for (let off = 0, i = 0; off < data.length; i++) {
    const n = ODD_SIZES[i % ODD_SIZES.length]!;
    if (!stream.write(data.subarray(off, off + n))) await once(stream, 'drain');
    off += n;
  }
}

for (const provider of providerLabels()) {
  // Pure AES-GCM is slow (GHASH in JS); ChaCha20 keeps the pure 16 MiB run short.
  const cipher = provider === 'pure' ? 'chacha20-poly1305' : 'aes128gcm';

  t.test(`connect() -> Node tls server (${provider})`, async (t) => {
    let nodeSide: tls.TLSSocket | undefined;
    const server = await nodeServer({ ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
      nodeSide = s;
      s.pipe(s);
    });
    const conn = connect({
      port: server.port,
      host: '127.0.0.1',
      servername: 'localhost',
      ALPNProtocols: ['http/1.1'],
      provider: providerOf(provider),
      settings: settings({ cipherNames: [cipher] }),
    });
    await once(conn, 'secureConnect');
    t.equal(conn.alpnProtocol, 'http/1.1');
    t.equal(nodeSide!.servername, 'localhost', 'SNI reached Node');
    t.equal(hex(conn.keyingMaterialExporter(LABEL, 32)), nodeExport(nodeSide!, 32, LABEL), 'exporter equals Node’s');

    const data = testData(BIG, 3);
    const [, echoed] = await Promise.all([writeOdd(conn, data), readBytes(conn, data.length, 60_000)]);
    t.equal(echoed.length, data.length);
    t.ok(echoed.equals(data), '16 MiB echoed byte for byte');

    const session = conn.session!;
    conn.end();
    await once(conn, 'close');
    const again = connect({ port: server.port, host: '127.0.0.1', session, provider: providerOf(provider) });
    await once(again, 'secureConnect');
    t.equal(again.resumed, true, 'resumed with Node');
    again.destroy();
    await server.close();
  });

  t.test(`Node tls client -> createServer() (${provider})`, async (t) => {
    const server = await ourServer(provider, {
      settings: settings({ cipherNames: [cipher, 'aes128'], minVersion: ProtocolVersion.TLS1_0 }),
      ALPNProtocols: ['http/1.1'],
    });
    t.teardown(() => server.close());
    const client = await nodeClient(server.port, { servername: 'localhost', ALPNProtocols: ['http/1.1'] });
    const conn = await server.connection(0);
    t.equal(client.alpnProtocol, 'http/1.1');
    t.equal(conn.serverName, 'localhost');
    t.equal(nodeExport(client, 20, LABEL), hex(conn.keyingMaterialExporter(LABEL, 20)));
    const data = testData(BIG, 5);
    const [, echoed] = await Promise.all([writeOdd(client, data), readBytes(client, data.length, 60_000)]);
    t.ok(echoed.equals(data), '16 MiB echoed byte for byte');
    client.end();
    await once(client, 'close');

    const old = await nodeClient(server.port, { ...NODE_LEGACY, maxVersion: 'TLSv1' });
    t.equal(old.getProtocol(), 'TLSv1');
    old.destroy();
  });
}

t.test('for await, pipe and half-close semantics', async (t) => {
  const server = await nodeServer({}, (s) => {
    s.end('one two three');
  });
  const conn = connect({ port: server.port, host: '127.0.0.1' });
  let text = '';
  for await (const chunk of conn) text += chunk.toString();
  t.equal(text, 'one two three', 'the peer’s close_notify ends the iteration');
  await server.close();
});

t.test('abrupt close without close_notify -> TLSAbruptCloseError after the data', async (t) => {
  const server = await nodeServer({}, (s) => {
    s.write('partial', () => setTimeout(() => s.destroy(), 20));
  });
  // Node's destroy() skips close_notify: the transport just ends.
  const conn = connect({ port: server.port, host: '127.0.0.1' });
  conn.on('error', () => {}); // recv() reports it
  await once(conn, 'secureConnect');
  const first = await conn.recv();
  t.equal(Buffer.from(first).toString(), 'partial', 'data before the truncation is delivered');
  await t.rejects(conn.recv(), { name: 'TLSAbruptCloseError' });
  t.ok(conn.errored instanceof TLSAbruptCloseError);

  const lenient = connect({ port: server.port, host: '127.0.0.1', ignoreAbruptClose: true });
  let text = '';
  for await (const chunk of lenient) text += chunk.toString();
  t.equal(text, 'partial', 'ignoreAbruptClose: a normal end');
  await server.close();
});

t.test('handshake timeout and AbortSignal', async (t) => {
  // A server that accepts TCP and never answers.
  const accepted: net.Socket[] = [];
  const silent = net.createServer((s) => accepted.push(s));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const port = (silent.address() as net.AddressInfo).port;

  const s1 = net.connect(port, '127.0.0.1');
  await once(s1, 'connect');
  const c1 = new TLSConnection(s1);
  await t.rejects(c1.handshakeClientCert(undefined, undefined, { timeout: 150 }), { name: 'TimeoutError' });
  t.ok(s1.destroyed, 'transport closed after the timeout');

  const s2 = net.connect(port, '127.0.0.1');
  await once(s2, 'connect');
  const c2 = new TLSConnection(s2);
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stop')), 50);
  await t.rejects(c2.handshakeClientCert(undefined, undefined, { signal: ac.signal }), { message: 'stop' });

  const c3 = connect({ port, host: '127.0.0.1', timeout: 100 });
  const [err] = await once(c3, 'error');
  t.equal((err as Error).name, 'TimeoutError', 'connect() reports it as an error event');

  const refused = connect({ port: 1, host: '127.0.0.1' });
  const [err2] = await once(refused, 'error');
  t.equal((err2 as NodeJS.ErrnoException).code, 'ECONNREFUSED', 'transport errors come through as they are');
  for (const s of accepted) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});
