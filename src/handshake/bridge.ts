/**
 * The flows' adaptor to the building blocks: key exchanges
 * (key-exchange/*), signatures (signatures.ts), certificates
 * (x509/cert-chain.ts), sessions and tickets (session/*), and the record
 * layer's keys. Each function takes the flow's facts as one object, picks
 * the building block for the negotiated key exchange and turns the
 * building blocks' local failures into the protocol errors a peer's bad
 * input deserves, so the flows stay a list of steps.
 *
 * @module
 */
import { ProtocolVersion } from '../constants.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { RSAKey } from '../crypto/rsa/key.js';
import {
  TLSBadCertificate,
  TLSHandshakeFailure,
  TLSInternalError,
  TLSProtocolException,
} from '../errors.js';
import { CertificateVerify } from '../messages/certificate-verify.js';
import { ServerKeyExchange } from '../messages/server-key-exchange.js';
import type { ValidatedSettings } from '../settings.js';
import type { CertificateAlgorithm, CipherSuiteInfo, KeyExchangeName } from '../suites.js';
import { X509CertChain } from '../x509/cert-chain.js';
import { keyType, type Key } from '../x509/keys.js';
import { Session, Ticket } from '../session/session.js';
import { decryptTicket, encryptTicket, type TicketKeys } from '../session/ticket.js';
import type { HandshakeIO } from './io.js';
import { deriveKeyBlock } from './key-schedule.js';
import { chooseDhGroup, dhServerKeyShare } from './key-exchange/dhe.js';
import { chooseCurve, ecdhServerKeyShare } from './key-exchange/ecdhe.js';
import { rsaServerPremaster } from './key-exchange/rsa.js';
import { checkPeerKeySize, clientKeyExchange as dispatchClientKeyExchange } from './key-exchange/index.js';
import { isSrp, srpServerKeyShare, type SRPCredentials } from './key-exchange/srp.js';
import type { SRPVerifierEntry } from '../srp/entry.js';
import * as signatures from './signatures.js';
import type { HandshakeTranscript } from './transcript.js';

/** A peer's certificate chain as the session keeps it. */
export type PeerChain = X509CertChain;

// ---------------------------------------------------------------- certificates

/**
 * Parses the peer's Certificate list. RFC 5246 7.2.2: a certificate that
 * cannot be parsed is bad_certificate; a key we cannot use is
 * unsupported_certificate (reported as bad_certificate when the parser
 * cannot tell the two apart). The keys are bound to the connection's
 * provider, so a pure connection verifies with pure code too.
 */
