/**
 * A server Engine answers an SSLv2-compatible CLIENT-HELLO (RFC 5246
 * E.2) with a normal ServerHello flight, and refuses it when told to.
 */
import t from 'tap';
import { CipherSuite, ContentType, HandshakeType, ProtocolVersion } from '../../src/constants.js';
import { Engine } from '../../src/connection/engine.js';
import { credentials, settle } from './engine-pair.js';

function ssl2Hello(version: number, suites: readonly number[]): Uint8Array {
  const challenge = new Uint8Array(16).fill(0xab);
  const body = [1, version >> 8, version & 0xff, 0, suites.length * 3, 0, 0, 0, challenge.length];
  for (const s of suites) body.push(s >> 16, (s >> 8) & 0xff, s & 0xff);
  body.push(...challenge);
  return new Uint8Array([0x80 | (body.length >> 8), body.length & 0xff, ...body]);
}

t.test('SSLv2 hello accepted', async (t) => {
  const out: Uint8Array[] = [];
  const server = new Engine({ output: (b) => out.push(b.slice()) });
  const done = server.handshakeServer({ ...credentials('server-rsa') }).catch((e: unknown) => e);
  server.receive(ssl2Hello(ProtocolVersion.TLS1_0, [CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV]));
  await settle();
  t.equal(out.length, 1, 'one flight');
  const flight = out[0]!;
  t.equal(flight[0], ContentType.handshake, 'a handshake record');
  t.equal(flight[5], HandshakeType.server_hello, 'starting with ServerHello');
  t.same([flight[9], flight[10]], [3, 1], 'TLS 1.0 chosen');
  server.receiveEOF();
  await done;
});

t.test('SSLv2 hello refused when disabled', async (t) => {
  const out: Uint8Array[] = [];
  const server = new Engine({ output: (b) => out.push(b.slice()) });
  const done = server.handshakeServer({ ...credentials('server-rsa'), acceptSSLv2Hello: false }).catch((e: unknown) => e);
  server.receive(ssl2Hello(ProtocolVersion.TLS1_0, [CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA]));
  const error = await done;
  t.ok(error instanceof Error, `fails: ${String(error)}`);
  t.equal(out.at(-1)?.[0], ContentType.alert, 'with an alert');
});
