/**
 * The server side of the TLS 1.3 handshake (RFC 8446 2, 4), entered with
 * a ClientHello that offers TLS 1.3 in supported_versions:
 *
 *     ClientHello          -------->
 *                          <--------        HelloRetryRequest*  (+ [ChangeCipherSpec])
 *     ClientHello*         -------->
 *                                                 ServerHello
 *                                          [ChangeCipherSpec]
 *                                       {EncryptedExtensions}
 *                                       {CertificateRequest*}
 *                                              {Certificate}
 *                                        {CertificateVerify}
 *                          <--------              {Finished}
 *     {Certificate*}
 *     {CertificateVerify*}
 *     {Finished}           -------->
 *
 * A HelloRetryRequest is sent when the client has no key share for a
 * group we accept but lists one in supported_groups (RFC 8446 4.1.4), or
 * when the server is told to check the client's address with a cookie
 * (`retryWithCookie`, RFC 8446 4.2.2). The second ClientHello must be the
 * first with only the changes RFC 8446 4.1.2 allows (illegal_parameter
 * otherwise).
 *
 * @module
 */
import { ExtensionType, GroupName, ProtocolVersion } from '../../constants.js';
import {
  TLSCertificateRequired,
  TLSDecodeError,
  TLSHandshakeFailure,
  TLSIllegalParameterException,
  TLSMissingExtension,
  TLSUnexpectedMessage,
} from '../../errors.js';
import { Certificate } from '../../messages/certificate.js';
import { CertificateRequest } from '../../messages/certificate-request.js';
import { CertificateVerify } from '../../messages/certificate-verify.js';
import type { ClientHello } from '../../messages/client-hello.js';
import { EncryptedExtensions } from '../../messages/encrypted-extensions.js';
import { ALPNExtension } from '../../messages/extensions/alpn.js';
import { CertificateAuthoritiesExtension } from '../../messages/extensions/certificate-authorities.js';
import { CookieExtension } from '../../messages/extensions/cookie.js';
import type { Extension } from '../../messages/extensions/extension.js';
import { KeyShareExtension } from '../../messages/extensions/key-share.js';
import { Extensions } from '../../messages/extensions/list.js';
import { ServerNameExtension } from '../../messages/extensions/server-name.js';
import { SignatureAlgorithmsExtension } from '../../messages/extensions/signature-algorithms.js';
import { SupportedVersionsExtension } from '../../messages/extensions/supported-versions.js';
import { Finished } from '../../messages/finished.js';
import type { HandshakeMessage } from '../../messages/handshake-message.js';
import { HELLO_RETRY_REQUEST_RANDOM, ServerHello } from '../../messages/server-hello.js';
import type { ValidatedSettings } from '../../settings.js';
import { Session } from '../../session/session.js';
import { getTLS13Suites, suiteInfo, type CipherSuiteInfo } from '../../suites.js';
import { certificateChainFromDER, chainToDER, cipherImplementationOf, peerPublicKey, type PeerChain } from '../bridge.js';
import type { HandshakeIO } from '../io.js';
import { checkPeerKeySize } from '../key-exchange/index.js';
import { checkFinished13, finishedVerifyData13, KeySchedule13 } from '../key-schedule13.js';
import { isGroup13, serverShare13 } from '../key-share13.js';
import type { ServerHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { equalBytes, groupIds, toBytes } from '../shared.js';
import { chooseScheme13, signCertificateVerify13, tls13SignatureSchemes, verifyCertificateVerify13 } from '../signatures13.js';
import { hashOf, KEYLOG, PostHandshake13, trafficState } from '../tls13-shared.js';
import { Transcript13 } from '../transcript13.js';
import { selectAlpn } from './negotiate.js';

interface ServerState13 {
  readonly io: HandshakeIO;
  readonly options: ServerHandshakeOptions;
  readonly settings: ValidatedSettings;
  readonly transcript: Transcript13;
  hello: ClientHello;
  suite?: CipherSuiteInfo;
  group?: number;
  /** The client's share for `group`. */
  clientShare?: Uint8Array;
  retried: boolean;
  cookie?: Uint8Array;
  ccsSent: boolean;
  serverRandom: Uint8Array;
  schedule?: KeySchedule13;
  clientHandshakeSecret?: Uint8Array;
  serverHandshakeSecret?: Uint8Array;
  clientAppSecret?: Uint8Array;
  serverAppSecret?: Uint8Array;
  exporterSecret?: Uint8Array;
  serverName?: string;
  alpn?: Uint8Array;
  certificateRequested: boolean;
  clientChain?: PeerChain;
  /** Our CertificateVerify scheme. */
  scheme?: number;
}

/** Runs a TLS 1.3 server handshake from the (first) ClientHello. */
export async function serverHandshake13(
  io: HandshakeIO,
  options: ServerHandshakeOptions,
  settings: ValidatedSettings,
  first: HandshakeMessage<ClientHello>,
): Promise<HandshakeResult> {
  const st: ServerState13 = {
    io,
    options,
    settings,
    transcript: new Transcript13(io.provider),
    hello: first.body,
    retried: false,
    ccsSent: false,
    serverRandom: io.provider.random.bytes(32),
    certificateRequested: false,
  };
  st.transcript.update(first.bytes);
  io.setRecordVersion(ProtocolVersion.TLS1_3, false);
  negotiate(st);
  if (st.clientShare === undefined || options.retryWithCookie) {
    await helloRetry(st);
    negotiate(st);
    if (st.clientShare === undefined) throw new TLSIllegalParameterException('the second ClientHello has no share for the group we asked for');
  }
  sendServerHello(st);
  sendServerFlight(st);
  await sendCertificateAndVerify(st);
  sendServerFinished(st);
  await readClientCertificate(st);
  await readClientFinished(st);
  return result(st);
}

// ---------------------------------------------------------------- negotiation

/** Our groups in preference order (curves then FFDHE groups, as the settings list them). */
function ourGroups(settings: ValidatedSettings): number[] {
  return [...groupIds(settings.eccCurves), ...groupIds(settings.dhGroups)].filter(isGroup13);
}

/** RFC 8446 4.1.1: suite by our preference; group with a share if possible, else one to ask for. */
function negotiate(st: ServerState13): void {
  const hello = st.hello;
  const ext = hello.extensions;
  // RFC 8446 4.1.2: legacy_compression_methods is exactly one byte, 0.
  if (hello.compressionMethods.length !== 1 || hello.compressionMethods[0] !== 0) {
    throw new TLSIllegalParameterException('TLS 1.3 ClientHello with compression methods other than null');
  }
  const suites = getTLS13Suites(st.settings, ProtocolVersion.TLS1_3);
  const id = suites.find((s) => hello.cipherSuites.includes(s));
  if (id === undefined) throw new TLSHandshakeFailure('no TLS 1.3 cipher suite in common');
  st.suite = suiteInfo(id)!;
  // RFC 8446 9.2: a certificate-authenticated handshake needs these.
  if (ext?.supportedGroups === undefined) throw new TLSMissingExtension('ClientHello without supported_groups');
  if (ext.keyShare === undefined) throw new TLSMissingExtension('ClientHello without key_share');
  if (ext.signatureAlgorithms === undefined) throw new TLSMissingExtension('ClientHello without signature_algorithms');
  const offered = ext.supportedGroups.groups;
  const shares = ext.keyShare.shares;
  // RFC 8446 4.2.8: shares only for groups in supported_groups, in its order (we check the first part).
  for (const share of shares) {
    if (!offered.includes(share.group)) throw new TLSIllegalParameterException(`key share for ${GroupName.nameOf(share.group)}, not in supported_groups`);
  }
  // RFC 8446 4.4.2.2: a scheme for our key, decided before anything is sent.
  st.scheme = chooseScheme13(st.settings, st.options.privateKey!, ext.signatureAlgorithms.schemes);
  const ours = ourGroups(st.settings);
  const withShare = ours.find((g) => shares.some((s) => s.group === g));
  if (withShare !== undefined) {
    st.group = withShare;
    st.clientShare = shares.find((s) => s.group === withShare)!.keyExchange;
    return;
  }
  if (st.retried) return; // the caller reports it
  const ask = ours.find((g) => offered.includes(g));
  if (ask === undefined) throw new TLSHandshakeFailure('no key exchange group in common');
  st.group = ask;
  st.clientShare = undefined;
}

// ---------------------------------------------------------------- HelloRetryRequest

async function helloRetry(st: ServerState13): Promise<void> {
  const first = st.hello;
  const needShare = st.clientShare === undefined;
  const extensions: Extension[] = [new SupportedVersionsExtension([ProtocolVersion.TLS1_3], true)];
  if (needShare) extensions.push(new KeyShareExtension('hello_retry_request', [], st.group!));
  if (st.options.retryWithCookie) {
    st.cookie = st.io.provider.random.bytes(32);
    extensions.push(new CookieExtension(st.cookie));
  }
  const hrr = new ServerHello({
    serverVersion: ProtocolVersion.TLS1_2,
    random: HELLO_RETRY_REQUEST_RANDOM,
    sessionId: first.sessionId,
    cipherSuite: st.suite!.id,
    extensions: Extensions.of(extensions, { message: 'hello_retry_request', version: ProtocolVersion.TLS1_3 }),
  });
  st.transcript.select(hashOf(st.suite!));
  st.transcript.replaceWithMessageHash();
  st.transcript.update(st.io.send(hrr).bytes);
  sendCompatibilityCCS(st);
  st.io.flush();

  const received = await st.io.expectClientHello();
  if (received.ssl2) throw new TLSUnexpectedMessage('SSLv2 ClientHello after a HelloRetryRequest');
  const second = received.message.body;
  checkSecondHello(first, second, needShare ? st.group : undefined, st.cookie);
  st.transcript.update(received.message.bytes);
  st.hello = second;
  st.retried = true;
}

/** Extensions the second ClientHello may change (RFC 8446 4.1.2). */
const MAY_CHANGE = new Set<number>([
  ExtensionType.key_share,
  ExtensionType.cookie,
  ExtensionType.early_data,
  ExtensionType.pre_shared_key,
  ExtensionType.padding,
]);

/**
 * RFC 8446 4.1.2: the second ClientHello repeats the first except for the
 * key share (now one share, for the group we asked for), the cookie we
 * sent, early_data (removed), the PSK ages and binders, and padding.
 * Anything else changed is illegal_parameter.
 */
function checkSecondHello(first: ClientHello, second: ClientHello, group: number | undefined, cookie: Uint8Array | undefined): void {
  const fail = (what: string) => {
    throw new TLSIllegalParameterException(`the second ClientHello changed ${what}`);
  };
  if (second.clientVersion !== first.clientVersion) fail('legacy_version');
  if (!equalBytes(second.random, first.random)) fail('random');
  if (!equalBytes(second.sessionId, first.sessionId)) fail('legacy_session_id');
  if (second.cipherSuites.length !== first.cipherSuites.length || second.cipherSuites.some((s, i) => s !== first.cipherSuites[i])) fail('cipher_suites');
  if (!equalBytes(Uint8Array.from(second.compressionMethods), Uint8Array.from(first.compressionMethods))) fail('legacy_compression_methods');
  const a = (first.extensions?.entries ?? []).filter((e) => !MAY_CHANGE.has(e.type));
  const b = (second.extensions?.entries ?? []).filter((e) => !MAY_CHANGE.has(e.type));
  if (a.length !== b.length) fail('its extensions');
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.type !== b[i]!.type || !equalBytes(a[i]!.data, b[i]!.data)) fail(ExtensionType.nameOf(a[i]!.type));
  }
  if (second.extensions?.earlyData !== undefined) fail('early_data (it must be removed)');
  if (second.extensions?.preSharedKey !== undefined && first.extensions?.preSharedKey === undefined) fail('pre_shared_key');
  const shares = second.extensions?.keyShare?.shares;
  if (group !== undefined) {
    if (shares === undefined || shares.length !== 1 || shares[0]!.group !== group) fail(`key_share (one share for ${GroupName.nameOf(group)} is required)`);
  } else {
    const before = first.extensions?.keyShare;
    const after = second.extensions?.keyShare;
    if (before === undefined || after === undefined || !equalBytes(first.extensions!.entries.find((e) => e.type === ExtensionType.key_share)!.data, second.extensions!.entries.find((e) => e.type === ExtensionType.key_share)!.data)) {
      fail('key_share');
    }
  }
  const echoed = second.extensions?.cookie?.cookie;
  if (cookie !== undefined ? echoed === undefined || !equalBytes(echoed, cookie) : echoed !== undefined) fail('cookie');
}

