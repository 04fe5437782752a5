import t, { type Test as Tap } from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from '../../src/codec/parser.js';
import { AlertDescription, CipherSuite, GroupName, ProtocolVersion, SignatureScheme } from '../../src/constants.js';
import {
  TLSDecodeError,
  TLSError,
  TLSIllegalParameterException,
  TLSUnexpectedMessage,
} from '../../src/errors.js';
import {
  Alert,
  Certificate,
  CertificateRequest,
  CertificateVerify,
  ChangeCipherSpec,
  ClientHello,
  ClientKeyExchange,
  DigitallySigned,
  EncryptedExtensions,
  Extensions,
  Finished,
  HELLO_RETRY_REQUEST_RANDOM,
  HandshakeMessage,
  HelloRequest,
  KeyShareExtension,
  NewSessionTicket,
  NextProtocol,
  ServerHello,
  ServerHelloDone,
  ServerKeyExchange,
  ServerNameExtension,
  StatusRequestExtension,
  SupportedVersionsExtension,
  serialize,
  type HandshakeBody,
  type MessageContext,
} from '../../src/messages/index.js';
import { suiteInfo } from '../../src/suites.js';
import { fromHex, hex, parseAll, thrown, toHex } from './helpers.js';

const TLS12: MessageContext = { version: ProtocolVersion.TLS1_2 };
const TLS10: MessageContext = { version: ProtocolVersion.TLS1_0 };
const SSL3: MessageContext = { version: ProtocolVersion.SSL3 };
const TLS13: MessageContext = { version: ProtocolVersion.TLS1_3, hashLength: 32 };

/** A whole message (header + body hex) parsed, checked to re-serialize, and returned. */
function message<M extends HandshakeBody>(t: Tap, type: number, body: string, ctx: MessageContext = {}): M {
  const b = hex(body);
  const bytes = new Uint8Array([type, b.length >> 16, (b.length >> 8) & 0xff, b.length & 0xff, ...b]);
  const m = HandshakeMessage.parse(bytes, ctx);
  t.equal(toHex(serialize(m.body)), toHex(bytes), `${m.body.constructor.name} re-serializes`);
  t.equal(toHex(m.bytes), toHex(bytes));
  t.type(m.toString(), 'string');
  return m.body as M;
}

function fails(t: Tap, type: number, body: string, ctx: MessageContext, cls: typeof TLSError, why: string) {
  const b = hex(body);
  const bytes = new Uint8Array([type, b.length >> 16, (b.length >> 8) & 0xff, b.length & 0xff, ...b]);
  const e = thrown(() => HandshakeMessage.parse(bytes, ctx));
  t.type(e, cls, why);
  if (!(e instanceof cls)) t.comment(`got ${String(e)}`);
}


const RANDOM = '00'.repeat(31) + '01';

t.test('header codec', async (t) => {
  t.type(message(t, 0, ''), HelloRequest);
  fails(t, 0, '00', {}, TLSDecodeError, 'HelloRequest with a body');
  t.type(thrown(() => HandshakeMessage.parse(hex('00000001'))), TLSDecodeError, 'length beyond the data');
  t.type(thrown(() => HandshakeMessage.parse(hex('000000'))), TLSDecodeError, 'short header');
  t.type(thrown(() => HandshakeMessage.parse(hex('00000000 00'))), TLSDecodeError, 'trailing after the message');
  t.type(thrown(() => HandshakeMessage.parse(hex('63000000'))), TLSUnexpectedMessage, 'unknown type 99');
  t.type(thrown(() => HandshakeMessage.parse(hex('03000000'))), TLSUnexpectedMessage, 'hello_verify_request is DTLS');
  // Two messages in one stream, read one after the other.
  const p = new Parser(hex('0e000000 00000000'));
  t.type(HandshakeMessage.read(p).body, ServerHelloDone);
  t.type(HandshakeMessage.read(p).body, HelloRequest);
  t.ok(p.atEnd);
  const built = HandshakeMessage.of(new ServerHelloDone());
  t.equal(toHex(built.bytes), '0e000000');
});

