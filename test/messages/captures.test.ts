/**
 * Real handshakes recorded from `openssl s_client` (and Node's client)
 * against a Node tls server: see test/fixtures/captures/capture.ts for
 * how they were made. Every plaintext message must parse to the expected
 * fields and re-serialize byte for byte, and so must every extension body.
 */
import t, { type Test as Tap } from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CipherSuite, ExtensionType, GroupName, HandshakeType, ProtocolVersion, SignatureScheme } from '../../src/constants.js';
import {
  Certificate,
  CertificateRequest,
  CertificateVerify,
  ClientHello,
  ClientKeyExchange,
  HandshakeMessage,
  NewSessionTicket,
  ServerHello,
  ServerKeyExchange,
  serialize,
  type Extensions,
  type MessageContext,
} from '../../src/messages/index.js';
import { suiteInfo } from '../../src/suites.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';
import { encode } from '../../src/messages/encode.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/captures');

interface Capture {
  command: string;
  clientToServer: { type: number; hex: string }[];
  serverToClient: { type: number; hex: string }[];
}

function load(name: string): Capture {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Capture;
}

/** Parses one direction's messages, with the context the ServerHello establishes. */
function parseFlight(messages: Capture['serverToClient'], ctx: { value: MessageContext }) {
  return messages.map((m) => {
    const bytes = fromHex(m.hex);
    const message = HandshakeMessage.parse(bytes, ctx.value);
    if (message.body instanceof ServerHello) {
      const version =
        message.body.extensions?.supportedVersions?.versions[0] ?? message.body.serverVersion;
      const info = suiteInfo(message.body.cipherSuite)!;
      ctx.value = { version, keyExchange: info.keyExchange, hashLength: info.prfHash === 'sha384' ? 48 : 32 };
    }
    return { message, bytes };
  });
}

function checkExtensions(t: Tap, extensions: Extensions | undefined, where: string) {
  if (!extensions) return;
  for (const e of extensions.entries) {
    t.equal(toHex(encode((w) => e.extension.write(w))), toHex(e.data), `${where}: ${e.extension} writes its body back`);
  }
}


function parseCapture(t: Tap, name: string) {
  const capture = load(name);
  const ctx = { value: {} as MessageContext };
  // The server's flight first: its ServerHello fixes the context for the client's later messages.
  const server = parseFlight(capture.serverToClient, ctx);
  const client = parseFlight(capture.clientToServer, ctx);
  for (const { message, bytes } of [...client, ...server]) {
    t.equal(toHex(message.bytes), toHex(bytes), `${name}: ${HandshakeType.nameOf(message.type)} bytes kept`);
    t.equal(toHex(serialize(message.body)), toHex(bytes), `${name}: ${HandshakeType.nameOf(message.type)} re-serializes`);
    t.type(message.toString(), 'string');
    const body = message.body as { extensions?: Extensions };
    checkExtensions(t, body.extensions, `${name} ${HandshakeType.nameOf(message.type)}`);
  }
  const types = (flight: typeof server) => flight.map((m) => m.message.type);
  return { capture, client: client.map((m) => m.message.body), server: server.map((m) => m.message.body), types: [types(client), types(server)] };
}

