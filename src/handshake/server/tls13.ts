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
import { ExtensionType, GroupName, ProtocolVersion, PskKeyExchangeMode } from '../../constants.js';
import { NewSessionTicket } from '../../messages/new-session-ticket.js';
import { PreSharedKeyExtension } from '../../messages/extensions/pre-shared-key.js';
import { TicketKeys } from '../../session/ticket.js';
import { binderTranscriptHash, findPsk, pskBinder, sealTicket13, type AcceptedPsk } from '../psk13.js';
import { ticketPsk } from '../key-schedule13.js';
import {
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
import { StatusRequestExtension } from '../../messages/extensions/status-request.js';
import { stapleFor } from '../ocsp.js';
import { SignatureAlgorithmsExtension } from '../../messages/extensions/signature-algorithms.js';
import { SupportedVersionsExtension } from '../../messages/extensions/supported-versions.js';
import { Finished } from '../../messages/finished.js';
import type { HandshakeMessage } from '../../messages/handshake-message.js';
import { HELLO_RETRY_REQUEST_RANDOM, ServerHello } from '../../messages/server-hello.js';
import type { ValidatedSettings } from '../../settings.js';
import { Session } from '../../session/session.js';
import { getTLS13Suites, suiteInfo, type CipherSuiteInfo } from '../../suites.js';
import { chainToDER, cipherImplementationOf, type PeerChain } from '../bridge.js';
import type { HandshakeIO } from '../io.js';
import { checkFinished13, finishedVerifyData13, KeySchedule13 } from '../key-schedule13.js';
import { isGroup13, serverShare13 } from '../key-share13.js';
import type { ServerHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { equalBytes, groupIds, toBytes } from '../shared.js';
import { chooseScheme13, signCertificateVerify13, tls13SignatureSchemes } from '../signatures13.js';
import { acceptClientCertificate13, verifyClientCertificateVerify13 } from '../client-auth13.js';
import { enableServerPostHandshakeAuth13 } from '../post-handshake-auth13.js';
import { applicationSecrets13, handshakeSecrets13, hashOf, PostHandshake13, trafficState } from '../tls13-shared.js';
import { Transcript13 } from '../transcript13.js';
import { selectAlpn } from './negotiate.js';
import { EarlyDataExtension } from '../../messages/extensions/early-data.js';
import { acceptsEarlyData, clientEarlyTrafficSecret, earlyDataSkipLimit, readEarlyData, ticketMaxEarlyData } from '../early-data13.js';
import { answerRecordSizeLimit } from '../record-size-limit.js';
import { answerHeartbeat, type HeartbeatAgreement } from '../heartbeat.js';

interface ServerState13 {
  heartbeat?: HeartbeatAgreement;
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
  /** The ClientHello in force, as received (binders are computed over it). */
  helloBytes: Uint8Array;
  /** After a HelloRetryRequest: message_hash and the HelloRetryRequest, what binders also cover. */
  binderPrefix?: Transcript13;
  readonly ticketKeys: TicketKeys | undefined;
  psk?: AcceptedPsk;
  pskMode?: 'psk_ke' | 'psk_dhe_ke';
  /** The client's early data was accepted (early-data13.ts); its traffic secret. */
  earlyAccepted: boolean;
  clientEarlySecret?: Uint8Array;
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
    helloBytes: first.bytes,
    earlyAccepted: false,
    ticketKeys: options.ticketKeys ?? TicketKeys.fromSettings(settings, io.provider),
  };
  st.transcript.update(first.bytes);
  io.setRecordVersion(ProtocolVersion.TLS1_3, false);
  negotiate(st);
  const needShare = () => st.clientShare === undefined && st.pskMode !== 'psk_ke';
  if (needShare() || options.retryWithCookie) {
    await helloRetry(st);
    negotiate(st);
    if (needShare()) throw new TLSIllegalParameterException('the second ClientHello has no share for the group we asked for');
  }
  // RFC 7301 3.2: chosen once, from the ClientHello in force (early data is accepted only for it).
  st.alpn = selectAlpn(st.hello.extensions?.alpn?.protocols, (options.alpn ?? []).map(toBytes));
  decideEarlyData(st);
  sendServerHello(st);
  sendServerFlight(st);
  // RFC 8446 2.2: a PSK handshake authenticates with the PSK, not a certificate.
  if (st.psk === undefined) await sendCertificateAndVerify(st);
  sendServerFinished(st);
  if (st.earlyAccepted) await readEndOfEarlyData(st);
  await readClientCertificate(st);
  await readClientFinished(st);
  const done = result(st);
  sendTickets(st, done.session.resumptionMasterSecret);
  return done;
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
  const suites = getTLS13Suites(st.settings, ProtocolVersion.TLS1_3).filter((s) => hello.cipherSuites.includes(s));
  if (suites.length === 0) throw new TLSHandshakeFailure('no TLS 1.3 cipher suite in common');
  // Our preferred suite, unless a usable PSK needs one of another hash (RFC 8446 4.2.11).
  let id = suites[0]!;
  let found: AcceptedPsk | undefined;
  if (ext?.preSharedKey !== undefined) {
    for (const s of suites) {
      found = findPsk(hello, suiteInfo(s)!.prfHash, st.settings, st.ticketKeys);
      if (found !== undefined) {
        id = s;
        break;
      }
    }
  }
  st.suite = suiteInfo(id)!;
  negotiatePsk(st, found);
  if (st.pskMode === 'psk_ke') {
    st.group = undefined;
    st.clientShare = undefined;
    return;
  }
  // RFC 8446 9.2: a certificate-authenticated handshake needs these.
  if (ext?.supportedGroups === undefined) throw new TLSMissingExtension('ClientHello without supported_groups');
  if (ext.keyShare === undefined) throw new TLSMissingExtension('ClientHello without key_share');
  if (st.psk === undefined && ext.signatureAlgorithms === undefined) throw new TLSMissingExtension('ClientHello without signature_algorithms');
  const offered = ext.supportedGroups.groups;
  const shares = ext.keyShare.shares;
  // RFC 8446 4.2.8: shares only for groups in supported_groups, in its order (we check the first part).
  for (const share of shares) {
    if (!offered.includes(share.group)) throw new TLSIllegalParameterException(`key share for ${GroupName.nameOf(share.group)}, not in supported_groups`);
  }
  // RFC 8446 4.4.2.2: a scheme for our key, decided before anything is sent.
  if (st.psk === undefined) st.scheme = chooseScheme13(st.settings, st.options.privateKey!, ext.signatureAlgorithms!.schemes);
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

/**
 * RFC 8446 4.2.9, 4.2.11: a PSK the client offers and we can use, in a
 * mode both allow (psk_dhe_ke preferred), its binder checked
 * (decrypt_error when wrong). `psk` is the one the suite was chosen for
 * (negotiate found it; each ticket is opened once).
 */
function negotiatePsk(st: ServerState13, psk: AcceptedPsk | undefined): void {
  st.psk = undefined;
  st.pskMode = undefined;
  const ext = st.hello.extensions;
  if (ext?.preSharedKey === undefined) return;
  // RFC 8446 4.2.9: a PSK offer without psk_key_exchange_modes is refused.
  if (ext.pskKeyExchangeModes === undefined) throw new TLSMissingExtension('pre_shared_key without psk_key_exchange_modes');
  const client = ext.pskKeyExchangeModes.modes;
  const ours = st.settings.pskModes;
  const mode =
    client.includes(PskKeyExchangeMode.psk_dhe_ke) && ours.includes('psk_dhe_ke') && ext.keyShare !== undefined
      ? 'psk_dhe_ke'
      : client.includes(PskKeyExchangeMode.psk_ke) && ours.includes('psk_ke')
        ? 'psk_ke'
        : undefined;
  if (mode === undefined) return;
  if (psk === undefined) return;
  const binder = ext.preSharedKey.binders[psk.index]!;
  const expected = pskBinder(st.io.provider, psk, binderTranscriptHash(st.io.provider, psk.hash, st.helloBytes, ext.preSharedKey, st.binderPrefix));
  checkFinished13(expected, binder, 'PSK binder');
  st.psk = psk;
  st.pskMode = mode;
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
  // RFC 8446 4.2.10: early data after the first ClientHello is skipped (a HelloRetryRequest rejects it).
  if (first.extensions?.earlyData !== undefined) st.io.skipEarlyData('application_data', earlyDataSkipLimit(st.settings, st.psk));

  const received = await st.io.expectClientHello();
  if (received.ssl2) throw new TLSUnexpectedMessage('SSLv2 ClientHello after a HelloRetryRequest');
  const second = received.message.body;
  checkSecondHello(first, second, needShare ? st.group : undefined, st.cookie);
  st.binderPrefix = st.transcript.copy();
  st.transcript.update(received.message.bytes);
  st.hello = second;
  st.helloBytes = received.message.bytes;
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
  const extensions: Extension[] = [new SupportedVersionsExtension([ProtocolVersion.TLS1_3], true)];
  let shared: Uint8Array | undefined;
  if (st.pskMode !== 'psk_ke') {
    const share = serverShare13(st.io.provider, st.group!, st.clientShare!);
    shared = share.shared;
    extensions.push(new KeyShareExtension('server_hello', [{ group: st.group!, keyExchange: share.keyExchange }]));
  }
  if (st.psk !== undefined) extensions.push(new PreSharedKeyExtension([], [], st.psk.index));
  const hello = new ServerHello({
    serverVersion: ProtocolVersion.TLS1_2,
    random: st.serverRandom,
    sessionId: st.hello.sessionId,
    cipherSuite: suite.id,
    extensions: Extensions.of(extensions, { message: 'server_hello', version: ProtocolVersion.TLS1_3 }),
  });
  st.transcript.select(hashOf(suite));
  st.transcript.update(st.io.send(hello).bytes);
  sendCompatibilityCCS(st);
  // Bound to go out before the keys change, so that an alert about
  // anything after it (sent under the handshake keys) is one the client
  // can read; it is written with the rest of the flight, in one write.
  st.io.flushBeforeKeyChange();
  const secrets = handshakeSecrets13(st.io, hashOf(suite), st.psk?.secret, shared, st.transcript.digest());
  st.schedule = secrets.schedule;
  st.clientHandshakeSecret = secrets.client;
  st.serverHandshakeSecret = secrets.server;
  st.io.setWriteState(trafficState(st.io.provider, suite, secrets.server, 'write', st.settings.paddingCb));
  if (st.earlyAccepted) {
    // The client's early data, then EndOfEarlyData, come under its early traffic keys.
    st.io.setReadState(trafficState(st.io.provider, suite, st.clientEarlySecret!, 'read'));
    return;
  }
  st.io.setReadState(trafficState(st.io.provider, suite, secrets.client, 'read'));
  // RFC 8446 4.2.10: rejected early data is skipped by trial decryption with the handshake keys.
  if (st.hello.extensions?.earlyData !== undefined) st.io.skipEarlyData('undecryptable', earlyDataSkipLimit(st.settings, st.psk));
}

/**
 * RFC 8446 4.2.10: accept the client's early data or not (before the
 * ServerHello, which decides the keys its next records are read with).
 */
function decideEarlyData(st: ServerState13): void {
  if (st.hello.extensions?.earlyData === undefined) return;
  st.earlyAccepted = acceptsEarlyData({
    hello: st.hello,
    retried: st.retried,
    psk: st.psk,
    suite: st.suite!,
    alpn: st.alpn,
    serverName: st.hello.extensions.serverName?.hostName,
    options: st.options,
  });
  if (!st.earlyAccepted) return;
  // client_early_traffic_secret is over ClientHello alone (there was no HelloRetryRequest).
  st.transcript.select(hashOf(st.suite!));
  st.clientEarlySecret = clientEarlyTrafficSecret(st.io, hashOf(st.suite!), st.psk!.secret, st.transcript.digest());
}

/** RFC 8446 4.5: the early data up to EndOfEarlyData; then the client's handshake keys. */
async function readEndOfEarlyData(st: ServerState13): Promise<void> {
  const end = await readEarlyData(st.io, st.psk!.maxEarlyData);
  st.transcript.update(end.bytes);
  st.io.setReadState(trafficState(st.io.provider, st.suite!, st.clientHandshakeSecret!, 'read'));
}

/** EncryptedExtensions and, when asked for, CertificateRequest (RFC 8446 4.3). */
function sendServerFlight(st: ServerState13): void {
  const ext = st.hello.extensions!;
  const extensions: Extension[] = [];
  st.serverName = ext.serverName?.hostName;
  // RFC 6066 3: an empty server_name says we used the name.
  if (st.serverName !== undefined) extensions.push(new ServerNameExtension());
  if (st.alpn !== undefined) extensions.push(new ALPNExtension([st.alpn]));
  // RFC 8446 4.2.10: an empty early_data says the early data was accepted.
  if (st.earlyAccepted) extensions.push(new EarlyDataExtension());
  // RFC 6520 2 (RFC 8446 4.2 lists heartbeat for EE).
  const heartbeat = answerHeartbeat(st.settings, ext.heartbeat, ProtocolVersion.TLS1_3);
  if (heartbeat !== undefined) extensions.push(heartbeat.extension);
  st.heartbeat = heartbeat?.agreement;
  // RFC 8449 4: answered here; the client's limit binds this very message.
  const sizeLimit = answerRecordSizeLimit(st.settings, ext.recordSizeLimit, ProtocolVersion.TLS1_3);
  if (sizeLimit !== undefined) {
    extensions.push(sizeLimit.extension);
    st.io.setRecordSizeLimit(sizeLimit.limits.send, sizeLimit.limits.receive);
  }
  const ee = new EncryptedExtensions(Extensions.of(extensions, { message: 'encrypted_extensions', version: ProtocolVersion.TLS1_3 }));
  st.transcript.update(st.io.send(ee).bytes);

  // RFC 8446 4.3.2: no CertificateRequest in a PSK handshake.
  if ((st.options.reqCert || st.options.requireCert) && st.psk === undefined) {
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
  // RFC 8446 4.4.2.1: a stapled OCSP response goes in the end-entity entry's status_request.
  const staple = stapleFor(st.hello, st.options.ocspResponse);
  const entries = chainToDER(chain).map((certData, i) => ({
    certData,
    extensions: Extensions.of(i === 0 && staple !== undefined ? [StatusRequestExtension.ocspResponse(staple)] : [], {
      message: 'certificate',
      version: ProtocolVersion.TLS1_3,
    }),
  }));
  st.transcript.update(st.io.send(new Certificate(entries, new Uint8Array(0))).bytes);
  const cv = await signCertificateVerify13(st.io.provider, key, scheme, 'server', st.transcript.digest());
  st.transcript.update(st.io.send(cv).bytes);
}

function sendServerFinished(st: ServerState13): void {
  const suite = st.suite!;
  const verifyData = finishedVerifyData13(st.io.provider, hashOf(suite), st.serverHandshakeSecret!, st.transcript.digest());
  st.transcript.update(st.io.send(new Finished(verifyData)).bytes);
  // The flight goes out before the application keys are derived: the
  // client can work on it meanwhile (nothing is written in between).
  st.io.flush();
  const app = applicationSecrets13(st.io, st.schedule!, st.transcript.digest());
  st.clientAppSecret = app.client;
  st.serverAppSecret = app.server;
  st.exporterSecret = app.exporter;
  st.io.setWriteState(trafficState(st.io.provider, suite, app.server, 'write', st.settings.paddingCb));
}

// ---------------------------------------------------------------- the client's second flight

/** RFC 8446 4.4.2, 4.4.2.4, 4.4.3: the client's Certificate (maybe empty) and CertificateVerify. */
async function readClientCertificate(st: ServerState13): Promise<void> {
  if (!st.certificateRequested) return;
  const message = await st.io.expect(Certificate);
  const { provider } = st.io;
  // RFC 8446 4.4.2: the context of our CertificateRequest (empty) comes back.
  st.clientChain = acceptClientCertificate13(provider, st.settings, message, new Uint8Array(0), st.transcript, st.options.requireCert ?? false);
  if (st.clientChain === undefined) return;
  verifyClientCertificateVerify13(provider, st.settings, st.clientChain, await st.io.expect(CertificateVerify), st.transcript);
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
  const session = Session.from({
    sessionID: st.hello.sessionId.slice(),
    cipherSuite: suite.id,
    version: ProtocolVersion.TLS1_3,
    serverCertChain: st.options.certChain ?? null,
    clientCertChain: st.clientChain ?? st.psk?.session?.clientCertChain ?? null,
    serverName: st.serverName ?? '',
    appProto: st.alpn ?? new Uint8Array(0),
    clAppSecret: st.clientAppSecret!,
    srAppSecret: st.serverAppSecret!,
    exporterMasterSecret: st.exporterSecret!,
    resumptionMasterSecret: resumptionMaster,
    clHandshakeTrafficSecret: st.clientHandshakeSecret!,
    srHandshakeTrafficSecret: st.serverHandshakeSecret!,
  });
  const post = new PostHandshake13(st.io, suite, false, st.clientAppSecret!, st.serverAppSecret!, undefined, st.settings.paddingCb);
  enableServerPostHandshakeAuth13(post, st.hello.extensions?.postHandshakeAuth !== undefined, st.io, st.settings, suite, st.transcript);
  return {
    version: ProtocolVersion.TLS1_3,
    cipherSuite: suite.id,
    session,
    resumed: st.psk !== undefined,
    earlyDataAccepted: st.earlyAccepted,
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
    heartbeat: st.heartbeat,
    tls13: { hash, exporterMasterSecret: st.exporterSecret!, post },
  };
}

/**
 * RFC 8446 4.6.1: `ticketCount` NewSessionTickets after the client's
 * Finished, each with its own nonce (so its own PSK) and age_add, when
 * we have ticket keys and the client can use PSKs (it sent
 * psk_key_exchange_modes).
 */
function sendTickets(st: ServerState13, resumptionMaster: Uint8Array): void {
  const keys = st.ticketKeys;
  if (keys === undefined || st.settings.ticketCount === 0 || st.hello.extensions?.pskKeyExchangeModes === undefined) return;
  const provider = st.io.provider;
  const hash = hashOf(st.suite!);
  // RFC 8446 4.6.1: early_data(max_early_data_size) only when we accept early data.
  const maxEarlyData = ticketMaxEarlyData(st.options, st.settings);
  for (let i = 0; i < st.settings.ticketCount; i++) {
    const nonce = Uint8Array.of(i >>> 8, i & 0xff);
    const ageAdd = new DataView(provider.random.bytes(4).buffer).getUint32(0);
    const ticket = sealTicket13(keys, {
      psk: ticketPsk(provider, hash, resumptionMaster, nonce),
      ageAdd,
      cipherSuite: st.suite!.id,
      serverName: st.serverName ?? '',
      appProto: st.alpn ?? new Uint8Array(0),
      clientCertChain: st.clientChain ?? st.psk?.session?.clientCertChain ?? null,
      maxEarlyData,
    });
    const extensions = Extensions.of(maxEarlyData > 0 ? [new EarlyDataExtension(maxEarlyData)] : [], { message: 'new_session_ticket', version: ProtocolVersion.TLS1_3 });
    st.io.send(new NewSessionTicket(st.settings.ticketLifetime, ticket, { ticketAgeAdd: ageAdd, ticketNonce: nonce, extensions }));
  }
  st.io.flush();
}

/** True when `hello` offers TLS 1.3 (RFC 8446 4.2.1: only supported_versions can). */
export function offersTls13(hello: ClientHello): boolean {
  return hello.extensions?.supportedVersions?.versions.includes(ProtocolVersion.TLS1_3) ?? false;
}