t.test('ClientHello', async (t) => {
  const plain = `0300 ${RANDOM} 00 0002 000a 01 00`;
  const ssl3 = message<ClientHello>(t, 1, plain);
  t.equal(ssl3.clientVersion, ProtocolVersion.SSL3);
  t.equal(ssl3.extensions, undefined, 'no extension block at all');
  t.same(ssl3.cipherSuites, [CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA]);
  const empty = message<ClientHello>(t, 1, `0301 ${RANDOM} 00 0002 002f 01 00 0000`);
  t.equal(empty.extensions?.length, 0, 'an empty block is kept apart from none');
  const full = message<ClientHello>(
    t,
    1,
    `0303 ${RANDOM} 20 ${'ab'.repeat(32)} 0004 c02f 00ff 02 01 00
     0016 0000 000e 000c 00 0009 6c6f63616c686f7374 2e 2e 0017 0000`.replace(' 2e 2e', ''),
  );
  t.equal(full.sessionId.length, 32);
  t.equal(full.extensions!.serverName!.hostName, 'localhost');
  t.same(full.compressionMethods, [1, 0]);
  fails(t, 1, `0303 ${RANDOM} 21 ${'ab'.repeat(33)} 0002 002f 01 00`, {}, TLSDecodeError, 'session_id of 33 bytes');
  fails(t, 1, `0303 ${RANDOM} 00 0000 01 00`, {}, TLSDecodeError, 'no cipher suites');
  fails(t, 1, `0303 ${RANDOM} 00 0003 002f00 01 00`, {}, TLSDecodeError, 'odd cipher_suites length');
  fails(t, 1, `0303 ${RANDOM} 00 0002 002f 00`, {}, TLSDecodeError, 'no compression methods');
  fails(t, 1, `0303 ${RANDOM} 00 0002 002f 01 01`, {}, TLSIllegalParameterException, 'no null compression');
  fails(t, 1, `0303 ${RANDOM} 00 0002 002f 01 00 00`, {}, TLSDecodeError, 'one stray byte after compression');
  fails(t, 1, `0303 ${RANDOM} 00 0002 002f 01 00 0000 00`, {}, TLSDecodeError, 'trailing after extensions');
  fails(t, 1, `0303 ${RANDOM} 00 0002 002f 01 00 0008 0017 0000 0017 0000`, {}, TLSIllegalParameterException, 'duplicate extension');
  fails(t, 1, `0303 ${'00'.repeat(31)}`, {}, TLSDecodeError, 'short random');
  const built = new ClientHello({
    clientVersion: ProtocolVersion.TLS1_2,
    random: fromHex(RANDOM),
    cipherSuites: [0xc02f],
    extensions: Extensions.of([ServerNameExtension.forHost('a.example')]),
  });
  const again = HandshakeMessage.parse(serialize(built)).body as ClientHello;
  t.equal(again.extensions!.serverName!.hostName, 'a.example');
  t.throws(() => new ClientHello({ clientVersion: 0x0303, random: new Uint8Array(31), cipherSuites: [1] }), RangeError);
});

