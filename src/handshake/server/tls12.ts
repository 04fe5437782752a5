/**
 * The server side of the SSLv3 to TLS 1.2 handshake, in the message order
 * of RFC 5246 7.3:
 *
 *     ClientHello          -------->
 *                                         ServerHello
 *                                        Certificate*
 *                                  ServerKeyExchange*
 *                                 CertificateRequest*
 *                      <--------      ServerHelloDone
 *     Certificate*
 *     ClientKeyExchange
 *     CertificateVerify*
 *     [ChangeCipherSpec]
 *     (NextProtocol*)
 *     Finished             -------->
 *                                   (NewSessionTicket*)
 *                                  [ChangeCipherSpec]
 *                      <--------             Finished
 *
 * and the abbreviated handshake (RFC 5246 7.3 figure 2) for a session
 * found in the SessionCache (session ID) or in a ticket (RFC 5077 3.1):
 * ServerHello, (NewSessionTicket), ChangeCipherSpec, Finished, then the
 * client's ChangeCipherSpec and Finished.
 *
 * @module
 */
import { ClientCertificateType, ProtocolVersion } from '../../constants.js';
import {
  TLSHandshakeFailure,
  TLSInsufficientSecurity,
  TLSInternalError,
} from '../../errors.js';
import { Certificate } from '../../messages/certificate.js';
import { CertificateRequest } from '../../messages/certificate-request.js';
import { CertificateStatus } from '../../messages/certificate-status.js';
import { CertificateVerify } from '../../messages/certificate-verify.js';
import type { ClientHello } from '../../messages/client-hello.js';
import { ClientKeyExchange } from '../../messages/client-key-exchange.js';
import { ALPNExtension } from '../../messages/extensions/alpn.js';
import { ECPointFormatsExtension } from '../../messages/extensions/ec-point-formats.js';
import { EncryptThenMACExtension } from '../../messages/extensions/encrypt-then-mac.js';
import { ExtendedMasterSecretExtension } from '../../messages/extensions/extended-master-secret.js';
import type { Extension } from '../../messages/extensions/extension.js';
import { Extensions } from '../../messages/extensions/list.js';
import { NPNExtension } from '../../messages/extensions/npn.js';
import { RenegotiationInfoExtension } from '../../messages/extensions/renegotiation-info.js';
import { ServerNameExtension } from '../../messages/extensions/server-name.js';
import { SessionTicketExtension } from '../../messages/extensions/session-ticket.js';
import { StatusRequestExtension } from '../../messages/extensions/status-request.js';
import { stapleFor } from '../ocsp.js';
import { Finished } from '../../messages/finished.js';
import { NewSessionTicket } from '../../messages/new-session-ticket.js';
import { NextProtocol } from '../../messages/next-protocol.js';
import { ServerHello } from '../../messages/server-hello.js';
import { ServerHelloDone } from '../../messages/server-hello-done.js';
import type { ValidatedSettings } from '../../settings.js';
import { CipherSuite } from '../../constants.js';
import { suiteInfo, type CipherSuiteInfo } from '../../suites.js';
import type { Session } from '../../session/session.js';
import { TicketKeys } from '../../session/ticket.js';
import type { HandshakeIO, ReceivedClientHello } from '../io.js';
import { downgradeSentinel } from '../tls13-shared.js';
import type { ServerHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { HandshakeTranscript } from '../transcript.js';
import { keyExchangeInfo } from '../key-exchange-info.js';
import { checkFinished, extendedMasterSecret, finishedVerifyData, masterSecret, prfAlgorithm } from '../key-schedule.js';
import { supportedSignatureSchemes } from '../signatures.js';
import {
  certificateAlgorithmOf,
  certificateChainFromDER,
  decryptRsaPremaster,
  chainToDER,
  cipherImplementationOf,
  installKeys,
  newSession,
  openTicket,
  peerPublicKey,
  sealTicket,
  serverKeyExchange,
  verifyCertificateVerify,
  type PeerChain,
  type ServerKeyExchangeResult,
} from '../bridge.js';
import { toBytes } from '../shared.js';
import { checkCompression, negotiateSuite, negotiateVersion, selectAlpn } from './negotiate.js';
import { isSrp, lookUpSrpUser } from '../key-exchange/srp.js';
import type { SRPVerifierEntry } from '../../srp/entry.js';
import { answerHeartbeat, type HeartbeatAgreement } from '../heartbeat.js';
import { answerRecordSizeLimit } from '../record-size-limit.js';

/** What the server knows as the handshake proceeds. */
interface ServerState {
  readonly io: HandshakeIO;
  readonly options: ServerHandshakeOptions;
  readonly settings: ValidatedSettings;
  readonly transcript: HandshakeTranscript;
  readonly clientHello: ClientHello;
  readonly ssl2: boolean;
  readonly serverRandom: Uint8Array;
  version: number;
  suite?: CipherSuiteInfo;
  curves: readonly number[];
  ffdheGroups: readonly number[];
  clientNamedFfdhe: boolean;
  serverName?: string;
  useEms: boolean;
  useEtm: boolean;
  alpn?: Uint8Array;
  offerNpn: boolean;
  nextProto?: Uint8Array;
  sendTicket: boolean;
  /** The ticket keys: the option's, else from settings.ticketKeys. */
  readonly ticketKeys: TicketKeys | undefined;
  sessionId: Uint8Array;
  resumedSession?: Session;
  kx?: ServerKeyExchangeResult;
  certificateRequested: boolean;
  clientChain?: PeerChain;
  masterSecret?: Uint8Array;
  /** The SRP user and verifier (RFC 5054), for an SRP suite. */
  srp?: { readonly username: string; readonly entry: SRPVerifierEntry };
  /** The OCSP response we staple (RFC 6066 8), when the client asked and we have one. */
  staple?: Uint8Array;
  /** We support TLS 1.3: the random says what we negotiated instead (RFC 8446 4.1.3). */
  downgradeProtection?: boolean;
  heartbeat?: HeartbeatAgreement;
}

/** Runs a server handshake over `io`. */
export async function serverHandshake(io: HandshakeIO, options: ServerHandshakeOptions, settings: ValidatedSettings): Promise<HandshakeResult> {
  checkServerCredentials(options);
  return afterClientHello(stateFromHello(io, options, settings, await io.expectClientHello()));
}

/**
 * Continues with a ClientHello already read that did not lead to TLS 1.3.
 * `downgradeProtection`: we support TLS 1.3, so the ServerHello.random
 * carries the RFC 8446 4.1.3 sentinel of the version negotiated.
 */
export async function continueServerHandshake(
  io: HandshakeIO,
  options: ServerHandshakeOptions,
  settings: ValidatedSettings,
  received: ReceivedClientHello,
  downgradeProtection: boolean,
): Promise<HandshakeResult> {
  checkServerCredentials(options);
  const st = stateFromHello(io, options, settings, received);
  st.downgradeProtection = downgradeProtection;
  return afterClientHello(st);
}

async function afterClientHello(st: ServerState): Promise<HandshakeResult> {
  negotiate(st);
  await findSessionToResume(st);
  lookUpSrpUserIfNeeded(st);
  sendServerHello(st);
  if (st.resumedSession !== undefined) {
    sendTicket(st);
    sendServerFinished(st);
    await readClientFinished(st);
    return result(st);
  }
  sendCertificate(st);
  await sendServerKeyExchange(st);
  sendCertificateRequest(st);
  sendServerHelloDone(st);
  await readClientCertificate(st);
  await readClientKeyExchange(st);
  await readCertificateVerify(st);
  await readClientFinished(st);
  sendTicket(st);
  sendServerFinished(st);
  const done = result(st);
  await storeSession(st, done.session);
  return done;
}

/** API misuse is reported before anything is read: a certificate server needs its chain and key. */
function checkServerCredentials(options: ServerHandshakeOptions): void {
  if (options.anon) return;
  // An SRP-only server (RFC 5054 SRP_SHA suites) needs no certificate.
  if (options.verifierDB !== undefined && options.certChain === undefined && options.privateKey === undefined) return;
  if (options.certChain === undefined || options.privateKey === undefined) {
    throw new TypeError('handshakeServer needs certChain and privateKey (or anon: true, or a verifierDB for SRP only)');
  }
}

// ---------------------------------------------------------------- ClientHello

function stateFromHello(io: HandshakeIO, options: ServerHandshakeOptions, settings: ValidatedSettings, received: ReceivedClientHello): ServerState {
  const { message, ssl2 } = received;
  const hello = message.body;
  const transcript = new HandshakeTranscript(io.provider);
  transcript.update(message.bytes);
  checkCompression(hello);
  return {
    io,
    options,
    settings,
    transcript,
    clientHello: hello,
    ssl2,
    serverRandom: io.provider.random.bytes(32),
    version: ProtocolVersion.TLS1_2,
    curves: [],
    ffdheGroups: [],
    clientNamedFfdhe: false,
    useEms: false,
    useEtm: false,
    offerNpn: false,
    sendTicket: false,
    ticketKeys: options.ticketKeys ?? TicketKeys.fromSettings(settings, io.provider),
    sessionId: new Uint8Array(0),
    certificateRequested: false,
  };
}

/** Version, suite and extension answers. */
function negotiate(st: ServerState): void {
  const hello = st.clientHello;
  st.version = negotiateVersion(hello, st.settings);
  if (st.downgradeProtection) st.serverRandom.set(downgradeSentinel(st.version)!, 24);
  const negotiated = negotiateSuite(hello, st.version, {
    settings: st.settings,
    certAlgorithm: st.options.anon || st.options.privateKey === undefined ? undefined : certificateAlgorithmOf(st.options.privateKey),
    ...(!st.options.anon && st.options.privateKey !== undefined && { certKey: st.options.privateKey }),
    anon: st.options.anon ?? false,
    srp: st.options.verifierDB !== undefined && hello.extensions?.srp !== undefined,
  });
  st.suite = negotiated.suite;
  st.curves = negotiated.curves;
  st.ffdheGroups = negotiated.ffdheGroups;
  st.clientNamedFfdhe = negotiated.clientNamedFfdhe;
  negotiateExtensions(st);
  st.transcript.select(st.version, st.suite.prfHash);
  st.io.context = { version: st.version, keyExchange: st.suite.keyExchange };
  // RFC 5246 E.1: from now on records in both directions carry the
  // negotiated version. (A client that rejects our ServerHello before it
  // adopts the version sends its alert in a record of another version, and
  // we end with protocol_version rather than its alert, as the record
  // layer checks every record.)
  st.io.setRecordVersion(st.version, true);
  st.sessionId = st.io.provider.random.bytes(32);
}

function negotiateExtensions(st: ServerState): void {
  const ext = st.clientHello.extensions;
  const tls = st.version > ProtocolVersion.SSL3;
  // RFC 5746 3.6: an initial ClientHello's renegotiation_info is empty.
  const reneg = ext?.renegotiationInfo;
  if (reneg !== undefined && reneg.renegotiatedConnection.length !== 0) {
    throw new TLSHandshakeFailure('renegotiation_info not empty in an initial handshake');
  }
  // RFC 6066 3: one host_name at most; we expose it (no alert for a name we do not know).
  st.serverName = ext?.serverName?.hostName;
  // RFC 7627 5.1 (SSLv3 has no extensions, and EMS is undefined there).
  st.useEms = tls && st.settings.useExtendedMasterSecret && ext?.extendedMasterSecret !== undefined;
  if (st.settings.requireExtendedMasterSecret && !st.useEms) {
    throw new TLSInsufficientSecurity('the client does not support extended master secret');
  }
  // RFC 7366 3: only for CBC suites.
  st.useEtm = tls && st.settings.useEncryptThenMAC && ext?.encryptThenMac !== undefined && st.suite!.cipherType === 'block';
  // RFC 7301 3.2.
  const ours = (st.options.alpn ?? []).map(toBytes);
  st.alpn = selectAlpn(ext?.alpn?.protocols, ours);
  // draft-agl-tls-nextprotoneg 3: advertise only when not using ALPN, and never on resumption.
  st.offerNpn = st.alpn === undefined && ext?.npn !== undefined && (st.options.nextProtos?.length ?? 0) > 0;
  // RFC 5077 3.2: a ticket only to a client that asked and when we have keys.
  st.sendTicket = tls && ext?.sessionTicket !== undefined && st.ticketKeys !== undefined;
  // RFC 6066 8: a staple only to a client that asked, with a Certificate to go with it.
  st.staple = tls && sendsCertificate(st.suite!) ? stapleFor(st.clientHello, st.options.ocspResponse) : undefined;
}

/**
 * RFC 5077 3.4 (ticket) first, then RFC 5246 7.4.1.2 (session ID). A
 * session is resumed only with the same version and a suite the client
 * offers again, and the same SNI name (RFC 6066 3). RFC 7627 5.3: an EMS
 * session offered without EMS aborts; a non-EMS session offered with EMS
 * gets a full handshake.
 */
async function findSessionToResume(st: ServerState): Promise<void> {
  const hello = st.clientHello;
  const ticket = hello.extensions?.sessionTicket?.ticket;
  let session: Session | undefined;
  if (ticket !== undefined && ticket.length > 0 && st.ticketKeys !== undefined) {
    session = openTicket(st.ticketKeys, ticket, st.settings.ticketLifetime) ?? undefined;
    // RFC 5077 3.4: the ServerHello echoes the client's session ID.
    if (session !== undefined) st.sessionId = hello.sessionId.slice();
  }
  if (session === undefined && hello.sessionId.length > 0 && st.options.sessionCache !== undefined) {
    session = (await st.options.sessionCache.get(hello.sessionId)) ?? undefined;
    if (session !== undefined) st.sessionId = hello.sessionId.slice();
  }
  if (session === undefined) return;
  const usable =
    session.valid() &&
    session.version === st.version &&
    hello.cipherSuites.includes(session.cipherSuite) &&
    (session.serverName || undefined) === st.serverName &&
    (st.options.anon ?? false) === isAnonymous(suiteInfo(session.cipherSuite)!) &&
    srpSessionResumable(st, session);
  if (usable && session.extendedMasterSecret && !st.useEms) {
    throw new TLSHandshakeFailure('an extended-master-secret session offered without extended_master_secret');
  }
  if (!usable || (!session.extendedMasterSecret && st.useEms)) {
    st.sessionId = st.io.provider.random.bytes(32);
    return;
  }
  st.resumedSession = session;
  st.suite = suiteInfo(session.cipherSuite)!;
  st.masterSecret = session.masterSecret;
  st.clientChain = session.clientCertChain ?? undefined;
  st.offerNpn = false;
  // RFC 7366 3: ETM applies to the resumed suite only if it is a CBC one.
  st.useEtm =
    st.settings.useEncryptThenMAC && hello.extensions?.encryptThenMac !== undefined && st.suite.cipherType === 'block';
  st.io.context = { version: st.version, keyExchange: st.suite.keyExchange };
}

/**
 * An SRP session resumes only for the same user, still in the database
 * (a deleted user gets a full handshake, and so unknown_psk_identity);
 * a non-SRP session only without the srp extension's user.
 */
function srpSessionResumable(st: ServerState, session: Session): boolean {
  const identity = st.clientHello.extensions?.srp?.identity;
  if (session.srpUsername === '') return true;
  if (identity === undefined || st.options.verifierDB === undefined) return false;
  try {
    const { username } = lookUpSrpUser(st.options.verifierDB, identity);
    return username === session.srpUsername;
  } catch {
    return false;
  }
}

/** RFC 5054 2.5.1.3: the user's verifier, right after the ClientHello (unknown_psk_identity if none). */
function lookUpSrpUserIfNeeded(st: ServerState): void {
  if (st.resumedSession !== undefined || !isSrp(st.suite!.keyExchange)) return;
  st.srp = lookUpSrpUser(st.options.verifierDB!, st.clientHello.extensions!.srp!.identity);
}

// ---------------------------------------------------------------- server's flight

function sendServerHello(st: ServerState): void {
  const tls = st.version > ProtocolVersion.SSL3;
  const ext = st.clientHello.extensions;
  const extensions: Extension[] = [];
  // RFC 5746 3.6: answer the SCSV or the extension with an empty renegotiation_info.
  const secureRenegotiation =
    ext?.renegotiationInfo !== undefined || st.clientHello.cipherSuites.includes(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  if (tls) {
    if (secureRenegotiation) extensions.push(new RenegotiationInfoExtension());
    // RFC 6066 3: an empty server_name says we used the name (not on resumption).
    if (st.serverName !== undefined && st.resumedSession === undefined) extensions.push(new ServerNameExtension());
    if (st.useEms) extensions.push(new ExtendedMasterSecretExtension());
    if (st.useEtm) extensions.push(new EncryptThenMACExtension());
    if (st.alpn !== undefined) extensions.push(new ALPNExtension([st.alpn]));
    if (st.offerNpn) extensions.push(new NPNExtension(st.options.nextProtos!.map(toBytes)));
    if (st.sendTicket) extensions.push(new SessionTicketExtension());
    // RFC 6066 8: an empty status_request promises (may precede) a CertificateStatus; not on resumption.
    if (st.staple !== undefined && st.resumedSession === undefined) extensions.push(new StatusRequestExtension());
    // RFC 8422 5.2: point formats answered when an ECC suite is chosen.
    if (ext?.ecPointFormats !== undefined && isEcc(st.suite!)) extensions.push(new ECPointFormatsExtension());
    // RFC 6520 2; RFC 8449 4 (the limits bind protected records, from our Finished on).
    const heartbeat = answerHeartbeat(st.settings, ext?.heartbeat, st.version);
    if (heartbeat !== undefined) extensions.push(heartbeat.extension);
    st.heartbeat = heartbeat?.agreement;
    const sizeLimit = answerRecordSizeLimit(st.settings, ext?.recordSizeLimit, st.version);
    if (sizeLimit !== undefined) {
      extensions.push(sizeLimit.extension);
      st.io.setRecordSizeLimit(sizeLimit.limits.send, sizeLimit.limits.receive);
    }
  }
  const hello = new ServerHello({
    serverVersion: st.version,
    random: st.serverRandom,
    sessionId: st.sessionId,
    cipherSuite: st.suite!.id,
    extensions: extensions.length > 0 ? Extensions.of(extensions, { message: 'server_hello', version: st.version }) : undefined,
  });
  st.transcript.update(st.io.send(hello).bytes);
}

/** RFC 5246 7.4.2; RFC 6066 8: CertificateStatus right after it when we staple. */
function sendCertificate(st: ServerState): void {
  if (!sendsCertificate(st.suite!)) return;
  st.transcript.update(st.io.send(new Certificate(chainToDER(st.options.certChain!))).bytes);
  if (st.staple !== undefined) st.transcript.update(st.io.send(CertificateStatus.ocsp(st.staple)).bytes);
}

/** Every key exchange but the anonymous ones and SRP_SHA (RFC 5054 2.5.2) sends a Certificate. */
function sendsCertificate(suite: CipherSuiteInfo): boolean {
  return !isAnonymous(suite) && suite.keyExchange !== 'srp_sha';
}

/** RFC 5246 7.4.3: DHE, ECDHE and anonymous parameters, signed unless anonymous. */
async function sendServerKeyExchange(st: ServerState): Promise<void> {
  if (st.suite!.keyExchange === 'rsa') return;
  st.kx = await serverKeyExchange({
    keyExchange: st.suite!.keyExchange,
    version: st.version,
    curves: st.curves,
    ffdheGroups: st.ffdheGroups,
    clientNamedFfdhe: st.clientNamedFfdhe,
    clientRandom: st.clientHello.random,
    serverRandom: st.serverRandom,
    clientSchemes: st.clientHello.extensions?.signatureAlgorithms?.schemes,
    privateKey: st.options.privateKey,
    settings: st.settings,
    provider: st.io.provider,
    ...(st.srp !== undefined && { srp: st.srp.entry }),
  });
  st.transcript.update(st.io.send(st.kx.message).bytes);
}

/** RFC 5246 7.4.4: only when asked to, and never in an anonymous key exchange. */
function sendCertificateRequest(st: ServerState): void {
  if (!(st.options.reqCert || st.options.requireCert) || isAnonymous(st.suite!)) return;
  const request = new CertificateRequest({
    certificateTypes: [ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign],
    supportedSignatureAlgorithms: st.version >= ProtocolVersion.TLS1_2 ? supportedSignatureSchemes(st.settings) : undefined,
    certificateAuthorities: st.options.reqCAs ?? [],
  });
  st.transcript.update(st.io.send(request).bytes);
  st.certificateRequested = true;
}

function sendServerHelloDone(st: ServerState): void {
  st.transcript.update(st.io.send(new ServerHelloDone()).bytes);
  st.io.flush();
}

// ---------------------------------------------------------------- client's flight

/**
 * RFC 5246 7.4.6: the client's certificate, possibly an empty list; in
 * SSLv3 a no_certificate warning alert instead (RFC 6101 5.6.6), as the
 * seed accepts.
 */
async function readClientCertificate(st: ServerState): Promise<void> {
  if (!st.certificateRequested) return;
  const message =
    st.version === ProtocolVersion.SSL3 ? await st.io.expectCertificateOrNoCertificate() : await st.io.expect(Certificate);
  if (message !== null) st.transcript.update(message.bytes);
  const certs = message === null ? [] : message.body.entries.map((e) => e.certData);
  if (certs.length === 0) {
    // RFC 5246 7.4.6: with no certificate, the server may go on or fail with handshake_failure.
    if (st.options.requireCert) throw new TLSHandshakeFailure('the client sent no certificate');
    return;
  }
  st.clientChain = certificateChainFromDER(certs, st.io.provider);
}

/** RFC 5246 7.4.7: the premaster, by RSA decryption or (EC)DH agreement. */
async function readClientKeyExchange(st: ServerState): Promise<void> {
  const message = await st.io.expect(ClientKeyExchange);
  st.transcript.update(message.bytes);
  const premaster = await completeKeyExchange(st, message.body);
  const prf = prfAlgorithm(st.version, st.suite!);
  // RFC 7627 4: the session hash covers the messages up to ClientKeyExchange.
  st.masterSecret = st.useEms
    ? extendedMasterSecret(st.io.provider, prf, premaster, st.transcript.handshakeHash())
    : masterSecret(st.io.provider, prf, premaster, st.clientHello.random, st.serverRandom);
}

/**
 * RFC 5246 7.4.7.1: RSA, with the Bleichenbacher countermeasure (a random
 * premaster on any failure, client_version checked inside); RFC 5246
 * 7.4.7.2 and RFC 8422 5.7: the (EC)DH agreement with our ephemeral key.
 */
function completeKeyExchange(st: ServerState, cke: ClientKeyExchange): Promise<Uint8Array> {
  if (st.suite!.keyExchange === 'rsa') {
    return decryptRsaPremaster(st.options.privateKey!, cke.value, st.clientHello.clientVersion);
  }
  if (st.kx === undefined) throw new TLSInternalError('no server key exchange state');
  return st.kx.complete(cke.value);
}

/** RFC 5246 7.4.8: a client that sent a certificate proves it holds the key. */
async function readCertificateVerify(st: ServerState): Promise<void> {
  if (st.clientChain === undefined) return;
  // The signature covers the messages before CertificateVerify.
  const before = st.transcript.copy();
  const message = await st.io.expect(CertificateVerify);
  await verifyCertificateVerify({
    signed: message.body.signed,
    publicKey: peerPublicKey(st.clientChain),
    version: st.version,
    transcript: before,
    masterSecret: st.masterSecret!,
    offeredSchemes: st.version >= ProtocolVersion.TLS1_2 ? supportedSignatureSchemes(st.settings) : undefined,
    settings: st.settings,
    provider: st.io.provider,
  });
  st.transcript.update(message.bytes);
}

/** RFC 5246 7.4.9: ChangeCipherSpec, (NextProtocol), Finished. */
async function readClientFinished(st: ServerState): Promise<void> {
  if (st.resumedSession === undefined) installKeys(st.io, keyParams(st));
  await st.io.expectChangeCipherSpec();
  if (st.offerNpn) {
    const np = await st.io.expect(NextProtocol);
    st.transcript.update(np.bytes);
    st.nextProto = np.body.selectedProtocol;
  }
  const expected = finishedVerifyData(st.io.provider, prfAlgorithm(st.version, st.suite!), st.masterSecret!, st.transcript, 'client');
  const message = await st.io.expect(Finished);
  checkFinished(expected, message.body.verifyData);
  st.transcript.update(message.bytes);
}

// ---------------------------------------------------------------- server's last flight

/** RFC 5077 3.3: NewSessionTicket before ChangeCipherSpec. */
function sendTicket(st: ServerState): void {
  if (!st.sendTicket) return;
  const session = sessionOf(st);
  const ticket = sealTicket(st.ticketKeys!, session);
  const lifetime = st.settings.ticketLifetime;
  st.transcript.update(st.io.send(new NewSessionTicket(lifetime, ticket)).bytes);
}

function sendServerFinished(st: ServerState): void {
  if (st.resumedSession !== undefined) installKeys(st.io, keyParams(st));
  st.io.sendChangeCipherSpec();
  const verifyData = finishedVerifyData(st.io.provider, prfAlgorithm(st.version, st.suite!), st.masterSecret!, st.transcript, 'server');
  st.transcript.update(st.io.send(new Finished(verifyData)).bytes);
  st.io.flush();
}

/** Full handshakes go to the cache (RFC 5246 7.4.1.3: the session_id names them). */
async function storeSession(st: ServerState, session: Session): Promise<void> {
  const cache = st.options.sessionCache;
  if (cache === undefined || st.sessionId.length === 0) return;
  await cache.set(st.sessionId, session);
}

// ---------------------------------------------------------------- helpers

function keyParams(st: ServerState) {
  return {
    version: st.version,
    suite: st.suite!,
    masterSecret: st.masterSecret!,
    clientRandom: st.clientHello.random,
    serverRandom: st.serverRandom,
    encryptThenMac: st.useEtm,
    isClient: false,
    provider: st.io.provider,
  };
}

function sessionOf(st: ServerState): Session {
  return newSession({
    previous: st.resumedSession,
    sessionID: st.sessionId,
    masterSecret: st.masterSecret!,
    cipherSuite: st.suite!.id,
    version: st.version,
    serverCertChain: st.options.anon || st.suite!.keyExchange === 'srp_sha' ? undefined : st.options.certChain,
    clientCertChain: st.clientChain,
    serverName: st.serverName,
    extendedMasterSecret: st.useEms,
    encryptThenMAC: st.useEtm,
    appProto: st.alpn ?? st.nextProto,
    srpUsername: st.srp?.username,
  });
}

function result(st: ServerState): HandshakeResult {
  const suite = st.suite!;
  const nextProto = st.alpn ?? st.nextProto;
  return {
    version: st.version,
    cipherSuite: suite.id,
    session: sessionOf(st),
    resumed: st.resumedSession !== undefined,
    nextProto,
    serverName: st.serverName,
    cipherImplementation: cipherImplementationOf(st.io.provider, suite),
    masterSecret: st.masterSecret!,
    clientRandom: st.clientHello.random,
    serverRandom: st.serverRandom,
    prfAlgorithm: prfAlgorithm(st.version, suite),
    keyExchange: keyExchangeInfo(st.kx?.message),
    heartbeat: st.heartbeat,
  };
}

function isAnonymous(suite: CipherSuiteInfo): boolean {
  return suite.keyExchange === 'dh_anon' || suite.keyExchange === 'ecdh_anon';
}

function isEcc(suite: CipherSuiteInfo): boolean {
  return suite.keyExchange === 'ecdhe_rsa' || suite.keyExchange === 'ecdhe_ecdsa' || suite.keyExchange === 'ecdh_anon';
}