function sendCompatibilityCCS(st: ServerState13): void {
  // RFC 8446 D.4: right after our first handshake message, when the client sent a session ID.
  if (st.ccsSent || st.hello.sessionId.length === 0) return;
  st.io.sendChangeCipherSpec();
  st.ccsSent = true;
}

// ---------------------------------------------------------------- ServerHello and our flight

function sendServerHello(st: ServerState13): void {
  const suite = st.suite!;
  const { keyExchange, shared } = serverShare13(st.io.provider, st.group!, st.clientShare!);
  const hello = new ServerHello({
    serverVersion: ProtocolVersion.TLS1_2,
    random: st.serverRandom,
    sessionId: st.hello.sessionId,
    cipherSuite: suite.id,
    extensions: Extensions.of(
      [new SupportedVersionsExtension([ProtocolVersion.TLS1_3], true), new KeyShareExtension('server_hello', [{ group: st.group!, keyExchange }])],
      { message: 'server_hello', version: ProtocolVersion.TLS1_3 },
    ),
  });
  st.transcript.select(hashOf(suite));
  st.transcript.update(st.io.send(hello).bytes);
  sendCompatibilityCCS(st);
  // Out before the keys change, so that an alert about anything after it
  // (sent under the handshake keys) is one the client can read.
  st.io.flush();
  const schedule = new KeySchedule13(st.io.provider, hashOf(suite));
  schedule.deriveHandshakeSecret(shared);
  const secrets = schedule.handshakeTrafficSecrets(st.transcript.digest());
  st.schedule = schedule;
  st.clientHandshakeSecret = secrets.client;
  st.serverHandshakeSecret = secrets.server;
  st.io.keyLog(KEYLOG.clientHandshake, secrets.client);
  st.io.keyLog(KEYLOG.serverHandshake, secrets.server);
  st.io.context = { version: ProtocolVersion.TLS1_3, hashLength: schedule.hashLength };
  st.io.setWriteState(trafficState(st.io.provider, suite, secrets.server, 'write'));
  st.io.setReadState(trafficState(st.io.provider, suite, secrets.client, 'read'));
}

