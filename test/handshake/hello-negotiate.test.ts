/**
 * The ClientHello builder (handshake/client/hello.ts) and the server's
 * negotiation (handshake/server/negotiate.ts), without a connection.
 */
import t from 'tap';
import { AlertDescription, CipherSuite, ExtensionType, GroupName, ProtocolVersion } from '../../src/constants.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { Session, Ticket } from '../../src/session/session.js';
import { buildClientHello } from '../../src/handshake/client/hello.js';
import { negotiateSuite, negotiateVersion, selectAlpn } from '../../src/handshake/server/negotiate.js';
import { TLSInappropriateFallback, TLSNoApplicationProtocol } from '../../src/errors.js';
import { TLSHandshakeFailure, TLSProtocolVersionError } from '../../src/errors.js';
import { ClientHello } from '../../src/messages/client-hello.js';
import { Extensions } from '../../src/messages/extensions/list.js';
import { SupportedGroupsExtension } from '../../src/messages/extensions/supported-groups.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { suiteInfo } from '../../src/suites.js';

const V = ProtocolVersion;
const C = CipherSuite;
const validated = (init: HandshakeSettingsInit = {}) => new HandshakeSettings(init).validate();
const build = (init: HandshakeSettingsInit = {}, extra: Partial<Parameters<typeof buildClientHello>[0]> = {}) =>
  buildClientHello({ settings: validated(init), provider: pureProvider, ...extra });

t.test('ClientHello: defaults', async (t) => {
  const offer = build({}, { serverName: 'example.com', alpn: ['h2'] });
  const hello = offer.hello;
  t.equal(hello.clientVersion, V.TLS1_2);
  t.equal(hello.random.length, 32);
  // TLS 1.3 is offered by default: a fresh session ID (RFC 8446 D.4 middlebox compatibility).
  t.equal(hello.sessionId.length, 32, 'a compatibility session ID');
  t.equal(build({ maxVersion: V.TLS1_2 }).hello.sessionId.length, 0, 'TLS 1.2 only: no session to resume, no session ID');
  t.same(hello.extensions!.supportedVersions?.versions, [V.TLS1_3, V.TLS1_2, V.TLS1_1, V.TLS1_0], 'supported_versions');
  t.same(hello.extensions!.keyShare?.shares.map((k) => k.group), [GroupName.secp256r1, GroupName.x25519], 'key shares of keyShares');
  t.same(hello.cipherSuites.slice(0, 4), [C.TLS_AES_256_GCM_SHA384, C.TLS_AES_128_GCM_SHA256, C.TLS_CHACHA20_POLY1305_SHA256, C.TLS_AES_128_CCM_SHA256], 'TLS 1.3 suites first');
  const types = hello.extensions!.types;
  for (const type of [
    ExtensionType.server_name,
    ExtensionType.supported_groups,
    ExtensionType.ec_point_formats,
    ExtensionType.signature_algorithms,
    ExtensionType.alpn,
    ExtensionType.encrypt_then_mac,
    ExtensionType.extended_master_secret,
    ExtensionType.session_ticket,
    ExtensionType.renegotiation_info,
  ]) {
    t.ok(types.includes(type), `${ExtensionType.nameOf(type)} sent`);
  }
  t.notOk(hello.cipherSuites.includes(C.TLS_EMPTY_RENEGOTIATION_INFO_SCSV), 'the extension, not the SCSV (RFC 5746 3.4)');
  t.notOk(hello.cipherSuites.includes(C.TLS_FALLBACK_SCSV));
  t.ok(offer.suites.every((s) => !['dh_anon', 'ecdh_anon'].includes(suiteInfo(s)!.keyExchange)), 'no anonymous suites');
  t.ok(offer.groups.includes(GroupName.x25519) && offer.groups.includes(GroupName.ffdhe2048), 'curves and FFDHE groups');
  t.ok(offer.signatureSchemes.length > 5);
});