t.test('TLS 1.2 ECDHE-RSA from openssl s_client', async (t) => {
  const { client, server, types } = parseCapture(t, 'tls12-ecdhe-rsa');
  t.same(types, [[1, 16], [2, 11, 12, 14, 4]]);
  const ch = client[0] as ClientHello;
  t.equal(ch.clientVersion, ProtocolVersion.TLS1_2);
  t.same(ch.cipherSuites, [CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV]);
  t.same(ch.compressionMethods, [0]);
  t.equal(ch.extensions!.serverName!.hostName, 'example.com');
  t.same(ch.extensions!.alpn!.protocolNames, ['h2', 'http/1.1']);
  t.equal(ch.extensions!.statusRequest!.statusType, 1);
  t.ok(ch.extensions!.supportedGroups!.groups.includes(GroupName.x25519));
  t.ok(ch.extensions!.signatureAlgorithms!.schemes.includes(SignatureScheme.rsa_pss_rsae_sha256));
  t.ok(ch.extensions!.extendedMasterSecret);
  t.ok(ch.extensions!.encryptThenMac);
  t.ok(ch.extensions!.sessionTicket);
  const sh = server[0] as ServerHello;
  t.equal(sh.serverVersion, ProtocolVersion.TLS1_2);
  t.equal(sh.cipherSuite, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  t.notOk(sh.isHelloRetryRequest);
  t.same(sh.extensions!.alpn!.protocolNames, ['http/1.1']);
  t.ok(sh.extensions!.renegotiationInfo);
  t.ok(sh.extensions!.extendedMasterSecret);
  const cert = server[1] as Certificate;
  t.equal(cert.certificates.length, 1);
  t.equal(cert.certificates[0]![0], 0x30, 'DER SEQUENCE');
  const ske = server[2] as ServerKeyExchange;
  t.equal(ske.keyExchange, 'ecdhe_rsa');
  t.equal(ske.params.kind, 'ecdh');
  if (ske.params.kind === 'ecdh') {
    t.equal(ske.params.namedCurve, GroupName.x25519);
    t.equal(ske.params.point.length, 32);
  }
  t.ok(ske.signature?.algorithm !== undefined, 'TLS 1.2 signature carries its algorithm');
  t.equal(ske.signature!.signature.length, 256, 'RSA-2048 signature');
  const cke = client[1] as ClientKeyExchange;
  t.equal(cke.keyExchange, 'ecdhe_rsa');
  t.equal(cke.value.length, 32);
  const nst = server[4] as NewSessionTicket;
  t.ok(nst.ticket.length > 0);
  t.equal(nst.tls13, undefined);
});

t.test('TLS 1.2 DHE-RSA', async (t) => {
  const { server, client } = parseCapture(t, 'tls12-dhe-rsa');
  const ske = server[2] as ServerKeyExchange;
  t.equal(ske.keyExchange, 'dhe_rsa');
  if (ske.params.kind === 'dh') {
    t.equal(ske.params.p.length, 256, '2048-bit p');
    t.equal(toHex(ske.params.g), '02');
  } else t.fail('dh params expected');
  t.equal((server[0] as ServerHello).cipherSuite, CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384);
  t.equal((client[1] as ClientKeyExchange).value.length, 256);
});

t.test('TLS 1.2 RSA key exchange with client authentication', async (t) => {
  const { server, client, types } = parseCapture(t, 'tls12-rsa-client-auth');
  t.same(types, [[1, 11, 16, 15], [2, 11, 13, 14, 4]]);
  const cr = server[2] as CertificateRequest;
  t.ok(cr.certificateTypes.length > 0);
  t.ok(cr.supportedSignatureAlgorithms!.length > 0, 'TLS 1.2 form');
  t.equal(cr.certificateRequestContext, undefined);
  t.equal((client[1] as Certificate).certificates.length, 1);
  const cke = client[2] as ClientKeyExchange;
  t.equal(cke.keyExchange, 'rsa');
  t.equal(cke.value.length, 256, 'RSA-2048 encrypted premaster with its 2-byte length');
  const cv = client[3] as CertificateVerify;
  t.ok(cv.algorithm !== undefined);
  t.equal(cv.signature.length, 256);
});

t.test('TLS 1.0 ECDHE-RSA: bare signature', async (t) => {
  const { server, client } = parseCapture(t, 'tls10-ecdhe-rsa');
  t.equal((server[0] as ServerHello).serverVersion, ProtocolVersion.TLS1_0);
  const ske = server[2] as ServerKeyExchange;
  t.equal(ske.signature!.algorithm, undefined, 'no SignatureAndHashAlgorithm before TLS 1.2');
  t.equal(ske.signature!.signature.length, 256);
  t.ok((client[0] as ClientHello).clientVersion >= ProtocolVersion.TLS1_0);
});

t.test('TLS 1.2 ECDHE-ECDSA', async (t) => {
  const { server } = parseCapture(t, 'tls12-ecdhe-ecdsa');
  const ske = server[2] as ServerKeyExchange;
  t.equal(ske.keyExchange, 'ecdhe_ecdsa');
  t.equal(ske.signature!.algorithm, SignatureScheme.ecdsa_secp256r1_sha256);
  t.equal(ske.signature!.signature[0], 0x30, 'DER ECDSA signature');
});

t.test('TLS 1.3 hellos', async (t) => {
  const { server, client } = parseCapture(t, 'tls13');
  const ch = client[0] as ClientHello;
  t.ok(ch.extensions!.supportedVersions!.versions.includes(ProtocolVersion.TLS1_3));
  t.ok(ch.extensions!.keyShare!.shares.length >= 1);
  t.same(ch.extensions!.pskKeyExchangeModes!.modes, [1]);
  t.equal(ch.sessionId.length, 32, 'middlebox compatibility session id');
  const sh = server[0] as ServerHello;
  t.equal(sh.serverVersion, ProtocolVersion.TLS1_2, 'legacy_version');
  t.same(sh.extensions!.supportedVersions!.versions, [ProtocolVersion.TLS1_3]);
  t.equal(sh.extensions!.supportedVersions!.selected, true);
  t.equal(sh.extensions!.keyShare!.form, 'server_hello');
  t.equal(sh.extensions!.keyShare!.shares[0]!.group, GroupName.x25519);
  t.ok(suiteInfo(sh.cipherSuite)?.keyExchange === 'tls13');
});

t.test("Node's ClientHello", async (t) => {
  const { client } = parseCapture(t, 'node-client-tls12');
  const ch = client[0] as ClientHello;
  t.equal(ch.extensions!.serverName!.hostName, 'example.org');
  t.same(ch.extensions!.alpn!.protocolNames, ['h2']);
  t.ok(ch.extensions!.has(ExtensionType.renegotiation_info) || ch.cipherSuites.includes(0x00ff));
});