t.test('SSLv2-compatible ClientHello (RFC 5246 E.2)', async (t) => {
  const challenge = '0123456789abcdef0123456789abcdef';
  const body = hex(`01 0301 0009 0000 0010 00002f 00000a 010080 ${challenge}`);
  const ch = parseAll(body, (p) => ClientHello.readSSLv2(p));
  t.ok(ch.ssl2);
  t.equal(ch.clientVersion, ProtocolVersion.TLS1_0);
  t.same(ch.cipherSuites, [0x002f, 0x000a, CipherSuite.SSL_CK_RC4_128_WITH_MD5]);
  t.equal(toHex(ch.random), '00'.repeat(16) + challenge, 'challenge right-aligned in the random');
  t.equal(ch.extensions, undefined);
  t.same(ch.compressionMethods, [0]);
  t.match(ch.toString(), /SSLv2-compatible/);
  const w = serializeWith((w) => ch.writeSSLv2(w));
  t.equal(toHex(w), toHex(body), 'SSLv2 form re-serializes');
  const sid = parseAll(hex(`01 0300 0003 0010 0020 00002f ${'11'.repeat(16)} ${'22'.repeat(32)}`), (p) => ClientHello.readSSLv2(p));
  t.equal(sid.sessionId.length, 16);
  t.equal(toHex(sid.random), '22'.repeat(32));
  const bad: Array<[string, string]> = [
    [`02 0301 0003 0000 0010 00002f ${challenge}`, 'not a CLIENT-HELLO'],
    [`01 0301 0004 0000 0010 00002f00 ${challenge}`, 'cipher specs not a multiple of 3'],
    [`01 0301 0000 0000 0010 ${challenge}`, 'no cipher specs'],
    [`01 0301 0003 0005 0010 00002f 0102030405 ${challenge}`, 'session id of 5'],
    [`01 0301 0003 0000 000f 00002f ${challenge.slice(2)}`, 'challenge of 15'],
    [`01 0301 0003 0000 0021 00002f ${challenge}${challenge}00`, 'challenge of 33'],
    [`01 0301 0003 0000 0010 00002f ${challenge.slice(2)}`, 'truncated challenge'],
  ];
  for (const [bytes, why] of bad) t.type(thrown(() => parseAll(hex(bytes), (p) => ClientHello.readSSLv2(p))), TLSDecodeError, why);
  t.type(thrown(() => parseAll(hex(`01 0301 0003 0000 0010 00002f ${challenge} 00`), (p) => ClientHello.readSSLv2(p))), TLSDecodeError, 'trailing');
});

function serializeWith(write: Parameters<typeof import('../../src/messages/encode.js').encode>[0]): Uint8Array {
  return encodeFn(write);
}
import { encode as encodeFn } from '../../src/messages/encode.js';

t.test('ServerHello and HelloRetryRequest', async (t) => {
  const sh = message<ServerHello>(t, 2, `0303 ${RANDOM} 00 c02f 00`);
  t.equal(sh.cipherSuite, 0xc02f);
  t.equal(sh.extensions, undefined);
  const withExt = message<ServerHello>(t, 2, `0303 ${RANDOM} 00 c02f 00 0005 ff01 0001 00`);
  t.ok(withExt.extensions!.renegotiationInfo);
  fails(t, 2, `0303 ${RANDOM} 00 c02f`, {}, TLSDecodeError, 'no compression method');
  fails(t, 2, `0303 ${RANDOM} 00 c02f 00 00`, {}, TLSDecodeError, 'stray byte');
  const hrr = message<ServerHello>(
    t,
    2,
    `0303 ${toHex(HELLO_RETRY_REQUEST_RANDOM)} 00 1301 00 000c 002b 0002 0304 0033 0002 0017`,
  );
  t.ok(hrr.isHelloRetryRequest);
  t.equal(hrr.extensions!.keyShare!.selectedGroup, GroupName.secp256r1);
  t.match(hrr.toString(), /^HelloRetryRequest/);
  const built = new ServerHello({
    serverVersion: 0x0303,
    random: fromHex(RANDOM),
    cipherSuite: 0x1301,
    extensions: Extensions.of(
      [new SupportedVersionsExtension([0x0304], true), new KeyShareExtension('server_hello', [{ group: 29, keyExchange: new Uint8Array(32) }])],
      { message: 'server_hello' },
    ),
  });
  const again = HandshakeMessage.parse(serialize(built)).body as ServerHello;
  t.same(again.extensions!.supportedVersions!.versions, [0x0304]);
});