export function certificateChainFromDER(certificates: readonly Uint8Array[], provider: CryptoProvider): PeerChain {
  try {
    return X509CertChain.fromDER(certificates, { provider });
  } catch (error) {
    if (error instanceof TLSProtocolException) throw error;
    throw new TLSBadCertificate(`certificate does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The DER certificates of our own chain, end-entity first. */
export function chainToDER(chain: X509CertChain): Uint8Array[] {
  return chain.toDERList();
}

/** The end-entity key of a peer's chain, bound to no particular provider. */
export function peerPublicKey(chain: PeerChain): Key {
  try {
    return chain.getEndEntityPublicKey();
  } catch (error) {
    throw new TLSBadCertificate(`unusable certificate key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The suites filter's name for our certificate's key (`filterForCertificate`). */
export function certificateAlgorithmOf(key: Key): CertificateAlgorithm {
  const type = keyType(key);
  if (type === 'ed25519') return 'Ed25519';
  if (type === 'ed448') return 'Ed448';
  return type;
}

// ---------------------------------------------------------------- key exchange, client side

/** The client's view of the key exchange. */
export interface ClientKeyExchangeInput {
  readonly keyExchange: KeyExchangeName;
  readonly version: number;
  /** client_version of our ClientHello (RFC 5246 7.4.7.1: it goes into the RSA premaster). */
  readonly offeredVersion: number;
  readonly ske: ServerKeyExchange | undefined;
  readonly serverChain: PeerChain | undefined;
  readonly offeredGroups: readonly number[];
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
  /** The user name and password of an SRP key exchange. */
  readonly srp?: SRPCredentials;
}

/**
 * The ClientKeyExchange value and the premaster secret: the server's RSA
 * key is checked against minKeySize/maxKeySize first, then the key
 * exchanges' own dispatcher does the work.
 */
export async function clientKeyExchange(input: ClientKeyExchangeInput): Promise<{ value: Uint8Array; premaster: Uint8Array }> {
  const serverKey = input.keyExchange === 'rsa' ? peerPublicKey(input.serverChain!) : undefined;
  if (serverKey) checkPeerKeySize(serverKey, input.settings);
  const { message, premaster } = dispatchClientKeyExchange(input.provider, input.version, input.keyExchange, {
    ...(input.ske !== undefined && { serverKeyExchange: input.ske }),
    ...(serverKey !== undefined && { serverKey }),
    clientVersion: input.offeredVersion,
    offeredGroups: input.offeredGroups,
    limits: input.settings,
    ...(input.srp !== undefined && { srp: input.srp }),
  });
  return { value: message.value, premaster };
}

/** Inputs to check a ServerKeyExchange signature. */
export interface VerifyServerKeyExchangeInput {
  readonly ske: ServerKeyExchange;
  readonly version: number;
  readonly clientRandom: Uint8Array;
  readonly serverRandom: Uint8Array;
  readonly publicKey: Key;
  readonly offeredSchemes: readonly number[];
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
}

/** RFC 5246 7.4.3: the signature over the randoms and the parameters. */
export async function verifyServerKeyExchange(input: VerifyServerKeyExchangeInput): Promise<void> {
  signatures.verifyServerKeyExchange(
    input.provider,
    input.version,
    input.publicKey,
    input.ske,
    input.clientRandom,
    input.serverRandom,
    input.offeredSchemes,
  );
}

/** Inputs to sign our CertificateVerify. */
export interface SignCertificateVerifyInput {
  readonly key: Key;
  readonly version: number;
  readonly transcript: HandshakeTranscript;
  readonly masterSecret: Uint8Array;
  readonly peerSchemes: readonly number[] | undefined;
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
}

/** RFC 5246 7.4.8: our CertificateVerify signature (a scheme the server listed in TLS 1.2). */
export async function signCertificateVerify(input: SignCertificateVerifyInput) {
  const scheme =
    input.version >= ProtocolVersion.TLS1_2
      ? signatures.chooseSignatureScheme(input.settings, input.key, input.peerSchemes ?? [])
      : undefined;
  const message = await signatures.signCertificateVerify(input.version, input.key, scheme, input.transcript, input.masterSecret);
  return message.signed;
}

// ---------------------------------------------------------------- key exchange, server side

/** The server's ephemeral key exchange state. */
export interface ServerKeyExchangeResult {
  readonly message: ServerKeyExchange;
  /** The premaster from the client's ClientKeyExchange value. */
  complete(clientValue: Uint8Array): Promise<Uint8Array>;
}

/** Inputs for the server's ServerKeyExchange. */
export interface ServerKeyExchangeInput {
  readonly keyExchange: KeyExchangeName;
  readonly version: number;
  readonly curves: readonly number[];
  readonly ffdheGroups: readonly number[];
  readonly clientNamedFfdhe: boolean;
  readonly clientRandom: Uint8Array;
  readonly serverRandom: Uint8Array;
  readonly clientSchemes: readonly number[] | undefined;
  readonly privateKey: Key | undefined;
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
  /** The client's verifier, for an SRP key exchange (RFC 5054 2.5.3). */
  readonly srp?: SRPVerifierEntry;
}

/** RFC 5246 7.4.3, RFC 8422 5.4, RFC 7919 4: our ephemeral parameters, signed unless anonymous. */
export async function serverKeyExchange(input: ServerKeyExchangeInput): Promise<ServerKeyExchangeResult> {
  const { keyExchange, provider, settings } = input;
  const ecdh = keyExchange === 'ecdhe_rsa' || keyExchange === 'ecdhe_ecdsa' || keyExchange === 'ecdh_anon';
  let share;
  if (isSrp(keyExchange)) {
    if (input.srp === undefined) throw new TLSInternalError('SRP key exchange without the user\'s verifier');
    share = srpServerKeyShare(provider, input.srp);
  } else if (ecdh) {
    const curve = chooseCurve(input.curves.length > 0 ? input.curves : undefined, settings);
    if (curve === undefined) throw new TLSHandshakeFailure('no curve in common');
    share = ecdhServerKeyShare(provider, curve);
  } else {
    const group = chooseDhGroup(input.clientNamedFfdhe ? input.ffdheGroups : undefined, settings);
    if (group === undefined) throw new TLSHandshakeFailure('no FFDHE group in common');
    share = dhServerKeyShare(provider, group);
  }
  const anonymous = keyExchange === 'dh_anon' || keyExchange === 'ecdh_anon' || keyExchange === 'srp_sha';
  let message: ServerKeyExchange;
  if (anonymous) {
    message = new ServerKeyExchange(keyExchange, share.params);
  } else {
    const key = input.privateKey!;
    const scheme =
      input.version >= ProtocolVersion.TLS1_2 ? signatures.chooseSignatureScheme(settings, key, input.clientSchemes) : undefined;
    message = await signatures.signServerKeyExchange(
      provider,
      input.version,
      key,
      scheme,
      input.clientRandom,
      input.serverRandom,
      keyExchange,
      share.params,
    );
  }
  return { message, complete: async (value) => share.premaster(value) };
}

/**
 * RFC 5246 7.4.7.1: the premaster from an RSA ClientKeyExchange, with the
 * Bleichenbacher countermeasure (a random premaster on any failure, the
 * version check folded in; `RSAKey.decryptPremaster`).
 */
export function decryptRsaPremaster(key: Key, ciphertext: Uint8Array, clientVersion: number): Promise<Uint8Array> {
  if (!(key instanceof RSAKey)) throw new TLSInternalError('RSA key exchange without an RSA key');
  return rsaServerPremaster(key, ciphertext, clientVersion);
}

/** Inputs to check a client's CertificateVerify. */
export interface VerifyCertificateVerifyInput {
  readonly signed: CertificateVerify['signed'];
  readonly publicKey: Key;
  readonly version: number;
  readonly transcript: HandshakeTranscript;
  readonly masterSecret: Uint8Array;
  readonly offeredSchemes: readonly number[] | undefined;
  readonly settings: ValidatedSettings;
  readonly provider: CryptoProvider;
}

/** RFC 5246 7.4.8: the client's signature over the handshake so far. */
export async function verifyCertificateVerify(input: VerifyCertificateVerifyInput): Promise<void> {
  signatures.verifyCertificateVerify(
    input.version,
    input.publicKey,
    new CertificateVerify(input.signed),
    input.transcript,
    input.offeredSchemes ?? [],
    input.masterSecret,
  );
}

// ---------------------------------------------------------------- keys

/** What the key block needs. */
export interface KeyParams {
  readonly version: number;
  readonly suite: CipherSuiteInfo;
  readonly masterSecret: Uint8Array;
  readonly clientRandom: Uint8Array;
  readonly serverRandom: Uint8Array;
  readonly encryptThenMac: boolean;
  readonly isClient: boolean;
  readonly provider: CryptoProvider;
}

/** RFC 5246 6.3: the key block, installed as the pending states of both directions. */
export function installKeys(io: HandshakeIO, params: KeyParams): void {
  const { spec, keyBlock } = deriveKeyBlock(
    params.provider,
    params.version,
    params.suite,
    params.masterSecret,
    params.clientRandom,
    params.serverRandom,
    params.encryptThenMac,
  );
  io.installKeyBlock({ version: params.version, spec, keyBlock, isClient: params.isClient });
  io.keyLog('CLIENT_RANDOM', params.masterSecret);
}

/** "native" or "pure": which implementation serves the suite's bulk cipher. */
export function cipherImplementationOf(provider: CryptoProvider, suite: CipherSuiteInfo): string {
  switch (suite.cipher) {
    case 'aes128':
    case 'aes256':
    case '3des':
      return provider.blockCiphers[suite.cipher].implementation;
    case 'rc4':
    case 'null':
      return provider.streamCiphers[suite.cipher].implementation;
    default:
      return provider.aeads[suite.cipher].implementation;
  }
}

// ---------------------------------------------------------------- sessions

/** The facts a session records. */
export interface SessionFields {
  /** The session being resumed, whose other fields carry over. */
  readonly previous?: Session;
  readonly sessionID: Uint8Array;
  readonly masterSecret: Uint8Array;
  readonly cipherSuite: number;
  readonly version: number;
  readonly serverCertChain?: X509CertChain;
  readonly clientCertChain?: X509CertChain;
  readonly serverName?: string;
  readonly extendedMasterSecret: boolean;
  readonly encryptThenMAC: boolean;
  readonly appProto?: Uint8Array;
  /** The SRP user name (RFC 5054), when the key exchange was SRP. */
  readonly srpUsername?: string;
  /** A ticket the server just issued us (RFC 5077 3.3). */
  readonly ticket?: Uint8Array;
  readonly ticketLifetime?: number;
}

/** A Session from the handshake's facts. */
export function newSession(fields: SessionFields): Session {
  return makeSession(fields);
}

/** Seals `session` into an RFC 5077 ticket (RFC 5077 4: the server's own format). */
export function sealTicket(keys: TicketKeys, session: Session): Uint8Array {
  return encryptTicket(keys, session);
}

/**
 * Opens a ticket from the network (RFC 5077 3.4): null when it is not
 * ours, was altered, or is older than `lifetime` seconds; the client then
 * gets a full handshake, never an alert.
 */
export function openTicket(keys: TicketKeys, ticket: Uint8Array, lifetime: number): Session | null {
  return decryptTicket(keys, ticket, lifetime);
}

/**
 * The session of a handshake: a resumed one keeps what the original
 * handshake learnt (peer chains, SNI, protocol); a ticket just received
 * replaces the ones held (RFC 5077 3.3: the client uses the newest).
 */
function makeSession(fields: SessionFields): Session {
  const previous = fields.previous;
  const tickets =
    fields.ticket !== undefined
      ? [new Ticket(fields.ticket, fields.ticketLifetime ?? 0, fields.masterSecret, fields.cipherSuite)]
      : (previous?.tls10Tickets ?? null);
  return Session.from({
    sessionID: fields.sessionID.slice(),
    masterSecret: fields.masterSecret.slice(),
    cipherSuite: fields.cipherSuite,
    version: fields.version,
    serverCertChain: fields.serverCertChain ?? previous?.serverCertChain ?? null,
    clientCertChain: fields.clientCertChain ?? previous?.clientCertChain ?? null,
    serverName: fields.serverName ?? previous?.serverName ?? '',
    extendedMasterSecret: fields.extendedMasterSecret,
    encryptThenMAC: fields.encryptThenMAC,
    appProto: fields.appProto ?? previous?.appProto ?? new Uint8Array(0),
    srpUsername: fields.srpUsername ?? previous?.srpUsername ?? '',
    tls10Tickets: tickets,
  });
}

/** The newest ticket of `session` still within its lifetime hint, if any. */
export function usableTicket(session: Session): Uint8Array | undefined {
  const tickets = session.tls10Tickets ?? [];
  for (let i = tickets.length - 1; i >= 0; i--) {
    const t = tickets[i]!;
    // RFC 5077 3.3: a lifetime of 0 means unspecified.
    if (t.ticketLifetime === 0 || t.valid()) return t.ticket;
  }
  return undefined;
}
