/**
 * Hostile peers on real sockets: a scripted raw client sends malformed,
 * truncated, out-of-order and oversized input to our server, and a
 * scripted raw server answers our client with garbage. Each gets the
 * alert the RFC names and a closed connection, and the server keeps
 * serving well-behaved clients in between.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { AlertDescription } from '../../src/constants.js';
import { TLSLocalAlert } from '../../src/errors.js';
import { nodeClient, usePeers } from './peers.js';
import { ourClient, ourServer } from './ours.js';

usePeers(t);

/** Sends `bytes` on a raw connection, then reads until the server closes (bounded). */
async function raw(port: number, bytes: Uint8Array, endAfter = false): Promise<Buffer> {
  const s = net.connect(port, '127.0.0.1');
  await once(s, 'connect');
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.on('error', () => {});
  s.write(bytes);
  if (endAfter) s.end();
  const timer = setTimeout(() => s.destroy(), 5000);
  await once(s, 'close');
  clearTimeout(timer);
  return Buffer.concat(chunks);
}

/** The alert description in the first record, if it is a fatal alert. */
function alertOf(reply: Buffer): number | undefined {
  if (reply.length >= 7 && reply[0] === 21 && reply[5] === 2) return reply[6];
  return undefined;
}

/** A plaintext record. */
function record(type: number, body: Uint8Array, version = 0x0303): Buffer {
  return Buffer.concat([Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]), body]);
}

/** A handshake message. */
function handshake(type: number, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
}

t.test('hostile clients against our server', async (t) => {
  const server = await ourServer('native');
  t.teardown(() => server.close());
  const cases: Array<[string, Buffer, number | undefined, boolean?]> = [
    ['Finished before ClientHello', record(22, handshake(20, Buffer.alloc(12))), AlertDescription.unexpected_message],
    ['application data before the handshake', record(23, Buffer.from('GET / HTTP/1.0\r\n\r\n')), AlertDescription.unexpected_message],
    ['ClientHello with a length past its end', record(22, handshake(1, Buffer.from([3, 3, 0, 0]))), AlertDescription.decode_error],
    ['ClientHello body of garbage', record(22, handshake(1, Buffer.alloc(60, 0xff))), AlertDescription.decode_error],
    ['record longer than 2^14 + 2048', Buffer.concat([Buffer.from([22, 3, 3, 0x48, 0x01]), Buffer.alloc(0x4801)]), AlertDescription.record_overflow],
    ['unknown content type', record(99, Buffer.alloc(10)), AlertDescription.unexpected_message],
    ['truncated ClientHello, then EOF', record(22, handshake(1, Buffer.alloc(100))).subarray(0, 40), undefined, true],
  ];
  for (const [name, bytes, alert, endAfter] of cases) {
    const reply = await raw(server.port, bytes, endAfter);
    if (alert === undefined) t.equal(reply.length, 0, `${name}: closed without a reply`);
    else t.equal(alertOf(reply), alert, `${name}: ${AlertDescription.nameOf(alert)}`);
    // The server still serves a well-behaved client.
    const ok = await nodeClient(server.port);
    ok.write('still here');
    const [echo] = await once(ok, 'data');
    t.equal(echo.toString(), 'still here', `${name}: server keeps serving`);
    ok.destroy();
  }
});

t.test('hostile servers against our client', async (t) => {
  const replies: Array<[string, Buffer, string]> = [
    ['garbage instead of a ServerHello', Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), 'TLSLocalAlert'],
    ['ServerHelloDone first', record(22, handshake(14, Buffer.alloc(0))), 'TLSLocalAlert'],
    ['fatal alert', record(21, Buffer.from([2, 40])), 'TLSRemoteAlert'],
    ['EOF', Buffer.alloc(0), 'TLSAbruptCloseError'],
  ];
  for (const [name, reply, errorName] of replies) {
    const server = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => (reply.length > 0 ? s.end(reply) : s.end()));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    await t.rejects(ourClient(port, 'native'), { name: errorName }, name);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  t.ok(TLSLocalAlert, 'error classes exported');
});