t.test('Certificate', async (t) => {
  const two = message<Certificate>(t, 11, '00000a 000002 3000 000002 3001');
  t.equal(two.certificates.length, 2);
  t.equal(message<Certificate>(t, 11, '000000').certificates.length, 0);
  fails(t, 11, '000003 000000', {}, TLSDecodeError, 'empty certificate');
  fails(t, 11, '000006 000002 3000', {}, TLSDecodeError, 'list longer than its content');
  fails(t, 11, '000005 000003 3000', {}, TLSDecodeError, 'certificate overruns list');
  const tls13 = message<Certificate>(t, 11, '00 000010 000002 3000 0009 0005 0005 01 000001 aa', TLS13);
  t.equal(tls13.entries[0]!.extensions!.statusRequest!.ocspResponse!.length, 1);
  t.equal(tls13.certificateRequestContext!.length, 0);
  fails(t, 11, '00 000005 000002 3000', TLS13, TLSDecodeError, 'TLS 1.3 entry without extensions');
  const built = new Certificate(
    [{ certData: hex('3000'), extensions: Extensions.of([StatusRequestExtension.ocspResponse(hex('aa'))], { message: 'certificate' }) }],
    new Uint8Array(0),
  );
  t.equal(toHex(serialize(built)), '0b000014' + '00000010000002300000090005000501000001aa');
});

t.test('large messages serialize and parse (the writer grows many times)', async (t) => {
  const certs = [40_000, 1, 65_537, 300].map((n, i) => new Uint8Array(n).fill(i + 1));
  const bytes = serialize(new Certificate(certs));
  t.equal(bytes.length, 4 + 3 + certs.reduce((n, c) => n + 3 + c.length, 0));
  const back = HandshakeMessage.parse(bytes).body as Certificate;
  t.same(back.certificates.map((c) => [c.length, c[0]]), certs.map((c) => [c.length, c[0]]));
  const odd = new Uint8Array(1000).map((_, i) => i & 0xff);
  const ticket = serialize(new NewSessionTicket(1, odd));
  t.equal(toHex(ticket.subarray(10)), toHex(odd), 'bytes land where they belong');
});

t.test('ServerKeyExchange', async (t) => {
  const anon = message<ServerKeyExchange>(t, 12, '0001 17 0001 02 0001 05', { ...TLS12, keyExchange: 'dh_anon' });
  t.equal(anon.params.kind, 'dh');
  t.equal(anon.signature, undefined);
  t.equal(toHex(anon.paramsBytes()), '000117000102000105');
  const ecdhe = message<ServerKeyExchange>(t, 12, `03 001d 20 ${'11'.repeat(32)} 0804 0002 abcd`, { ...TLS12, keyExchange: 'ecdhe_rsa' });
  t.equal(ecdhe.signature!.algorithm, SignatureScheme.rsa_pss_rsae_sha256);
  const tls10 = message<ServerKeyExchange>(t, 12, `03 0017 01 04 0002 abcd`, { ...TLS10, keyExchange: 'ecdhe_rsa' });
  t.equal(tls10.signature!.algorithm, undefined);
  const ssl3 = message<ServerKeyExchange>(t, 12, `0001 17 0001 02 0001 05 0002 abcd`, { ...SSL3, keyExchange: 'dhe_rsa' });
  t.equal(ssl3.signature!.signature.length, 2);
  const srp = message<ServerKeyExchange>(t, 12, '0001 17 0001 05 01 aa 0001 09', { ...TLS12, keyExchange: 'srp_sha' });
  t.equal(srp.params.kind, 'srp');
  message<ServerKeyExchange>(t, 12, '0001 17 0001 05 01 aa 0001 09 0002 abcd', { ...TLS10, keyExchange: 'srp_sha_rsa' });
  message<ServerKeyExchange>(t, 12, '03 0017 01 04', { ...TLS12, keyExchange: 'ecdh_anon' });
  fails(t, 12, '01 0017 01 04', { ...TLS12, keyExchange: 'ecdh_anon' }, TLSIllegalParameterException, 'explicit_prime curve');
  fails(t, 12, '02 0017 01 04', { ...TLS12, keyExchange: 'ecdh_anon' }, TLSIllegalParameterException, 'explicit_char2 curve');
  fails(t, 12, '03 0017 00', { ...TLS12, keyExchange: 'ecdh_anon' }, TLSDecodeError, 'empty point');
  fails(t, 12, '0000 0001 02 0001 05', { ...TLS12, keyExchange: 'dh_anon' }, TLSDecodeError, 'empty p');
  fails(t, 12, '0001 17 0001 02 0001 05', { ...TLS12, keyExchange: 'dhe_rsa' }, TLSDecodeError, 'signature missing');
  fails(t, 12, '0001 17 0001 02 0001 05 0804', { ...TLS12, keyExchange: 'dhe_rsa' }, TLSDecodeError, 'signature length missing');
  fails(t, 12, '0001 17 0001 02 0001 05 0804 0000 00', { ...TLS12, keyExchange: 'dhe_rsa' }, TLSDecodeError, 'trailing');
  fails(t, 12, '0001 17 0001 05 00 0001 09', { ...TLS12, keyExchange: 'srp_sha' }, TLSDecodeError, 'empty salt');
  fails(t, 12, '', { ...TLS12, keyExchange: 'rsa' }, TLSUnexpectedMessage, 'RSA has no ServerKeyExchange');
  fails(t, 12, '', { ...TLS12 }, TLSUnexpectedMessage, 'no key exchange known');
  t.throws(() => new ServerKeyExchange('dhe_rsa', { kind: 'dh', p: hex('17'), g: hex('02'), ys: hex('05') }), RangeError);
  t.throws(() => new ServerKeyExchange('dh_anon', { kind: 'ecdh', namedCurve: 23, point: hex('04') }), RangeError);
});