t.test('ClientHello: versions, fallback, anonymous', async (t) => {
  const ssl3 = build({ minVersion: V.SSL3, maxVersion: V.SSL3 });
  t.equal(ssl3.hello.extensions, undefined, 'SSLv3: no extension block');
  t.ok(ssl3.hello.cipherSuites.includes(C.TLS_EMPTY_RENEGOTIATION_INFO_SCSV), 'SSLv3: the renegotiation SCSV');
  t.ok(ssl3.suites.every((s) => suiteInfo(s)!.cipherType !== 'aead'), 'SSLv3: no AEAD suites');

  const tls10 = build({ maxVersion: V.TLS1_0 });
  t.equal(tls10.hello.clientVersion, V.TLS1_0);
  t.notOk(tls10.hello.extensions!.has(ExtensionType.signature_algorithms), 'TLS 1.0: no signature_algorithms');
  t.ok(tls10.hello.extensions!.has(ExtensionType.encrypt_then_mac), 'TLS 1.0: ETM for the CBC suites');

  const aead = build({ cipherNames: ['aes128gcm'] });
  t.notOk(aead.hello.extensions!.has(ExtensionType.encrypt_then_mac), 'no ETM without a CBC suite');

  const fallback = build({ maxVersion: V.TLS1_1, sendFallbackSCSV: true });
  t.ok(fallback.hello.cipherSuites.includes(C.TLS_FALLBACK_SCSV), 'RFC 7507: TLS_FALLBACK_SCSV');

  const anon = build({}, { anon: true });
  t.ok(anon.suites.length > 0 && anon.suites.every((s) => ['dh_anon', 'ecdh_anon'].includes(suiteInfo(s)!.keyExchange)), 'anon: only anonymous suites');

  t.notOk(build({}, { serverName: '10.0.0.1' }).hello.extensions!.has(ExtensionType.server_name), 'no SNI for IPv4');
  t.notOk(build({}, { serverName: '::1' }).hello.extensions!.has(ExtensionType.server_name), 'no SNI for IPv6');
});

t.test('ClientHello: resumption', async (t) => {
  const session = new Session().create({ sessionID: new Uint8Array(32).fill(5), masterSecret: new Uint8Array(48), cipherSuite: C.TLS_RSA_WITH_AES_128_GCM_SHA256, version: V.TLS1_2 });
  const byId = build({}, { session });
  t.same(byId.hello.sessionId, session.sessionID, 'the session ID is offered');
  t.equal(byId.hello.extensions!.sessionTicket!.ticket.length, 0, 'an empty ticket extension asks for a ticket');

  const withTicket = session.clone();
  withTicket.tls10Tickets = [new Ticket(new Uint8Array([1, 2, 3]), 3600, session.masterSecret, session.cipherSuite)];
  const byTicket = build({}, { session: withTicket });
  t.same(byTicket.hello.extensions!.sessionTicket!.ticket, new Uint8Array([1, 2, 3]), 'the ticket is offered');
  t.equal(byTicket.hello.sessionId.length, 32, 'with a session ID of our own (RFC 5077 3.4)');
  t.not(byTicket.hello.sessionId.join(), session.sessionID.join());

  const old = session.clone();
  old.version = V.TLS1_2;
  const capped = build({ maxVersion: V.TLS1_1 }, { session: old });
  t.equal(capped.hello.sessionId.length, 0, 'a session of a version we no longer offer is not resumed');
});

function hello(clientVersion: number, cipherSuites: number[], groups?: number[]): ClientHello {
  const extensions = groups === undefined ? Extensions.of([]) : Extensions.of([new SupportedGroupsExtension(groups)]);
  return new ClientHello({ clientVersion, random: new Uint8Array(32), cipherSuites, extensions });
}

