/**
 * The client side of the TLS 1.3 handshake (RFC 8446 2, 4), entered once
 * the ServerHello (or HelloRetryRequest) answering our ClientHello chose
 * TLS 1.3:
 *
 *     ClientHello          -------->
 *                                                 ServerHello
 *                                       {EncryptedExtensions}
 *                                       {CertificateRequest*}
 *                                              {Certificate}
 *                                        {CertificateVerify}
 *                          <--------              {Finished}
 *     [ChangeCipherSpec]
 *     {Certificate*}
 *     {CertificateVerify*}
 *     {Finished}           -------->
 *                          <--------   [NewSessionTicket*] (post-handshake)
 *
 * with a HelloRetryRequest first when the server wants another key share
 * or a cookie (RFC 8446 4.1.4). The ChangeCipherSpec is the middlebox
 * compatibility one (RFC 8446 D.4), sent because we send a session ID.
 *
 * @module
 */
import { ExtensionType, GroupName, ProtocolVersion, PskKeyExchangeMode } from '../../constants.js';
import {
  TLSDecodeError,
  TLSIllegalParameterException,
  TLSMissingExtension,
  TLSUnexpectedMessage,
  TLSUnsupportedExtension,
} from '../../errors.js';
import { Certificate } from '../../messages/certificate.js';
import { CertificateRequest } from '../../messages/certificate-request.js';
import { CertificateVerify } from '../../messages/certificate-verify.js';
import { ClientHello } from '../../messages/client-hello.js';
import { EncryptedExtensions } from '../../messages/encrypted-extensions.js';
import { CookieExtension } from '../../messages/extensions/cookie.js';
import type { Extension } from '../../messages/extensions/extension.js';
import { KeyShareExtension } from '../../messages/extensions/key-share.js';
import { Extensions } from '../../messages/extensions/list.js';
import { defaultExtensionRegistry, type ExtensionRegistry } from '../../messages/extensions/registry.js';
import { Finished } from '../../messages/finished.js';
import type { HandshakeMessage } from '../../messages/handshake-message.js';
import type { NewSessionTicket } from '../../messages/new-session-ticket.js';
import { ServerHello } from '../../messages/server-hello.js';
import type { ValidatedSettings } from '../../settings.js';
import { Session } from '../../session/session.js';
import { suiteInfo, type CipherSuiteInfo } from '../../suites.js';
import type { X509CertChain } from '../../x509/cert-chain.js';
import { candidatesOf } from '../certificate-select.js';
import { ocspFromEntry } from '../ocsp.js';
import { certificateChainFromDER, cipherImplementationOf, peerPublicKey, type PeerChain } from '../bridge.js';
import type { HandshakeIO } from '../io.js';
import { checkPeerKeySize } from '../key-exchange/index.js';
import { checkFinished13, finishedVerifyData13, KeySchedule13, ticketPsk } from '../key-schedule13.js';
import { clientShare13, type ClientShare13 } from '../key-share13.js';
import { helloWithBinders, type OfferedPsk } from '../psk13.js';
import type { PreSharedKeyExtension } from '../../messages/extensions/pre-shared-key.js';
import type { ClientHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { equalBytes, serverAlpnChoice } from '../shared.js';
import { tls13SignatureSchemes, verifyCertificateVerify13 } from '../signatures13.js';
import { answerCertificateRequest13, requestedSchemes13 } from '../client-auth13.js';
import { enableClientPostHandshakeAuth13 } from '../post-handshake-auth13.js';
import { applicationSecrets13, handshakeSecrets13, hashOf, PostHandshake13, trafficState, type Ticket13 } from '../tls13-shared.js';
import { Transcript13 } from '../transcript13.js';
import type { ClientOffer, ClientOffer13 } from './hello.js';
import { EndOfEarlyData } from '../../messages/end-of-early-data.js';
import { NullProtection } from '../../record/protection/index.js';
import { checkEarlyDataAccepted, type EarlyDataOffer } from '../early-data13.js';
import { acceptRecordSizeLimit } from '../record-size-limit.js';
import { acceptHeartbeat, type HeartbeatAgreement } from '../heartbeat.js';

/** Where the TLS 1.3 client starts: the hello sent and the server's answer read. */
export interface Client13Start {
  readonly io: HandshakeIO;
  readonly options: ClientHandshakeOptions;
  readonly settings: ValidatedSettings;
  readonly offer: ClientOffer;
  /** The ClientHello as sent, header included. */
  readonly helloBytes: Uint8Array;
  readonly serverHello: HandshakeMessage<ServerHello>;
}

interface ClientState13 {
  /** The server's CertificateVerify scheme (for reports). */
  serverScheme?: number;
  readonly io: HandshakeIO;
  readonly options: ClientHandshakeOptions;
  readonly settings: ValidatedSettings;
  readonly offer: ClientOffer;
  readonly offer13: ClientOffer13;
  readonly transcript: Transcript13;
  hello: ClientHello;
  /** Extension types of the ClientHello in force (after a retry, the second one). */
  extensionTypes: ReadonlySet<number>;
  keyShares: readonly ClientShare13[];
  ccsSent: boolean;
  retried?: ServerHello;
  serverHello?: ServerHello;
  suite?: CipherSuiteInfo;
  schedule?: KeySchedule13;
  clientHandshakeSecret?: Uint8Array;
  serverHandshakeSecret?: Uint8Array;
  nextProto?: Uint8Array;
  certificateRequest?: CertificateRequest;
  serverChain?: PeerChain;
  sentCertificate: boolean;
  clientAppSecret?: Uint8Array;
  serverAppSecret?: Uint8Array;
  exporterSecret?: Uint8Array;
  /** The PSKs in the ClientHello in force. */
  psks: readonly OfferedPsk[];
  /** The PSK the server accepted. */
  psk?: OfferedPsk;
  /** Early data sent with the ClientHello, until the server rejects it (early-data13.ts). */
  early?: EarlyDataOffer;
  earlyAccepted: boolean;
  /** The stapled OCSP response (RFC 8446 4.4.2.1). */
  ocspResponse?: Uint8Array;
  /** The chain we authenticated with. */
  sentChain?: X509CertChain;
  heartbeat?: HeartbeatAgreement;
}

/** Runs the rest of a TLS 1.3 client handshake. */
export async function clientHandshake13(start: Client13Start): Promise<HandshakeResult> {
  const offer13 = start.offer.tls13;
  if (offer13 === undefined) throw new TLSIllegalParameterException('the server chose TLS 1.3, which we did not offer');
  const st: ClientState13 = {
    io: start.io,
    options: start.options,
    settings: start.settings,
    offer: start.offer,
    offer13,
    transcript: new Transcript13(start.io.provider),
    hello: start.offer.hello,
    extensionTypes: start.offer.extensionTypes,
    keyShares: offer13.keyShares,
    // RFC 8446 D.4: with early data the compatibility ChangeCipherSpec already followed the ClientHello.
    ccsSent: offer13.early !== undefined && start.offer.hello.sessionId.length > 0,
    sentCertificate: false,
    psks: offer13.psks,
    early: offer13.early,
    earlyAccepted: false,
  };
  st.transcript.update(start.helloBytes);
  let serverHello = start.serverHello;
  if (serverHello.body.isHelloRetryRequest) {
    await retryHello(st, serverHello);
    serverHello = await st.io.expect(ServerHello);
    if (serverHello.body.isHelloRetryRequest) throw new TLSUnexpectedMessage('a second HelloRetryRequest');
  }
  readServerHello(st, serverHello);
  await readEncryptedExtensions(st);
  // RFC 8446 2.2: with a PSK the server does not authenticate with a certificate.
  if (st.psk === undefined) await readServerAuthentication(st);
  await readServerFinished(st);
  await sendClientFlight(st);
  return result(st);
}

// ---------------------------------------------------------------- ServerHello and HelloRetryRequest

/**
 * RFC 8446 4.1.3, 4.1.4, 4.2.1: the checks a ServerHello and a
 * HelloRetryRequest share. Returns the suite.
 */
function checkHelloCommon(st: ClientState13, hello: ServerHello, message: 'server_hello' | 'hello_retry_request'): CipherSuiteInfo {
  const ext = hello.extensions;
  const selected = ext?.supportedVersions?.versions[0];
  // RFC 8446 4.2.1: a version we did not offer, or below TLS 1.3, is illegal_parameter.
  if (selected !== ProtocolVersion.TLS1_3 || !st.offer13.versions.includes(selected)) {
    throw new TLSIllegalParameterException(`supported_versions selected ${ProtocolVersion.nameOf(selected ?? 0)}`);
  }
  if (hello.serverVersion !== ProtocolVersion.TLS1_2) throw new TLSIllegalParameterException('legacy_version is not 0x0303');
  // RFC 8446 4.1.3: the session ID must be echoed; compression must be 0.
  if (!equalBytes(hello.sessionId, st.hello.sessionId)) throw new TLSIllegalParameterException('legacy_session_id_echo does not match');
  if (hello.compressionMethod !== 0) throw new TLSIllegalParameterException('legacy_compression_method is not 0');
  if (!st.offer13.suites.includes(hello.cipherSuite)) throw new TLSIllegalParameterException('the server chose a suite we did not offer');
  checkExtensions(st, ext!, message);
  return suiteInfo(hello.cipherSuite)!;
}

/**
 * RFC 8446 4.2: an extension we recognise that does not belong in this
 * message is illegal_parameter; one we did not offer is unsupported_extension.
 */
function checkExtensions(st: ClientState13, ext: Extensions, message: Parameters<ExtensionRegistry['misplaced']>[0]): void {
  const misplaced = defaultExtensionRegistry.misplaced(message, ext.types);
  if (misplaced.length > 0) throw new TLSIllegalParameterException(`${ExtensionType.nameOf(misplaced[0]!)} is not allowed in ${message}`);
  for (const type of ext.types) {
    // RFC 8446 4.1.4: the cookie of a HelloRetryRequest is the one extension the client did not send first.
    if (type === ExtensionType.cookie && message === 'hello_retry_request') continue;
    if (!st.extensionTypes.has(type)) throw new TLSUnsupportedExtension(`${ExtensionType.nameOf(type)} was not offered`);
  }
}

/** RFC 8446 4.1.4: answer a HelloRetryRequest with a second ClientHello. */
async function retryHello(st: ClientState13, message: HandshakeMessage<ServerHello>): Promise<void> {
  const hrr = message.body;
  const suite = checkHelloCommon(st, hrr, 'hello_retry_request');
  const ext = hrr.extensions!;
  const group = ext.keyShare?.selectedGroup;
  const cookie = ext.cookie?.cookie;
  // RFC 8446 4.1.4: an HRR that would not change the ClientHello is illegal_parameter.
  if (group === undefined && cookie === undefined) throw new TLSIllegalParameterException('HelloRetryRequest asks for nothing');
  if (group !== undefined) {
    // RFC 8446 4.2.8: a group we offered, and not one we already sent a share for.
    if (!st.offer13.groups.includes(group)) throw new TLSIllegalParameterException(`HelloRetryRequest selected ${GroupName.nameOf(group)}, which we did not offer`);
    if (st.keyShares.some((k) => k.group === group)) throw new TLSIllegalParameterException(`HelloRetryRequest selected ${GroupName.nameOf(group)}, for which we sent a share`);
    st.keyShares = [clientShare13(st.io.provider, group)];
  }
  st.retried = hrr;
  st.suite = suite;
  if (st.early !== undefined) {
    // RFC 8446 4.2.10: a HelloRetryRequest rejects early data; the second ClientHello is in the clear.
    st.early = undefined;
    st.io.setWriteState(new NullProtection());
  }
  st.transcript.select(hashOf(suite));
  st.transcript.replaceWithMessageHash();
  st.transcript.update(message.bytes);
  st.io.setRecordVersion(ProtocolVersion.TLS1_3, false);

  // The same hello with the new share and the cookie (RFC 8446 4.1.2).
  const extensions: Extension[] = [];
  for (const entry of st.hello.extensions!.entries) {
    if (entry.type === ExtensionType.key_share) {
      extensions.push(new KeyShareExtension('client_hello', st.keyShares.map((k) => ({ group: k.group, keyExchange: k.keyExchange }))));
    } else if (entry.type !== ExtensionType.early_data && entry.type !== ExtensionType.padding) {
      extensions.push(entry.extension);
    }
  }
  // The cookie goes before pre_shared_key, which must stay last (RFC 8446 4.2.11).
  const pskAt = extensions.findIndex((e) => e.type === ExtensionType.pre_shared_key);
  if (pskAt >= 0) extensions.splice(pskAt, 1);
  if (cookie !== undefined) extensions.push(new CookieExtension(cookie));
  const first = st.hello;
  const build = (psk?: PreSharedKeyExtension) =>
    new ClientHello({
      clientVersion: first.clientVersion,
      random: first.random,
      sessionId: first.sessionId,
      cipherSuites: first.cipherSuites,
      extensions: Extensions.of(psk === undefined ? extensions : [...extensions, psk], { message: 'client_hello', version: first.clientVersion }),
    });
  // RFC 8446 4.1.4: PSKs whose hash is not the suite's cannot be used any more; the rest get new binders.
  st.psks = st.psks.filter((p) => p.hash === hashOf(suite));
  st.hello = st.psks.length > 0 ? helloWithBinders(st.io.provider, st.psks, build, st.transcript) : build();
  st.extensionTypes = new Set(st.hello.extensions!.types);
  sendCompatibilityCCS(st);
  st.transcript.update(st.io.send(st.hello).bytes);
  st.io.flush();
}

function sendCompatibilityCCS(st: ClientState13): void {
  // RFC 8446 D.4: once, before the second flight, when we sent a session ID.
  if (st.ccsSent || st.hello.sessionId.length === 0) return;
  st.io.sendChangeCipherSpec();
  st.ccsSent = true;
}

function readServerHello(st: ClientState13, message: HandshakeMessage<ServerHello>): void {
  const hello = message.body;
  const suite = checkHelloCommon(st, hello, 'server_hello');
  // RFC 8446 4.1.4: the suite of the ServerHello must be the HelloRetryRequest's.
  if (st.retried !== undefined && hello.cipherSuite !== st.retried.cipherSuite) {
    throw new TLSIllegalParameterException('the ServerHello changed the suite of the HelloRetryRequest');
  }
  const selected = hello.extensions!.preSharedKey?.selectedIdentity;
  if (selected !== undefined) {
    // RFC 8446 4.2.11: an identity we offered, whose hash is the suite's.
    const psk = st.psks[selected];
    if (psk === undefined) throw new TLSIllegalParameterException(`the server selected PSK ${selected}, which we did not offer`);
    if (psk.hash !== hashOf(suite)) throw new TLSIllegalParameterException('the server selected a PSK whose hash is not the suite\'s');
    st.psk = psk;
  }
  const share = hello.extensions!.keyShare?.shares[0];
  let shared: Uint8Array | undefined;
  if (share === undefined) {
    // psk_ke (RFC 8446 4.2.9): only with a PSK, and only if we offered that mode.
    if (st.psk === undefined) throw new TLSMissingExtension('ServerHello without key_share');
    if (!st.hello.extensions?.pskKeyExchangeModes?.modes.includes(PskKeyExchangeMode.psk_ke)) {
      throw new TLSMissingExtension('ServerHello without key_share, and we did not offer psk_ke');
    }
  } else {
    const mine = st.keyShares.find((k) => k.group === share.group);
    // RFC 8446 4.2.8: the server's group must be one we sent a share for.
    if (mine === undefined) throw new TLSIllegalParameterException(`the server's key share is for ${GroupName.nameOf(share.group)}, which we did not send`);
    shared = mine.complete(share.keyExchange);
  }
  st.serverHello = hello;
  st.suite = suite;
  st.transcript.select(hashOf(suite));
  st.transcript.update(message.bytes);
  st.io.setRecordVersion(ProtocolVersion.TLS1_3, false);
  const secrets = handshakeSecrets13(st.io, hashOf(suite), st.psk?.secret, shared, st.transcript.digest());
  st.schedule = secrets.schedule;
  st.clientHandshakeSecret = secrets.client;
  st.serverHandshakeSecret = secrets.server;
  st.io.setReadState(trafficState(st.io.provider, suite, secrets.server, 'read'));
  // Our records from here on (an alert about the server's flight included)
  // are under our handshake keys, after the compatibility ChangeCipherSpec.
  sendCompatibilityCCS(st);
  // With early data sent, our records stay under the early keys until EncryptedExtensions says whether the server took them.
  if (st.early === undefined) st.io.setWriteState(trafficState(st.io.provider, suite, secrets.client, 'write', st.settings.paddingCb));
}

// ---------------------------------------------------------------- the server's encrypted flight

async function readEncryptedExtensions(st: ClientState13): Promise<void> {
  const message = await st.io.expect(EncryptedExtensions);
  const ext = message.body.extensions;
  checkExtensions(st, ext, 'encrypted_extensions');
  const alpn = serverAlpnChoice(st.offer.alpn, ext.alpn);
  if (alpn !== undefined) st.nextProto = alpn;
  // RFC 6520 2 (RFC 8446 4.2 lists heartbeat for EE).
  st.heartbeat = acceptHeartbeat(ext.heartbeat);
  // RFC 8449 4: the server's limit binds our records from here on (our Finished is the first).
  const limits = acceptRecordSizeLimit(st.settings, ext.recordSizeLimit, ProtocolVersion.TLS1_3);
  if (limits !== undefined) st.io.setRecordSizeLimit(limits.send, limits.receive);
  st.transcript.update(message.bytes);
  if (st.early !== undefined) {
    if (ext.earlyData !== undefined) {
      checkEarlyDataAccepted(st.early, st.serverHello!.extensions!.preSharedKey?.selectedIdentity, st.suite!.id, st.nextProto);
      st.earlyAccepted = true;
    } else {
      // Rejected: nothing of it was delivered (the application may send it again).
      st.early = undefined;
      st.io.setWriteState(trafficState(st.io.provider, st.suite!, st.clientHandshakeSecret!, 'write', st.settings.paddingCb));
    }
  }
}

/** RFC 8446 4.3.2, 4.4.2, 4.4.3: an optional CertificateRequest, the Certificate and its CertificateVerify. */
async function readServerAuthentication(st: ClientState13): Promise<void> {
  let message: HandshakeMessage = await st.io.expectOneOf([CertificateRequest, Certificate]);
  if (message.body instanceof CertificateRequest) {
    const request = message.body;
    requestedSchemes13(request);
    st.certificateRequest = request;
    st.transcript.update(message.bytes);
    message = await st.io.expect(Certificate);
  }
  const certificate = message.body as Certificate;
  // RFC 8446 4.4.2: the context is empty in the handshake; the list is not (4.4.2.4: decode_error).
  if ((certificate.certificateRequestContext?.length ?? 0) !== 0) throw new TLSIllegalParameterException('server Certificate with a request context');
  if (certificate.entries.length === 0) throw new TLSDecodeError('the server sent an empty Certificate');
  for (const entry of certificate.entries) {
    for (const type of entry.extensions?.types ?? []) {
      // RFC 8446 4.4.2: only extensions the client offered (we request none per certificate).
      if (!st.extensionTypes.has(type)) throw new TLSUnsupportedExtension(`certificate entry with ${ExtensionType.nameOf(type)}`);
    }
  }
  // RFC 8446 4.4.2.1: the OCSP response in the end-entity entry's status_request.
  st.ocspResponse = ocspFromEntry(certificate.entries[0]!.extensions?.statusRequest);
  st.serverChain = certificateChainFromDER(certificate.certificates, st.io.provider);
  const key = peerPublicKey(st.serverChain);
  checkPeerKeySize(key, st.settings);
  st.transcript.update(message.bytes);

  const cv = await st.io.expect(CertificateVerify);
  st.serverScheme = cv.body.signed.algorithm;
  verifyCertificateVerify13(st.io.provider, key, cv.body, 'server', st.transcript.digest(), tls13SignatureSchemes(st.settings));
  st.transcript.update(cv.bytes);
}

async function readServerFinished(st: ClientState13): Promise<void> {
  const hash = hashOf(st.suite!);
  const expected = finishedVerifyData13(st.io.provider, hash, st.serverHandshakeSecret!, st.transcript.digest());
  const message = await st.io.expect(Finished);
  checkFinished13(expected, message.body.verifyData, 'server Finished');
  st.transcript.update(message.bytes);
  const app = applicationSecrets13(st.io, st.schedule!, st.transcript.digest());
  st.clientAppSecret = app.client;
  st.serverAppSecret = app.server;
  st.exporterSecret = app.exporter;
}

// ---------------------------------------------------------------- our second flight

async function sendClientFlight(st: ClientState13): Promise<void> {
  const suite = st.suite!;
  const provider = st.io.provider;
  const request = st.certificateRequest;
  if (st.earlyAccepted) {
    // RFC 8446 4.5: EndOfEarlyData, the last message under the early keys.
    st.transcript.update(st.io.send(new EndOfEarlyData()).bytes);
    st.io.setWriteState(trafficState(provider, suite, st.clientHandshakeSecret!, 'write', st.settings.paddingCb));
  }
  if (request !== undefined) {
    const answer = await answerCertificateRequest13(provider, st.settings, candidatesOf(st.options), request, st.transcript);
    st.io.send(answer.certificate);
    if (answer.certificateVerify !== undefined) {
      st.io.send(answer.certificateVerify);
      st.sentCertificate = true;
      st.sentChain = answer.chain;
    }
  }
  const verifyData = finishedVerifyData13(provider, hashOf(suite), st.clientHandshakeSecret!, st.transcript.digest());
  st.transcript.update(st.io.send(new Finished(verifyData)).bytes);
  st.io.setWriteState(trafficState(provider, suite, st.clientAppSecret!, 'write', st.settings.paddingCb));
  st.io.setReadState(trafficState(provider, suite, st.serverAppSecret!, 'read'));
  st.io.flush();
}

// ---------------------------------------------------------------- result

function result(st: ClientState13): HandshakeResult {
  const suite = st.suite!;
  const provider = st.io.provider;
  const hash = hashOf(suite);
  const schedule = st.schedule!;
  const resumptionMaster = schedule.resumptionMasterSecret(st.transcript.digest());
  const tickets: Ticket13[] = [];
  // A resumption keeps what the original handshake learnt of the server.
  const previous = st.psk !== undefined && !st.psk.external ? st.options.session : undefined;
  const session = new Session().create({
    sessionID: st.hello.sessionId.slice(),
    cipherSuite: suite.id,
    version: ProtocolVersion.TLS1_3,
    serverCertChain: st.serverChain ?? previous?.serverCertChain ?? null,
    clientCertChain: st.sentCertificate ? (st.sentChain ?? null) : null,
    serverName: st.options.serverName ?? '',
    appProto: st.nextProto ?? new Uint8Array(0),
    clAppSecret: st.clientAppSecret!,
    srAppSecret: st.serverAppSecret!,
    exporterMasterSecret: st.exporterSecret!,
    resumptionMasterSecret: resumptionMaster,
    clHandshakeTrafficSecret: st.clientHandshakeSecret!,
    srHandshakeTrafficSecret: st.serverHandshakeSecret!,
    tickets,
  });
  const onTicket = (message: NewSessionTicket) => {
    const fields = message.tls13;
    // RFC 8446 4.6.1: a lifetime of 0 means the ticket must not be used.
    if (fields === undefined || message.lifetime === 0) return;
    tickets.push({
      ticket: message.ticket,
      lifetime: Math.min(message.lifetime, 7 * 24 * 3600),
      ageAdd: fields.ticketAgeAdd,
      psk: ticketPsk(provider, hash, resumptionMaster, fields.ticketNonce),
      cipherSuite: suite.id,
      receivedAt: Date.now(),
      // RFC 8446 4.6.1: how much early data the ticket allows (none without the extension).
      maxEarlyData: fields.extensions.earlyData?.maxEarlyDataSize ?? 0,
    });
  };
  const post = new PostHandshake13(st.io, suite, true, st.serverAppSecret!, st.clientAppSecret!, onTicket, st.settings.paddingCb);
  const offeredPha = st.hello.extensions?.postHandshakeAuth !== undefined;
  enableClientPostHandshakeAuth13(post, offeredPha, st.io, st.settings, suite, st.transcript, candidatesOf(st.options), session);
  return {
    version: ProtocolVersion.TLS1_3,
    cipherSuite: suite.id,
    session,
    resumed: st.psk !== undefined,
    earlyDataAccepted: st.earlyAccepted,
    nextProto: st.nextProto,
    serverName: st.options.serverName,
    cipherImplementation: cipherImplementationOf(provider, suite),
    masterSecret: new Uint8Array(0),
    clientRandom: st.hello.random,
    serverRandom: st.serverHello!.random,
    prfAlgorithm: hash,
    // For reports (tls.py's "Group used for key exchange", "Key exchange signature").
    keyExchange: {
      ...(st.serverHello?.extensions?.keyShare?.shares[0] !== undefined && { group: st.serverHello.extensions.keyShare.shares[0].group }),
      ...(st.serverScheme !== undefined && { signatureScheme: st.serverScheme }),
    },
    ...(st.ocspResponse !== undefined && { ocspResponse: st.ocspResponse }),
    heartbeat: st.heartbeat,
    tls13: { hash, exporterMasterSecret: st.exporterSecret!, post },
  };
}
