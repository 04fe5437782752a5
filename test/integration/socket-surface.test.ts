/**
 * The net.Socket-like surface TLSConnection offers for http.Agent,
 * http.ClientRequest and undici: 'connect' while TCP connects, idle
 * timeouts ('timeout'), setNoDelay/setKeepAlive/ref/unref passed to the
 * transport (and harmless over a transport without them), addresses,
 * `encrypted`, and no uncaught error when the peer resets a transport we
 * already closed.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { nodeServer, usePeers } from '../interop/peers.js';
import { providerOf } from '../interop/ours.js';

usePeers(t);

t.test("'connect' is forwarded while TCP connects, then the handshake completes", async (t) => {
  const server = await nodeServer();
  const socket = net.connect(server.port, '127.0.0.1');
  const conn = new TLSConnection(socket, { provider: providerOf('native') });
  t.equal(conn.connecting, true, 'connecting while TCP connects');
  t.equal(conn.encrypted, true);
  const handshake = conn.handshakeClientCert();
  await once(conn, 'connect');
  t.equal(conn.connecting, false);
  await handshake;
  t.equal(conn.remoteAddress, '127.0.0.1');
  t.equal(conn.remotePort, server.port);
  t.equal(conn.remoteFamily, 'IPv4');
  t.equal(conn.localAddress, '127.0.0.1');
  t.equal(conn.localPort, socket.localPort);
  t.equal(conn.setNoDelay(true), conn, 'setNoDelay chains');
  t.equal(conn.setKeepAlive(true, 1000), conn, 'setKeepAlive chains');
  t.equal(conn.unref(), conn);
  t.equal(conn.ref(), conn);
  conn.destroy();
});

t.test("setTimeout: 'timeout' after idle time, the callback once, 0 turns it off", async (t) => {
  // A server that says nothing after the handshake: the connection goes idle.
  const server = await nodeServer({}, () => {});
  const socket = net.connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider: providerOf('native') });
  await conn.handshakeClientCert();
  let called = 0;
  conn.setTimeout(50, () => called++);
  t.equal(conn.timeout, 50, 'timeout recorded as net.Socket does');
  await once(conn, 'timeout');
  t.equal(called, 1, 'the callback ran');
  conn.setTimeout(0);
  t.equal(conn.timeout, 0);
  const fired = await Promise.race([once(conn, 'timeout').then(() => true), new Promise((r) => setTimeout(() => r(false), 150))]);
  t.equal(fired, false, 'no timeout once turned off');
  t.throws(() => conn.setTimeout(-1), RangeError);
  t.throws(() => conn.setTimeout(10, 'x' as never), TypeError);
  conn.destroy();
});

t.test('over a transport without socket methods, the passthroughs do nothing', async (t) => {
  const bare = new Duplex({ read() {}, write(_c, _e, cb) { cb(); } });
  const conn = new TLSConnection(bare);
  t.equal(conn.setNoDelay(), conn);
  t.equal(conn.setKeepAlive(true), conn);
  t.equal(conn.ref().unref(), conn);
  t.equal(conn.setTimeout(10), conn);
  t.equal(conn.connecting, false);
  t.equal(conn.remoteAddress, undefined);
  conn.destroy();
  bare.destroy();
});

t.test('a reset of a transport we closed is not an uncaught error', async (t) => {
  const accepted: net.Socket[] = [];
  const plain = net.createServer((s) => accepted.push(s));
  const server = await nodeServer();
  // Connect through a TCP proxy we control, so we can reset our side's peer after destroy().
  plain.on('connection', (s) => {
    const up = net.connect(server.port, '127.0.0.1');
    upstream.push(up);
    s.pipe(up).pipe(s);
    up.on('error', () => {});
    s.on('error', () => {});
  });
  plain.listen(0, '127.0.0.1');
  await once(plain, 'listening');
  const upstream: net.Socket[] = [];
  t.teardown(() => {
    for (const s of [...accepted, ...upstream]) s.destroy();
    plain.close();
  });
  const socket = net.connect((plain.address() as net.AddressInfo).port, '127.0.0.1');
  const conn = new TLSConnection(socket, { provider: providerOf('native') });
  await conn.handshakeClientCert();
  conn.destroy();
  accepted[0]!.resetAndDestroy();
  // Not events.once: it would turn the (ignored) 'error' into a rejection.
  await new Promise((resolve) => socket.on('close', resolve));
  t.equal(socket.listenerCount('error') > 0, true, 'the closed transport keeps an error sink');
  t.pass('no uncaught ECONNRESET');
});