/** EncryptedExtensions and, when asked for, CertificateRequest (RFC 8446 4.3). */
function sendServerFlight(st: ServerState13): void {
  const ext = st.hello.extensions!;
  const extensions: Extension[] = [];
  st.serverName = ext.serverName?.hostName;
  // RFC 6066 3: an empty server_name says we used the name.
  if (st.serverName !== undefined) extensions.push(new ServerNameExtension());
  st.alpn = selectAlpn(ext.alpn?.protocols, (st.options.alpn ?? []).map(toBytes));
  if (st.alpn !== undefined) extensions.push(new ALPNExtension([st.alpn]));
  const ee = new EncryptedExtensions(Extensions.of(extensions, { message: 'encrypted_extensions', version: ProtocolVersion.TLS1_3 }));
  st.transcript.update(st.io.send(ee).bytes);

  if (st.options.reqCert || st.options.requireCert) {
    const requestExtensions: Extension[] = [new SignatureAlgorithmsExtension(tls13SignatureSchemes(st.settings))];
    if ((st.options.reqCAs?.length ?? 0) > 0) requestExtensions.push(new CertificateAuthoritiesExtension(st.options.reqCAs!));
    const request = new CertificateRequest({
      certificateRequestContext: new Uint8Array(0),
      extensions: Extensions.of(requestExtensions, { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }),
    });
    st.transcript.update(st.io.send(request).bytes);
    st.certificateRequested = true;
  }
}

