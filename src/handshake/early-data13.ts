/**
 * TLS 1.3 early data (0-RTT, RFC 8446 2.3, 4.2.10, 4.5): the steps the
 * client and server flows (client/tls13.ts, server/tls13.ts) add for it.
 *
 *     ClientHello + early_data + pre_shared_key
 *     (Application Data*)   -------->            (client_early_traffic_secret)
 *                                                  ServerHello
 *                                        {EncryptedExtensions + early_data}
 *                                                   {Finished}
 *                           <--------
 *     (EndOfEarlyData)
 *     {Finished}            -------->
 *
 * Client: early data is sent only with the first PSK offered, a ticket
 * whose max_early_data_size covers it, with the ticket's suite on offer
 * and its ALPN protocol among ours (4.2.10: the 0-RTT parameters are the
 * ticket's). It is never resent automatically.
 *
 * Server: it accepts when the application opted in, the first PSK (a
 * ticket of ours that offered early data) was accepted without a
 * HelloRetryRequest, with the ticket's suite and ALPN protocol (4.2.10),
 * within the ticket age tolerance (psk13.ts). Otherwise the early data is
 * skipped (record/early-data-skip.ts), at most `maxEarlyData` bytes or
 * what the ticket offered.
 *
 * Replay: nothing here protects early data against replay (RFC 8446 8,
 * E.5); the application must (see `ServerHandshakeOptions.acceptEarlyData`).
 *
 * @module
 */
import { ProtocolVersion } from '../constants.js';
import { TLSIllegalParameterException, TLSUnexpectedMessage } from '../errors.js';
import type { ClientHello } from '../messages/client-hello.js';
import { EndOfEarlyData } from '../messages/end-of-early-data.js';
import type { HandshakeMessage } from '../messages/handshake-message.js';
import type { ValidatedSettings } from '../settings.js';
import type { Session } from '../session/session.js';
import { suiteInfo, type CipherSuiteInfo } from '../suites.js';
import type { HandshakeIO } from './io.js';
import { KeySchedule13, type Tls13Hash } from './key-schedule13.js';
import type { ServerHandshakeOptions } from './options.js';
import type { AcceptedPsk, OfferedPsk } from './psk13.js';
import { equalBytes } from './shared.js';
import { KEYLOG, trafficState } from './tls13-shared.js';

/** Largest max_early_data_size a ticket can carry (a uint32, RFC 8446 4.6.1). */
const MAX_U32 = 0xffffffff;

/**
 * client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic",
 * ClientHello) (RFC 8446 7.1), reported to the key log.
 */
export function clientEarlyTrafficSecret(io: HandshakeIO, hash: Tls13Hash, psk: Uint8Array, helloHash: Uint8Array): Uint8Array {
  const secret = new KeySchedule13(io.provider, hash, psk).clientEarlyTrafficSecret(helloHash);
  io.keyLog(KEYLOG.clientEarly, secret);
  return secret;
}

// ---------------------------------------------------------------- server

/** The max_early_data_size our tickets carry: 0 (no early_data extension) unless the application opted in. */
export function ticketMaxEarlyData(options: ServerHandshakeOptions, settings: ValidatedSettings): number {
  return options.acceptEarlyData ? Math.min(settings.maxEarlyData, MAX_U32) : 0;
}

/**
 * Most bytes of rejected early data skipped before the connection fails:
 * the setting, or more if the ticket in use offered more (RFC 8446
 * 4.2.10: "up to the configured max_early_data_size").
 */
export function earlyDataSkipLimit(settings: ValidatedSettings, psk: AcceptedPsk | undefined): number {
  return Math.max(settings.maxEarlyData, psk?.maxEarlyData ?? 0);
}

/** What the server decides from the ClientHello in force. */
export interface EarlyDataDecision {
  readonly hello: ClientHello;
  readonly retried: boolean;
  readonly psk: AcceptedPsk | undefined;
  readonly suite: CipherSuiteInfo;
  /** The ALPN protocol this connection will use (undefined: none). */
  readonly alpn: Uint8Array | undefined;
  readonly serverName: string | undefined;
  readonly options: ServerHandshakeOptions;
}

/**
 * RFC 8446 4.2.10: whether the server accepts the client's early data.
 * Any failed check is a rejection (the data is then skipped), never an
 * error.
 */
export function acceptsEarlyData(d: EarlyDataDecision): boolean {
  const accept = d.options.acceptEarlyData;
  const psk = d.psk;
  if (d.hello.extensions?.earlyData === undefined || !accept || d.retried) return false;
  // "the server MUST have accepted a PSK cipher suite and selected the first key offered".
  if (psk === undefined || psk.index !== 0 || psk.external || psk.session === undefined || psk.maxEarlyData === 0) return false;
  // The version (a TLS 1.3 ticket, psk13.ts), the cipher suite and the ALPN protocol are the ticket's.
  const session: Session = psk.session;
  if (session.cipherSuite !== d.suite.id) return false;
  if (!equalBytes(session.appProto, d.alpn ?? new Uint8Array(0))) return false;
  if (typeof accept === 'function') {
    return accept({ ...(d.serverName !== undefined && { serverName: d.serverName }), ...(d.alpn !== undefined && { alpn: d.alpn }), session }) === true;
  }
  return true;
}