t.test('CertificateRequest', async (t) => {
  const tls12 = message<CertificateRequest>(t, 13, '02 0140 0004 0401 0403 0006 0004 30023000', TLS12);
  t.same(tls12.certificateTypes, [1, 64]);
  t.same(tls12.supportedSignatureAlgorithms, [0x0401, 0x0403]);
  t.equal(tls12.certificateAuthorities.length, 1);
  const tls10 = message<CertificateRequest>(t, 13, '01 01 0000', TLS10);
  t.equal(tls10.supportedSignatureAlgorithms, undefined);
  message<CertificateRequest>(t, 13, '01 01 0000', SSL3);
  fails(t, 13, '00 0002 0401 0000', TLS12, TLSDecodeError, 'no certificate types');
  fails(t, 13, '01 01 0000 0000', TLS12, TLSDecodeError, 'no signature algorithms');
  fails(t, 13, '01 01 0002 0401 0002 0000', TLS12, TLSDecodeError, 'empty DN');
  fails(t, 13, '01 01 0002 0401 0000', TLS10, TLSDecodeError, 'TLS 1.2 form in TLS 1.0');
  const tls13 = message<CertificateRequest>(t, 13, '00 0008 000d 0004 0002 0804', TLS13);
  t.same(tls13.extensions!.signatureAlgorithms!.schemes, [0x0804]);
  fails(t, 13, '00 0000', TLS13, TLSDecodeError, 'TLS 1.3 with no extensions');
});

