/**
 * Choosing among several -c/-k pairs per ClientHello: the first pair the
 * client can use (suite for the key type, a signature scheme for it, and
 * for ECDSA its curve among the client's groups, RFC 8422 5.1); reading
 * the hello ahead without consuming it.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { CipherSuite, GroupName, SignatureScheme } from '../../src/constants.js';
import { ClientHello } from '../../src/messages/client-hello.js';
import { Extensions } from '../../src/messages/extensions/list.js';
import { SupportedGroupsExtension } from '../../src/messages/extensions/supported-groups.js';
import { SignatureAlgorithmsExtension } from '../../src/messages/extensions/signature-algorithms.js';
import { HandshakeMessage } from '../../src/messages/handshake-message.js';
import { chooseKeyPair, clientCanUse, peekClientHello } from '../../src/cli/key-select.js';
import { credentials } from '../interop/ours.js';

const rsa = credentials('server-rsa');
const ecdsa = credentials('server-ecdsa');
const ECDSA_SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
const RSA_SUITE = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;

function hello(suites: number[], groups?: string[], schemes?: string[]): ClientHello {
  const exts = [];
  if (groups) exts.push(new SupportedGroupsExtension(groups.map((g) => GroupName[g as 'x25519'])));
  if (schemes) exts.push(new SignatureAlgorithmsExtension(schemes.map((s) => SignatureScheme[s as 'ed25519'])));
  return new ClientHello({ clientVersion: 0x0303, random: new Uint8Array(32).fill(7), cipherSuites: suites, extensions: Extensions.of(exts) });
}

t.test('the first usable pair, in the order given', async (t) => {
  const both = hello([ECDSA_SUITE, RSA_SUITE], ['x25519', 'secp256r1'], ['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256']);
  t.equal(chooseKeyPair(both, [rsa, ecdsa]), rsa);
  t.equal(chooseKeyPair(both, [ecdsa, rsa]), ecdsa);
  t.equal(chooseKeyPair(hello([RSA_SUITE], ['secp256r1']), [ecdsa, rsa]), rsa, 'no ECDSA suite offered');
  t.equal(chooseKeyPair(undefined, [ecdsa, rsa]), ecdsa, 'unreadable hello: the first pair');
});

t.test('ECDSA needs its curve among the client groups and an ecdsa scheme', async (t) => {
  t.notOk(clientCanUse(hello([ECDSA_SUITE], ['x25519'], ['ecdsa_secp256r1_sha256']), ecdsa), 'P-256 not offered');
  t.ok(clientCanUse(hello([ECDSA_SUITE], ['x25519', 'secp256r1'], ['ecdsa_secp256r1_sha256']), ecdsa));
  t.notOk(clientCanUse(hello([ECDSA_SUITE], ['secp256r1'], ['rsa_pss_rsae_sha256']), ecdsa), 'no ecdsa scheme');
  t.ok(clientCanUse(hello([ECDSA_SUITE]), ecdsa), 'no extensions: allowed (RFC 8422 4)');
  t.notOk(clientCanUse(hello([RSA_SUITE], undefined, ['ecdsa_secp256r1_sha256']), rsa), 'no RSA scheme');
});

t.test('the hello is read ahead and left in the socket', async (t) => {
  const body = HandshakeMessage.of(hello([RSA_SUITE], ['x25519'])).bytes;
  // Split over two records and three TCP writes, as a client may.
  const half = Math.floor(body.length / 2);
  const record = (part: Uint8Array) => Buffer.concat([Buffer.from([22, 3, 1, part.length >> 8, part.length & 0xff]), part]);
  const wire = Buffer.concat([record(body.subarray(0, half)), record(body.subarray(half))]);
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const accepted = once(server, 'connection');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  client.write(wire.subarray(0, 3));
  setTimeout(() => client.write(wire.subarray(3, 20)), 20);
  setTimeout(() => client.write(wire.subarray(20)), 40);
  const [socket] = (await accepted) as [net.Socket];
  const peeked = await peekClientHello(socket);
  t.same(peeked?.cipherSuites, [RSA_SUITE]);
  t.same(peeked?.extensions?.supportedGroups?.groups, [GroupName.x25519]);
  const rest: Buffer[] = [];
  socket.on('data', (d: Buffer) => rest.push(d));
  socket.resume();
  await new Promise((r) => setTimeout(r, 50));
  t.same(Buffer.concat(rest), wire, 'every byte is still there for the handshake');
  client.destroy();
  socket.destroy();
});