async function sendCertificateAndVerify(st: ServerState13): Promise<void> {
  const chain = st.options.certChain!;
  const key = st.options.privateKey!;
  const scheme = st.scheme!;
  const entries = chainToDER(chain).map((certData) => ({ certData, extensions: Extensions.of([]) }));
  st.transcript.update(st.io.send(new Certificate(entries, new Uint8Array(0))).bytes);
  const cv = await signCertificateVerify13(st.io.provider, key, scheme, 'server', st.transcript.digest());
  st.transcript.update(st.io.send(cv).bytes);
}

function sendServerFinished(st: ServerState13): void {
  const suite = st.suite!;
  const verifyData = finishedVerifyData13(st.io.provider, hashOf(suite), st.serverHandshakeSecret!, st.transcript.digest());
  st.transcript.update(st.io.send(new Finished(verifyData)).bytes);
  const schedule = st.schedule!;
  schedule.deriveMasterSecret();
  const app = schedule.applicationSecrets(st.transcript.digest());
  st.clientAppSecret = app.client;
  st.serverAppSecret = app.server;
  st.exporterSecret = app.exporter;
  st.io.keyLog(KEYLOG.clientTraffic0, app.client);
  st.io.keyLog(KEYLOG.serverTraffic0, app.server);
  st.io.keyLog(KEYLOG.exporter, app.exporter);
  st.io.setWriteState(trafficState(st.io.provider, suite, app.server, 'write'));
  st.io.flush();
}