t.test('CertificateVerify, ClientKeyExchange, Finished', async (t) => {
  t.equal(message<CertificateVerify>(t, 15, '0401 0002 abcd', TLS12).algorithm, 0x0401);
  t.equal(message<CertificateVerify>(t, 15, '0002 abcd', TLS10).algorithm, undefined);
  t.equal(message<CertificateVerify>(t, 15, '0002 abcd', SSL3).signature.length, 2);
  fails(t, 15, '0401 0003 abcd', TLS12, TLSDecodeError, 'signature overrun');
  t.equal(toHex(serialize(new CertificateVerify(new DigitallySigned(0x0804, hex('01'))))), '0f0000050804000101');

  const rsa = message<ClientKeyExchange>(t, 16, '0003 010203', { ...TLS12, keyExchange: 'rsa' });
  t.equal(rsa.value.length, 3);
  const rsa3 = message<ClientKeyExchange>(t, 16, '010203', { ...SSL3, keyExchange: 'rsa' });
  t.ok(rsa3.ssl3, 'SSLv3: no length prefix');
  t.equal(toHex(rsa3.value), '010203');
  fails(t, 16, '0004 010203', { ...TLS12, keyExchange: 'rsa' }, TLSDecodeError, 'RSA length mismatch');
  fails(t, 16, '010203', { ...TLS10, keyExchange: 'rsa' }, TLSDecodeError, 'TLS needs the length');
  message<ClientKeyExchange>(t, 16, '0002 abcd', { ...TLS12, keyExchange: 'dhe_rsa' });
  fails(t, 16, '', { ...TLS12, keyExchange: 'dhe_rsa' }, TLSDecodeError, 'implicit DH form');
  fails(t, 16, '0000', { ...TLS12, keyExchange: 'dh_anon' }, TLSDecodeError, 'empty Yc');
  message<ClientKeyExchange>(t, 16, '02 abcd', { ...TLS12, keyExchange: 'ecdhe_ecdsa' });
  fails(t, 16, '00', { ...TLS12, keyExchange: 'ecdhe_rsa' }, TLSDecodeError, 'empty point');
  message<ClientKeyExchange>(t, 16, '0001 07', { ...TLS12, keyExchange: 'srp_sha' });
  fails(t, 16, '0001 07', { ...TLS13, keyExchange: 'tls13' }, TLSUnexpectedMessage, 'TLS 1.3 has no ClientKeyExchange');

  t.equal(message<Finished>(t, 20, '11'.repeat(12), TLS12).verifyData.length, 12);
  t.equal(message<Finished>(t, 20, '11'.repeat(36), SSL3).verifyData.length, 36);
  t.equal(message<Finished>(t, 20, '11'.repeat(32), TLS13).verifyData.length, 32);
  t.equal(message<Finished>(t, 20, '11'.repeat(48), { ...TLS13, hashLength: 48 }).verifyData.length, 48);
  fails(t, 20, '11'.repeat(13), TLS12, TLSDecodeError, 'Finished of 13 bytes');
  fails(t, 20, '11'.repeat(12), SSL3, TLSDecodeError, 'SSLv3 Finished of 12 bytes');
  fails(t, 20, '', TLS12, TLSDecodeError, 'empty Finished');
});

t.test('NewSessionTicket, NextProtocol', async (t) => {
  const nst = message<NewSessionTicket>(t, 4, '00001c20 0003 aabbcc', TLS12);
  t.equal(nst.lifetime, 7200);
  message<NewSessionTicket>(t, 4, '00001c20 0000', TLS12);
  fails(t, 4, '00001c20 0004 aabbcc', TLS12, TLSDecodeError, 'ticket overrun');
  const nst13 = message<NewSessionTicket>(t, 4, '00001c20 01020304 01 00 0002 abcd 0000', TLS13);
  t.equal(nst13.tls13!.ticketAgeAdd, 0x01020304);
  fails(t, 4, '00001c20 01020304 01 00 0000 0000', TLS13, TLSDecodeError, 'empty TLS 1.3 ticket');

  const np = new NextProtocol('h2');
  t.equal(np.padding.length, 28);
  const bytes = serialize(np);
  t.equal(bytes.length, 4 + 32, 'padded to 32 bytes');
  t.equal((HandshakeMessage.parse(bytes).body as NextProtocol).selectedProtocol.length, 2);
  message<NextProtocol>(t, 67, '02 6832 01 ff');
  fails(t, 67, '02 6832', {}, TLSDecodeError, 'no padding length');
});