t.test('server: version', async (t) => {
  const s = validated();
  t.equal(negotiateVersion(hello(0x0304, [C.TLS_RSA_WITH_AES_128_CBC_SHA]), s), V.TLS1_2, 'a TLS 1.3 client gets TLS 1.2');
  t.equal(negotiateVersion(hello(V.TLS1_1, [C.TLS_RSA_WITH_AES_128_CBC_SHA]), s), V.TLS1_1);
  t.throws(() => negotiateVersion(hello(V.SSL3, [C.TLS_RSA_WITH_AES_128_CBC_SHA]), s), TLSProtocolVersionError, 'below minVersion');
  const fallback = hello(V.TLS1_1, [C.TLS_RSA_WITH_AES_128_CBC_SHA, C.TLS_FALLBACK_SCSV]);
  t.throws(() => negotiateVersion(fallback, s), TLSInappropriateFallback, 'RFC 7507 3');
  t.equal(new TLSInappropriateFallback('x').alert, AlertDescription.inappropriate_fallback);
  t.equal(negotiateVersion(fallback, validated({ maxVersion: V.TLS1_1 })), V.TLS1_1, 'fallback to our maximum is fine');
});

t.test('server: suite selection', async (t) => {
  const s = validated();
  const server = { settings: s, certAlgorithm: 'rsa' as const, anon: false };
  const both = [C.TLS_RSA_WITH_AES_128_CBC_SHA, C.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
  t.equal(negotiateSuite(hello(V.TLS1_2, both), V.TLS1_2, server).suite.id, C.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 'the server preference wins');
  t.equal(
    negotiateSuite(hello(V.TLS1_2, both, [GroupName.secp192r1]), V.TLS1_2, server).suite.id,
    C.TLS_RSA_WITH_AES_128_CBC_SHA,
    'no common curve: no ECDHE (RFC 8422 5.1)',
  );
  t.equal(negotiateSuite(hello(V.TLS1_1, both), V.TLS1_1, server).suite.id, C.TLS_RSA_WITH_AES_128_CBC_SHA, 'no GCM in TLS 1.1');
  const dhe = [C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, C.TLS_RSA_WITH_AES_128_CBC_SHA];
  t.equal(negotiateSuite(hello(V.TLS1_2, dhe, [GroupName.ffdhe2048]), V.TLS1_2, server).suite.id, C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA);
  t.equal(
    negotiateSuite(hello(V.TLS1_2, dhe, [GroupName.ffdhe2048 + 100]), V.TLS1_2, server).suite.id,
    C.TLS_RSA_WITH_AES_128_CBC_SHA,
    'RFC 7919 4: FFDHE groups named, none in common: no DHE',
  );
  t.equal(
    negotiateSuite(hello(V.TLS1_2, [C.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ...both]), V.TLS1_2, { ...server, certAlgorithm: 'ecdsa' }).suite.id,
    C.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    'an ECDSA certificate: ECDSA suites',
  );
  t.throws(() => negotiateSuite(hello(V.TLS1_2, [C.TLS_DH_ANON_WITH_AES_128_CBC_SHA]), V.TLS1_2, server), TLSHandshakeFailure, 'no anonymous suite for a certificate server');
  t.equal(
    negotiateSuite(hello(V.TLS1_2, [C.TLS_DH_ANON_WITH_AES_128_CBC_SHA]), V.TLS1_2, { settings: s, certAlgorithm: undefined, anon: true }).suite.id,
    C.TLS_DH_ANON_WITH_AES_128_CBC_SHA,
  );
});

t.test('server: ALPN', async (t) => {
  const b = (s: string) => new TextEncoder().encode(s);
  t.same(selectAlpn([b('h2'), b('http/1.1')], [b('http/1.1'), b('h2')]), b('http/1.1'), 'our preference');
  t.equal(selectAlpn(undefined, [b('h2')]), undefined, 'client offered none');
  t.equal(selectAlpn([b('h2')], []), undefined, 'we have none');
  t.throws(() => selectAlpn([b('h2')], [b('http/1.1')]), TLSNoApplicationProtocol);
});