// ---------------------------------------------------------------- the client's second flight

/** RFC 8446 4.4.2, 4.4.2.4, 4.4.3: the client's Certificate (maybe empty) and CertificateVerify. */
async function readClientCertificate(st: ServerState13): Promise<void> {
  if (!st.certificateRequested) return;
  const message = await st.io.expect(Certificate);
  const certificate = message.body;
  // RFC 8446 4.4.2: the context of our CertificateRequest (empty) comes back.
  if ((certificate.certificateRequestContext?.length ?? 0) !== 0) throw new TLSIllegalParameterException('client Certificate with a wrong request context');
  st.transcript.update(message.bytes);
  if (certificate.entries.length === 0) {
    if (st.options.requireCert) throw new TLSCertificateRequired('the client sent no certificate');
    return;
  }
  for (const entry of certificate.entries) {
    if ((entry.extensions?.length ?? 0) > 0) throw new TLSDecodeError('client certificate entry with extensions we did not request');
  }
  st.clientChain = certificateChainFromDER(certificate.certificates, st.io.provider);
  const key = peerPublicKey(st.clientChain);
  checkPeerKeySize(key, st.settings);
  const cv = await st.io.expect(CertificateVerify);
  verifyCertificateVerify13(st.io.provider, key, cv.body, 'client', st.transcript.digest(), tls13SignatureSchemes(st.settings));
  st.transcript.update(cv.bytes);
}

async function readClientFinished(st: ServerState13): Promise<void> {
  const suite = st.suite!;
  const expected = finishedVerifyData13(st.io.provider, hashOf(suite), st.clientHandshakeSecret!, st.transcript.digest());
  const message = await st.io.expect(Finished);
  checkFinished13(expected, message.body.verifyData, 'client Finished');
  st.transcript.update(message.bytes);
  st.io.setReadState(trafficState(st.io.provider, suite, st.clientAppSecret!, 'read'));
}

// ---------------------------------------------------------------- result

function result(st: ServerState13): HandshakeResult {
  const suite = st.suite!;
  const hash = hashOf(suite);
  const provider = st.io.provider;
  const resumptionMaster = st.schedule!.resumptionMasterSecret(st.transcript.digest());
  const session = new Session().create({
    sessionID: st.hello.sessionId.slice(),
    cipherSuite: suite.id,
    version: ProtocolVersion.TLS1_3,
    serverCertChain: st.options.certChain ?? null,
    clientCertChain: st.clientChain ?? null,
    serverName: st.serverName ?? '',
    appProto: st.alpn ?? new Uint8Array(0),
    clAppSecret: st.clientAppSecret!,
    srAppSecret: st.serverAppSecret!,
    exporterMasterSecret: st.exporterSecret!,
    resumptionMasterSecret: resumptionMaster,
    clHandshakeTrafficSecret: st.clientHandshakeSecret!,
    srHandshakeTrafficSecret: st.serverHandshakeSecret!,
  });
  return {
    version: ProtocolVersion.TLS1_3,
    cipherSuite: suite.id,
    session,
    resumed: false,
    nextProto: st.alpn,
    serverName: st.serverName,
    cipherImplementation: cipherImplementationOf(provider, suite),
    masterSecret: new Uint8Array(0),
    clientRandom: st.hello.random,
    serverRandom: st.serverRandom,
    prfAlgorithm: hash,
    // For reports (tls.py's "Group used for key exchange", "Key exchange signature").
    keyExchange: {
      ...(st.group !== undefined && { group: st.group }),
      ...(st.scheme !== undefined && { signatureScheme: st.scheme }),
    },
    tls13: {
      hash,
      exporterMasterSecret: st.exporterSecret!,
      post: new PostHandshake13(st.io, suite, false, st.clientAppSecret!, st.serverAppSecret!),
    },
  };
}

/** True when `hello` offers TLS 1.3 (RFC 8446 4.2.1: only supported_versions can). */
export function offersTls13(hello: ClientHello): boolean {
  return hello.extensions?.supportedVersions?.versions.includes(ProtocolVersion.TLS1_3) ?? false;
}