t.test('EncryptedExtensions', async (t) => {
  const ee = message<EncryptedExtensions>(t, 8, '000d 0000 0000 0010 0005 0003 026832', TLS13);
  t.equal(ee.extensions.serverName!.names.length, 0);
  t.same(ee.extensions.alpn!.protocolNames, ['h2']);
  t.equal(message<EncryptedExtensions>(t, 8, '0000', TLS13).extensions.length, 0);
  fails(t, 8, '', TLS13, TLSDecodeError, 'no extension block');
  fails(t, 8, '0006 0010 0002 0000', TLS13, TLSDecodeError, 'empty ALPN list');
});

t.test('ChangeCipherSpec and Alert', async (t) => {
  t.type(parseAll(hex('01'), (p) => ChangeCipherSpec.read(p)), ChangeCipherSpec);
  t.type(thrown(() => parseAll(hex('02'), (p) => ChangeCipherSpec.read(p, TLS12))), TLSIllegalParameterException);
  t.type(thrown(() => parseAll(hex('02'), (p) => ChangeCipherSpec.read(p, TLS13))), TLSUnexpectedMessage);
  t.type(thrown(() => parseAll(hex('0101'), (p) => ChangeCipherSpec.read(p))), TLSDecodeError);
  t.type(thrown(() => parseAll(hex(''), (p) => ChangeCipherSpec.read(p))), TLSDecodeError);
  t.equal(toHex(encodeFn((w) => new ChangeCipherSpec().write(w))), '01');
  const alert = parseAll(hex('0228'), (p) => Alert.read(p));
  t.equal(alert.description, AlertDescription.handshake_failure);
  t.equal(alert.toString(), 'Alert(fatal, handshake_failure)');
  t.equal(toHex(encodeFn((w) => alert.write(w))), '0228');
  t.type(thrown(() => parseAll(hex('02'), (p) => Alert.read(p))), TLSDecodeError);
  t.type(thrown(() => parseAll(hex('022800'), (p) => Alert.read(p))), TLSDecodeError, 'one alert and a stray byte');
});

t.test('captured messages: every truncation, every grown length, appended bytes', async (t) => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/captures');
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const capture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      clientToServer: { hex: string }[];
      serverToClient: { hex: string }[];
    };
    const sh = HandshakeMessage.parse(fromHex(capture.serverToClient[0]!.hex)).body as ServerHello;
    const info = suiteInfo(sh.cipherSuite)!;
    const ctx: MessageContext = {
      version: sh.extensions?.supportedVersions?.versions[0] ?? sh.serverVersion,
      keyExchange: info.keyExchange,
    };
    for (const m of [...capture.clientToServer, ...capture.serverToClient]) {
      const bytes = fromHex(m.hex);
      for (let n = 0; n < bytes.length; n++) {
        const e = thrown(() => HandshakeMessage.parse(bytes.subarray(0, n), ctx));
        if (!(e instanceof TLSDecodeError)) t.fail(`${file} type ${bytes[0]} prefix ${n}: ${String(e)}`);
      }
      // Header length one larger with one more byte: the body has a trailing byte.
      const grown = new Uint8Array(bytes.length + 1);
      grown.set(bytes);
      const length = bytes.length - 4 + 1;
      grown[1] = length >> 16;
      grown[2] = (length >> 8) & 0xff;
      grown[3] = length & 0xff;
      const e = thrown(() => HandshakeMessage.parse(grown, ctx));
      // A ClientHello's or ServerHello's trailing byte may start an extension block: still decode_error.
      if (!(e instanceof TLSDecodeError)) t.fail(`${file} type ${bytes[0]} grown: ${String(e)}`);
      const appended = new Uint8Array(bytes.length + 1);
      appended.set(bytes);
      if (!(thrown(() => HandshakeMessage.parse(appended, ctx)) instanceof TLSDecodeError)) t.fail(`${file} appended`);
      checked++;
    }
  }
  t.ok(checked >= 30, `${checked} captured messages checked`);
});