/**
 * The accepted early data, handed to the application as it arrives,
 * until EndOfEarlyData (RFC 8446 4.5). More than the ticket's
 * max_early_data_size is unexpected_message (4.6.1); a handshake message
 * other than EndOfEarlyData too; a record that does not decrypt is
 * bad_record_mac (4.2.10, from the record layer).
 */
export async function readEarlyData(io: HandshakeIO, limit: number): Promise<HandshakeMessage<EndOfEarlyData>> {
  let received = 0;
  for (;;) {
    const next = await io.expectEarlyData(EndOfEarlyData);
    if (!(next instanceof Uint8Array)) return next;
    received += next.length;
    if (received > limit) throw new TLSUnexpectedMessage(`more than ${limit} bytes of early data (RFC 8446 4.6.1)`);
    io.deliverEarlyData(next);
  }
}

// ---------------------------------------------------------------- client

/** Early data the client will send with its ClientHello. */
export interface EarlyDataOffer {
  readonly data: Uint8Array;
  /** The first PSK of the ClientHello: a ticket that allows early data. */
  readonly psk: OfferedPsk;
  /** The ticket's suite (RFC 8446 4.2.10: the early data's). */
  readonly suite: CipherSuiteInfo;
  /** The ticket's ALPN protocol (empty: none). */
  readonly alpn: Uint8Array;
}

/**
 * The early data to send, or undefined when it may not be: no data, no
 * ticket first among the PSKs, a ticket without early data or with less
 * than `data.length`, its suite not offered, its ALPN protocol not among
 * ours (RFC 8446 4.2.10, 4.6.1).
 */
export function earlyDataOffer(
  data: Uint8Array | undefined,
  psks: readonly OfferedPsk[],
  suites: readonly number[],
  alpn: readonly Uint8Array[],
  session: Session | undefined,
): EarlyDataOffer | undefined {
  if (data === undefined) return undefined;
  if (!(data instanceof Uint8Array)) throw new TypeError('earlyData must be a Uint8Array');
  const psk = psks[0];
  const ticket = psk?.ticket;
  if (data.length === 0 || psk === undefined || psk.external || ticket === undefined || session === undefined) return undefined;
  if ((ticket.maxEarlyData ?? 0) < data.length) return undefined;
  const suite = suiteInfo(ticket.cipherSuite);
  if (suite === undefined || !suites.includes(ticket.cipherSuite)) return undefined;
  const proto = session.appProto;
  if (proto.length > 0 && !alpn.some((p) => equalBytes(p, proto))) return undefined;
  return { data, psk, suite, alpn: proto };
}

/**
 * Right after the ClientHello (queued, not yet flushed): the compatibility
 * ChangeCipherSpec when `compatibility` (RFC 8446 D.4: placed right after
 * the first ClientHello when offering early data), then the early data
 * under the client_early_traffic_secret keys. The write state stays
 * there until the server says whether it accepted.
 */
export function sendEarlyData(io: HandshakeIO, offer: EarlyDataOffer, helloBytes: Uint8Array, compatibility: boolean, settings: ValidatedSettings): void {
  const hash = offer.suite.prfHash;
  const secret = clientEarlyTrafficSecret(io, hash, offer.psk.secret, io.provider.hashes[hash].digest(helloBytes));
  // The queued ClientHello is packed in its own record version (0x0301) by the key change; TLS 1.3 records follow.
  io.setWriteState(trafficState(io.provider, offer.suite, secret, 'write', settings.paddingCb));
  io.setRecordVersion(ProtocolVersion.TLS1_3, false);
  // In TLS 1.3 the ChangeCipherSpec is always in the clear, whatever the write state.
  if (compatibility) io.sendChangeCipherSpec();
  io.sendEarlyData(offer.data);
  io.flush();
}

/**
 * RFC 8446 4.2.10, 4.2.11: the server's early_data in EncryptedExtensions
 * is only valid when it selected our first PSK, with the ticket's suite
 * and ALPN protocol; anything else is illegal_parameter.
 */
export function checkEarlyDataAccepted(offer: EarlyDataOffer, selectedIdentity: number | undefined, suite: number, alpn: Uint8Array | undefined): void {
  if (selectedIdentity !== 0) throw new TLSIllegalParameterException('the server accepted early data without selecting the first PSK');
  if (suite !== offer.suite.id) throw new TLSIllegalParameterException('the server accepted early data with a suite other than the ticket\'s');
  if (!equalBytes(alpn ?? new Uint8Array(0), offer.alpn)) throw new TLSIllegalParameterException('the server accepted early data with an ALPN protocol other than the ticket\'s');
}
