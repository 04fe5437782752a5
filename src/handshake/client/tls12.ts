/**
 * The client side of the SSLv3 to TLS 1.2 handshake, in the message order
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
 * and the abbreviated handshake (RFC 5246 7.3 figure 2) when the server
 * resumes the offered session: ServerHello, (NewSessionTicket),
 * ChangeCipherSpec, Finished from the server first.
 *
 * One short function per step; each reads the message it expects (the
 * HandshakeIO rejects anything else with unexpected_message) and checks it
 * against the RFC section cited above the check.
 *
 * @module
 */
import { AlertDescription, AlertLevel, CertificateStatusType, CipherSuite, ClientCertificateType, ExtensionType, ProtocolVersion } from '../../constants.js';
import { RSAKey } from '../../crypto/rsa/key.js';
import type { Key } from '../../x509/keys.js';
import {
  TLSHandshakeFailure,
  TLSIllegalParameterException,
  TLSInsufficientSecurity,
  TLSProtocolVersionError,
  TLSUnsupportedExtension,
} from '../../errors.js';
import { Certificate } from '../../messages/certificate.js';
import { CertificateRequest } from '../../messages/certificate-request.js';
import { CertificateStatus } from '../../messages/certificate-status.js';
import type { HandshakeClass } from '../../messages/message.js';
import type { X509CertChain } from '../../x509/cert-chain.js';
import { candidatesOf, preferCandidate } from '../certificate-select.js';
import { CertificateVerify } from '../../messages/certificate-verify.js';
import { ClientKeyExchange } from '../../messages/client-key-exchange.js';
import { Finished } from '../../messages/finished.js';
import type { HandshakeMessage } from '../../messages/handshake-message.js';
import { NewSessionTicket } from '../../messages/new-session-ticket.js';
import { NextProtocol } from '../../messages/next-protocol.js';
import { ServerHello } from '../../messages/server-hello.js';
import { ServerHelloDone } from '../../messages/server-hello-done.js';
import { ServerKeyExchange } from '../../messages/server-key-exchange.js';
import type { ValidatedSettings } from '../../settings.js';
import { suiteInfo, type CipherSuiteInfo } from '../../suites.js';
import type { Session } from '../../session/session.js';
import type { HandshakeIO } from '../io.js';
import type { ClientHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { HandshakeTranscript } from '../transcript.js';
import { keyExchangeInfo } from '../key-exchange-info.js';
import { checkFinished, extendedMasterSecret, finishedVerifyData, masterSecret, prfAlgorithm } from '../key-schedule.js';
import { buildClientHello, type ClientOffer } from './hello.js';
import {
  certificateChainFromDER,
  chainToDER,
  clientKeyExchange,
  cipherImplementationOf,
  installKeys,
  newSession,
  peerPublicKey,
  signCertificateVerify,
  verifyServerKeyExchange,
  type PeerChain,
} from '../bridge.js';
import { equalBytes, serverAlpnChoice, toBytes } from '../shared.js';
import { checkSrpCredentials } from '../key-exchange/srp.js';
import { acceptHeartbeat, type HeartbeatAgreement } from '../heartbeat.js';
import { acceptRecordSizeLimit } from '../record-size-limit.js';

/** Everything the client learns as the handshake proceeds. */
interface ClientState {
  readonly io: HandshakeIO;
  readonly options: ClientHandshakeOptions;
  readonly settings: ValidatedSettings;
  readonly transcript: HandshakeTranscript;
  readonly offer: ClientOffer;
  serverHello?: ServerHello;
  version: number;
  suite?: CipherSuiteInfo;
  resumed: boolean;
  useEms: boolean;
  useEtm: boolean;
  expectTicket: boolean;
  nextProto?: Uint8Array;
  npnSelected?: Uint8Array;
  serverChain?: PeerChain;
  serverKeyExchange?: ServerKeyExchange;
  certificateRequest?: CertificateRequest;
  masterSecret?: Uint8Array;
  ticket?: Uint8Array;
  ticketLifetime?: number;
  sentCertificate: boolean;
  /** The server answered status_request (RFC 6066 8): a CertificateStatus may follow its Certificate. */
  statusExpected: boolean;
  /** The stapled OCSP response. */
  ocspResponse?: Uint8Array;
  /** The message after Certificate, read while looking for a CertificateStatus. */
  pending?: HandshakeMessage;
  /** The chain and key we authenticate with, chosen when the server asks. */
  sentChain?: X509CertChain;
  sentKey?: Key;
  heartbeat?: HeartbeatAgreement;
}

/** Runs a client handshake over `io`. */
export async function clientHandshake(io: HandshakeIO, options: ClientHandshakeOptions, settings: ValidatedSettings): Promise<HandshakeResult> {
  const st = sendClientHello(io, options, settings);
  return afterClientHello(st, await io.expect(ServerHello));
}

/**
 * Continues a handshake whose ClientHello (`offer`, already sent and in
 * `transcript`) was answered by a ServerHello that chose TLS 1.2 or
 * earlier: the path a client offering TLS 1.3 takes with an older server.
 */
export async function continueClientHandshake(
  io: HandshakeIO,
  options: ClientHandshakeOptions,
  settings: ValidatedSettings,
  offer: ClientOffer,
  transcript: HandshakeTranscript,
  serverHello: HandshakeMessage<ServerHello>,
): Promise<HandshakeResult> {
  return afterClientHello(newClientState(io, options, settings, offer, transcript), serverHello);
}

async function afterClientHello(st: ClientState, serverHello: HandshakeMessage<ServerHello>): Promise<HandshakeResult> {
  readServerHello(st, serverHello);
  if (st.resumed) {
    await readTicketIfPromised(st);
    await readServerFinished(st);
    sendClientFinished(st);
    return result(st);
  }
  await readServerCertificate(st);
  await readCertificateStatus(st);
  await readServerKeyExchange(st);
  await readCertificateRequestAndDone(st);
  sendClientCertificate(st);
  await sendClientKeyExchange(st);
  await sendCertificateVerify(st);
  sendClientFinished(st);
  await readTicketIfPromised(st);
  await readServerFinished(st);
  return result(st);
}

// ---------------------------------------------------------------- ClientHello

function sendClientHello(io: HandshakeIO, options: ClientHandshakeOptions, settings: ValidatedSettings): ClientState {
  checkSrpCredentials(options.srpUsername, options.srpPassword);
  const offer = buildClientHello({
    settings,
    provider: io.provider,
    serverName: options.serverName,
    session: options.session,
    anon: options.anon,
    alpn: options.alpn,
    nextProtos: options.nextProtos,
    srpUsername: options.srpUsername,
    requestOCSP: options.requestOCSP,
    certificateAuthorities: options.certificateAuthorities,
  });
  if (offer.suites.length === 0) throw new TLSHandshakeFailure('the settings leave no cipher suite to offer');
  const transcript = new HandshakeTranscript(io.provider);
  // RFC 5246 E.1: the first records carry the lowest version we accept
  // (tlslite-ng and OpenSSL use TLS 1.0 or the minimum); SSLv3 servers need 3.0.
  io.setRecordVersion(Math.max(settings.minVersion, ProtocolVersion.SSL3) === ProtocolVersion.SSL3 ? ProtocolVersion.SSL3 : ProtocolVersion.TLS1_0, false);
  transcript.update(io.send(offer.hello).bytes);
  return newClientState(io, options, settings, offer, transcript);
}

function newClientState(
  io: HandshakeIO,
  options: ClientHandshakeOptions,
  settings: ValidatedSettings,
  offer: ClientOffer,
  transcript: HandshakeTranscript,
): ClientState {
  return {
    io,
    options,
    settings,
    transcript,
    offer,
    version: offer.version,
    resumed: false,
    useEms: false,
    useEtm: false,
    expectTicket: false,
    sentCertificate: false,
    statusExpected: false,
  };
}

// ---------------------------------------------------------------- ServerHello

function readServerHello(st: ClientState, message: HandshakeMessage<ServerHello>): void {
  const hello = message.body;
  checkServerVersion(st, hello);
  // From here on our records (an alert about what follows included) carry
  // the negotiated version, which the server checks (RFC 5246 E.1).
  st.io.setRecordVersion(st.version, true);
  checkServerSuite(st, hello);
  checkServerExtensions(st, hello);
  st.serverHello = hello;
  st.transcript.update(message.bytes);
  st.transcript.select(st.version, st.suite!.prfHash);
  st.io.context = { version: st.version, keyExchange: st.suite!.keyExchange };
  decideResumption(st, hello);
}

/** RFC 5246 7.4.1.3, E.1: a version we offered and accept; protocol_version otherwise. */
function checkServerVersion(st: ClientState, hello: ServerHello): void {
  const version = hello.serverVersion;
  if (version > st.offer.version || version < st.settings.minVersion || version < ProtocolVersion.SSL3) {
    throw new TLSProtocolVersionError(`server chose ${ProtocolVersion.nameOf(version)}`);
  }
  st.version = version;
}

/**
 * RFC 5246 7.4.1.3: "cipher_suite: The single cipher suite selected by the
 * server from the list in ClientHello.cipher_suites"; compression must be
 * one we offered (null). Both illegal_parameter.
 */
function checkServerSuite(st: ClientState, hello: ServerHello): void {
  if (!st.offer.suites.includes(hello.cipherSuite)) {
    throw new TLSIllegalParameterException(`server chose ${CipherSuite.nameOf(hello.cipherSuite)}, which we did not offer`);
  }
  const suite = suiteInfo(hello.cipherSuite)!;
  if (st.version < suite.minVersion || st.version > suite.maxVersion) {
    throw new TLSIllegalParameterException(`${suite.name} is not allowed in ${ProtocolVersion.nameOf(st.version)}`);
  }
  if (hello.compressionMethod !== 0) throw new TLSIllegalParameterException('server chose a compression method we did not offer');
  st.suite = suite;
}

/**
 * RFC 5246 7.4.1.4: the server may send only extensions the client sent
 * (unsupported_extension otherwise). RFC 5746 3.4: renegotiation_info must
 * be empty on the initial handshake (handshake_failure otherwise).
 */
function checkServerExtensions(st: ClientState, hello: ServerHello): void {
  const ext = hello.extensions;
  if (ext === undefined) {
    if (st.settings.requireExtendedMasterSecret) throw new TLSInsufficientSecurity('the server does not support extended master secret');
    return;
  }
  for (const type of ext.types) {
    if (!st.offer.extensionTypes.has(type)) {
      throw new TLSUnsupportedExtension(`server sent ${ExtensionType.nameOf(type)}, which we did not offer`);
    }
  }
  const reneg = ext.renegotiationInfo;
  if (reneg !== undefined && reneg.renegotiatedConnection.length !== 0) {
    throw new TLSHandshakeFailure('renegotiation_info not empty in an initial handshake');
  }
  // RFC 7627 5.1: EMS is used when both sent it.
  st.useEms = ext.extendedMasterSecret !== undefined;
  if (!st.useEms && st.settings.requireExtendedMasterSecret) {
    throw new TLSInsufficientSecurity('the server does not support extended master secret');
  }
  // RFC 7366 3: encrypt-then-MAC applies to CBC suites only; a server
  // that answers it for another suite is wrong.
  if (ext.encryptThenMac !== undefined) {
    if (st.suite!.cipherType !== 'block') {
      throw new TLSIllegalParameterException('encrypt_then_mac answered for a non-CBC suite');
    }
    st.useEtm = true;
  }
  const alpn = serverAlpnChoice(st.offer.alpn, ext.alpn);
  if (alpn !== undefined) st.nextProto = alpn;
  // draft-agl-tls-nextprotoneg 3: pick from the server's list (or our first).
  if (ext.npn !== undefined) {
    if (alpn !== undefined) throw new TLSIllegalParameterException('server answered both ALPN and NPN');
    const ours = (st.options.nextProtos ?? []).map(toBytes);
    const pick = ours.find((p) => ext.npn!.protocols.some((q) => equalBytes(p, q))) ?? ours[0];
    if (pick !== undefined) st.npnSelected = pick;
  }
  // RFC 5077 3.2: an empty session_ticket promises a NewSessionTicket.
  st.expectTicket = ext.sessionTicket !== undefined;
  // RFC 6066 8: only an answer to our request (checked above); its body is empty (the parser checks).
  st.statusExpected = ext.statusRequest !== undefined;
  // RFC 6520 2: heartbeats; RFC 8449 4: the limits bind the protected records from our Finished on.
  st.heartbeat = acceptHeartbeat(ext.heartbeat);
  const limits = acceptRecordSizeLimit(st.settings, ext.recordSizeLimit, st.version);
  if (limits !== undefined) st.io.setRecordSizeLimit(limits.send, limits.receive);
}

/**
 * RFC 5246 7.4.1.3: the server resumes by echoing the offered session_id;
 * RFC 5077 3.4: with a ticket, by echoing the session_id we generated.
 * RFC 7627 5.3: the EMS setting must not change on resumption.
 */
function decideResumption(st: ClientState, hello: ServerHello): void {
  const session = st.offer.session;
  const offeredId = st.offer.hello.sessionId;
  if (session === undefined || offeredId.length === 0 || !equalBytes(hello.sessionId, offeredId)) return;
  if (hello.cipherSuite !== session.cipherSuite || st.version !== session.version) {
    throw new TLSIllegalParameterException('server resumed the session with a different suite or version');
  }
  if (session.extendedMasterSecret && !st.useEms) {
    throw new TLSHandshakeFailure('server resumed an extended-master-secret session without it');
  }
  if (!session.extendedMasterSecret && st.useEms) {
    throw new TLSHandshakeFailure('server resumed a session with extended master secret it did not have');
  }
  st.resumed = true;
  st.masterSecret = session.masterSecret;
  st.serverChain = session.serverCertChain ?? undefined;
}

// ---------------------------------------------------------------- server's flight

/** RFC 5246 7.4.2: every non-anonymous key exchange sends a Certificate (RFC 5054 2.5.2: not SRP_SHA). */
async function readServerCertificate(st: ClientState): Promise<void> {
  if (isAnonymous(st.suite!) || st.suite!.keyExchange === 'srp_sha') return;
  const message = await st.io.expect(Certificate);
  st.transcript.update(message.bytes);
  const certs = message.body.entries.map((e) => e.certData);
  // RFC 5246 7.4.2: the server's list may not be empty.
  if (certs.length === 0) throw new TLSHandshakeFailure('server sent an empty certificate list');
  st.serverChain = certificateChainFromDER(certs, st.io.provider);
}

/**
 * RFC 6066 8: after a status_request answer, the server "MAY" send a
 * CertificateStatus right after its Certificate (it may also not). One
 * never asked for is an unexpected_message (the IO's rule for any message
 * out of place). The message read in its stead is kept for the next step.
 */
async function readCertificateStatus(st: ClientState): Promise<void> {
  if (!st.statusExpected || st.serverChain === undefined) return;
  const next: HandshakeClass[] = st.suite!.keyExchange === 'rsa' ? [CertificateRequest, ServerHelloDone] : [ServerKeyExchange];
  const message = await st.io.expectOneOf([CertificateStatus, ...next]);
  if (!(message.body instanceof CertificateStatus)) {
    st.pending = message;
    return;
  }
  // We asked for OCSP only (RFC 6066 8: the type of the request).
  if (message.body.statusType !== CertificateStatusType.ocsp) throw new TLSIllegalParameterException('CertificateStatus of a type we did not request');
  st.transcript.update(message.bytes);
  st.ocspResponse = message.body.response;
}

/** The message `readCertificateStatus` read ahead, if any, else the next one of `classes`. */
async function nextMessage(st: ClientState, classes: readonly HandshakeClass[]): Promise<HandshakeMessage> {
  const pending = st.pending;
  st.pending = undefined;
  return pending ?? st.io.expectOneOf(classes);
}

/** RFC 5246 7.4.3: ServerKeyExchange for DHE, ECDHE and anonymous key exchanges; signed unless anonymous. */
async function readServerKeyExchange(st: ClientState): Promise<void> {
  if (st.suite!.keyExchange === 'rsa') return;
  const message = (await nextMessage(st, [ServerKeyExchange])) as HandshakeMessage<ServerKeyExchange>;
  st.transcript.update(message.bytes);
  const ske = message.body;
  if (ske.signature !== undefined) {
    await verifyServerKeyExchange({
      ske,
      version: st.version,
      clientRandom: st.offer.hello.random,
      serverRandom: st.serverHello!.random,
      publicKey: peerPublicKey(st.serverChain!),
      offeredSchemes: st.offer.signatureSchemes,
      settings: st.settings,
      provider: st.io.provider,
    });
  }
  st.serverKeyExchange = ske;
}

/** RFC 5246 7.4.4, 7.4.5: an optional CertificateRequest, then ServerHelloDone. */
async function readCertificateRequestAndDone(st: ClientState): Promise<void> {
  let message: HandshakeMessage = await nextMessage(st, [CertificateRequest, ServerHelloDone]);
  if (message.body instanceof CertificateRequest) {
    // RFC 5246 7.4.4: "It is a fatal handshake_failure alert for an anonymous server to request client authentication."
    if (isAnonymous(st.suite!)) throw new TLSHandshakeFailure('an anonymous server asked for a client certificate');
    st.transcript.update(message.bytes);
    st.certificateRequest = message.body;
    message = await st.io.expect(ServerHelloDone);
  }
  st.transcript.update(message.bytes);
}

// ---------------------------------------------------------------- client's flight

/**
 * RFC 5246 7.4.6: when asked, send our chain, or an empty one when we have
 * none that fits; SSLv3 says so with a no_certificate warning alert
 * instead (RFC 6101 5.6.6).
 */
function sendClientCertificate(st: ClientState): void {
  const request = st.certificateRequest;
  if (request === undefined) return;
  // Of several chains, one of a type the server accepts, preferably from a CA it names (RFC 5246 7.4.4).
  const chosen = preferCandidate(
    candidatesOf(st.options),
    (c) => certificateTypeAccepted(request, c.privateKey),
    request.certificateAuthorities,
  );
  if (chosen === undefined && st.version === ProtocolVersion.SSL3) {
    st.io.sendAlert(AlertLevel.warning, AlertDescription.no_certificate);
    return;
  }
  const certificate = new Certificate(chosen !== undefined ? chainToDER(chosen.certChain) : []);
  st.transcript.update(st.io.send(certificate).bytes);
  st.sentCertificate = chosen !== undefined;
  st.sentChain = chosen?.certChain;
  st.sentKey = chosen?.privateKey;
}

async function sendClientKeyExchange(st: ClientState): Promise<void> {
  const { value, premaster } = await clientKeyExchange({
    keyExchange: st.suite!.keyExchange,
    version: st.version,
    offeredVersion: st.offer.version,
    ske: st.serverKeyExchange,
    serverChain: st.serverChain,
    offeredGroups: st.offer.groups,
    settings: st.settings,
    provider: st.io.provider,
    ...(st.options.srpUsername !== undefined && { srp: { username: st.options.srpUsername, password: st.options.srpPassword ?? '' } }),
  });
  const message = new ClientKeyExchange(st.suite!.keyExchange, value, st.version === ProtocolVersion.SSL3);
  st.transcript.update(st.io.send(message).bytes);
  st.masterSecret = deriveMaster(st, premaster);
}

/** RFC 5246 8.1, RFC 7627 4: the (extended) master secret. */
function deriveMaster(st: ClientState, premaster: Uint8Array): Uint8Array {
  const prf = prfAlgorithm(st.version, st.suite!);
  if (st.useEms) return extendedMasterSecret(st.io.provider, prf, premaster, st.transcript.handshakeHash());
  return masterSecret(st.io.provider, prf, premaster, st.offer.hello.random, st.serverHello!.random);
}

/** RFC 5246 7.4.8: prove possession of the certificate's key. */
async function sendCertificateVerify(st: ClientState): Promise<void> {
  if (!st.sentCertificate) return;
  const signed = await signCertificateVerify({
    key: st.sentKey!,
    version: st.version,
    transcript: st.transcript,
    masterSecret: st.masterSecret!,
    peerSchemes: st.certificateRequest!.supportedSignatureAlgorithms,
    settings: st.settings,
    provider: st.io.provider,
  });
  st.transcript.update(st.io.send(new CertificateVerify(signed)).bytes);
}

/** RFC 5246 7.4.9 (and 7.1): ChangeCipherSpec, then Finished under the new keys. */
function sendClientFinished(st: ClientState): void {
  if (!st.resumed) installKeys(st.io, keyParams(st));
  st.io.sendChangeCipherSpec();
  if (st.npnSelected !== undefined) {
    // draft-agl-tls-nextprotoneg 3: NextProtocol between CCS and Finished, in the hash.
    st.transcript.update(st.io.send(new NextProtocol(st.npnSelected)).bytes);
    st.nextProto = st.npnSelected;
  }
  const verifyData = finishedVerifyData(st.io.provider, prfAlgorithm(st.version, st.suite!), st.masterSecret!, st.transcript, 'client');
  st.transcript.update(st.io.send(new Finished(verifyData)).bytes);
  st.io.flush();
}

// ---------------------------------------------------------------- server's last flight

/** RFC 5077 3.3: NewSessionTicket before the server's CCS when it promised one. */
async function readTicketIfPromised(st: ClientState): Promise<void> {
  if (!st.expectTicket) return;
  const message = await st.io.expect(NewSessionTicket);
  st.transcript.update(message.bytes);
  if (message.body.ticket.length > 0) {
    st.ticket = message.body.ticket;
    st.ticketLifetime = message.body.lifetime;
  }
}

/** RFC 5246 7.4.9: the server's Finished, checked in constant time (decrypt_error). */
async function readServerFinished(st: ClientState): Promise<void> {
  if (st.resumed) installKeys(st.io, keyParams(st));
  await st.io.expectChangeCipherSpec();
  const expected = finishedVerifyData(st.io.provider, prfAlgorithm(st.version, st.suite!), st.masterSecret!, st.transcript, 'server');
  const message = await st.io.expect(Finished);
  checkFinished(expected, message.body.verifyData);
  st.transcript.update(message.bytes);
}

// ---------------------------------------------------------------- helpers

function keyParams(st: ClientState) {
  return {
    version: st.version,
    suite: st.suite!,
    masterSecret: st.masterSecret!,
    clientRandom: st.offer.hello.random,
    serverRandom: st.serverHello!.random,
    encryptThenMac: st.useEtm,
    isClient: true,
    provider: st.io.provider,
  };
}

function result(st: ClientState): HandshakeResult {
  const hello = st.serverHello!;
  const suite = st.suite!;
  const previous = st.resumed ? st.offer.session : undefined;
  const session: Session = newSession({
    previous,
    sessionID: hello.sessionId,
    masterSecret: st.masterSecret!,
    cipherSuite: suite.id,
    version: st.version,
    serverCertChain: st.serverChain,
    clientCertChain: st.sentCertificate ? st.sentChain : undefined,
    serverName: st.options.serverName ?? previous?.serverName,
    extendedMasterSecret: st.useEms,
    encryptThenMAC: st.useEtm,
    appProto: st.nextProto,
    srpUsername: st.suite!.keyExchange.startsWith('srp_') ? st.options.srpUsername : undefined,
    ticket: st.ticket,
    ticketLifetime: st.ticketLifetime,
  });
  return {
    version: st.version,
    cipherSuite: suite.id,
    session,
    resumed: st.resumed,
    nextProto: st.nextProto,
    serverName: st.options.serverName,
    cipherImplementation: cipherImplementationOf(st.io.provider, suite),
    masterSecret: st.masterSecret!,
    clientRandom: st.offer.hello.random,
    serverRandom: hello.random,
    prfAlgorithm: prfAlgorithm(st.version, suite),
    keyExchange: keyExchangeInfo(st.resumed ? undefined : st.serverKeyExchange),
    ...(st.ocspResponse !== undefined && { ocspResponse: st.ocspResponse }),
    heartbeat: st.heartbeat,
  };
}

function isAnonymous(suite: CipherSuiteInfo): boolean {
  return suite.keyExchange === 'dh_anon' || suite.keyExchange === 'ecdh_anon';
}

/** RFC 5246 7.4.4: send a certificate only of a type the server listed. */
function certificateTypeAccepted(request: CertificateRequest, key: Key): boolean {
  // RFC 8422 5.5 / RFC 8446 4.2.3: ecdsa_sign also covers EdDSA keys.
  const wanted = key instanceof RSAKey ? ClientCertificateType.rsa_sign : ClientCertificateType.ecdsa_sign;
  return request.certificateTypes.includes(wanted);
}

