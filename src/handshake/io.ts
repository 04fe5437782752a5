/**
 * What a handshake flow sees of the connection: a way to await the next
 * handshake message (or ChangeCipherSpec) and a way to send one, plus the
 * few record-layer controls a TLS 1.2 handshake needs (the negotiated
 * version, the pending keys). The Engine implements it; flows never touch
 * the record layer, the transport or the event loop directly, which keeps
 * them straight-line code in RFC message order:
 *
 *     const hello = await io.expect(ServerHello);
 *     transcript.update(hello.bytes);
 *
 * Messages received are parsed with `io.context` (the version and key
 * exchange decide the layout of several messages), so a flow updates it
 * as soon as it has negotiated them.
 *
 * Rules the implementation enforces for every flow, so no flow repeats them:
 * - a handshake message other than the expected one, a ChangeCipherSpec
 *   where a message is expected (and the reverse), and application data
 *   during the handshake are unexpected_message (RFC 5246 7.4);
 * - a client ignores HelloRequest while it negotiates (RFC 5246 7.4.1.1);
 *   HelloRequest is never part of the transcript, so it is dropped here;
 * - an alert from the peer ends the handshake with TLSRemoteAlert (as
 *   tlslite-ng, warnings included: nothing in a TLS 1.2 handshake is
 *   answered by a warning);
 * - the transport closing ends it with TLSAbruptCloseError.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { Certificate } from '../messages/certificate.js';
import type { ClientHello } from '../messages/client-hello.js';
import type { MessageContext } from '../messages/context.js';
import type { HandshakeMessage } from '../messages/handshake-message.js';
import type { HandshakeBody, HandshakeClass } from '../messages/message.js';
import type { EarlyDataSkipMode } from '../record/early-data-skip.js';
import type { KeyBlockParams } from '../record/record-layer.js';
import type { ProtectionState } from '../record/types.js';

/** The first message a server reads: a ClientHello, possibly in the SSLv2-compatible format. */
export interface ReceivedClientHello {
  readonly message: HandshakeMessage<ClientHello>;
  /**
   * True when it came as an SSLv2 CLIENT-HELLO (RFC 5246 E.2); `message.bytes`
   * is then the SSLv2 body (from msg_type on), which is what the handshake
   * hash absorbs.
   */
  readonly ssl2: boolean;
}

/** The interface handshake flows use to talk to the peer. */
export interface HandshakeIO {
  /** Where every primitive of this connection comes from. */
  readonly provider: CryptoProvider;

  /**
   * How received messages are parsed: the flow sets `version` once the
   * hellos are exchanged and `keyExchange` once the suite is known.
   */
  context: MessageContext;

  /**
   * Awaits the next handshake message, which must be of class `cls`.
   * @throws TLSUnexpectedMessage for anything else; TLSDecodeError and
   *   friends for a malformed one; TLSRemoteAlert; TLSAbruptCloseError.
   */
  expect<M extends HandshakeBody>(cls: HandshakeClass<M>): Promise<HandshakeMessage<M>>;

  /**
   * Awaits the next handshake message, which must be of one of `classes`
   * (e.g. CertificateRequest or ServerHelloDone). Narrow the result with
   * `instanceof` on `message.body`.
   */
  expectOneOf(classes: readonly HandshakeClass[]): Promise<HandshakeMessage>;

  /**
   * SSLv3 servers: awaits the client's Certificate, or its no_certificate
   * warning alert (RFC 6101 5.6.6, 7.4: an SSLv3 client without a suitable
   * certificate says so with that alert), which resolves to null.
   */
  expectCertificateOrNoCertificate(): Promise<HandshakeMessage<Certificate> | null>;

  /** Awaits a ChangeCipherSpec (the record layer then switches to the pending read state). */
  expectChangeCipherSpec(): Promise<void>;

  /**
   * Awaits the first ClientHello of a connection (servers), accepting the
   * SSLv2-compatible format when the engine was told to.
   */
  expectClientHello(): Promise<ReceivedClientHello>;

  /**
   * Queues `body` as a handshake message (coalesced with the rest of the
   * flight; it goes out when the flow next waits for the peer or ends) and
   * returns it with its wire bytes, for the transcript.
   */
  send<M extends HandshakeBody>(body: M): HandshakeMessage<M>;

  /** Sends an alert in order with the queued messages (SSLv3's no_certificate warning). */
  sendAlert(level: number, description: number): void;

  /** Sends ChangeCipherSpec; the pending write state becomes current (RFC 5246 7.1). */
  sendChangeCipherSpec(): void;

  /**
   * Sets the record version (outgoing records) and, once `negotiated`,
   * requires incoming records to carry it (RFC 5246 Appendix E.1).
   */
  setRecordVersion(version: number, negotiated: boolean): void;

  /** Installs the pending read and write states from a TLS 1.2 (or earlier) key block. */
  installKeyBlock(params: KeyBlockParams): void;

  /**
   * Applies a negotiated record_size_limit (RFC 8449): protected records we
   * send carry at most `send` bytes (the peer's value), protected records
   * larger than `receive` (ours) are record_overflow.
   */
  setRecordSizeLimit(send: number, receive: number): void;

  /** Writes out everything queued (the end of a flight). */
  flush(): void;

  /**
   * Marks everything queued as bound for the peer, to go out with the
   * rest of the flight in one write, or alone before the alert if the
   * flight fails (a TLS 1.3 ServerHello before the keys change: the
   * client needs it to read an alert sent under the handshake keys).
   */
  flushBeforeKeyChange(): void;

  /**
   * TLS 1.3: the read protection changes now (RFC 8446 5.1: a handshake
   * message spanning the change is unexpected_message).
   */
  setReadState(state: ProtectionState): void;

  /** TLS 1.3: the write protection changes now; messages queued before go out under the old one. */
  setWriteState(state: ProtectionState): void;

  /**
   * TLS 1.3 server that rejected the client's early data: its records are
   * dropped, up to `limit` bytes, until the client's next flight (RFC 8446
   * 4.2.10; record/early-data-skip.ts).
   */
  skipEarlyData(mode: EarlyDataSkipMode, limit: number): void;

  /**
   * TLS 1.3 server that accepted early data: awaits the next record under
   * the early traffic keys, which is application data (returned as
   * bytes) or the handshake message `cls` (EndOfEarlyData); anything else
   * is unexpected_message.
   */
  expectEarlyData<M extends HandshakeBody>(cls: HandshakeClass<M>): Promise<HandshakeMessage<M> | Uint8Array>;

  /** Hands accepted early data to the application (before the handshake completes). */
  deliverEarlyData(data: Uint8Array): void;

  /** TLS 1.3 client: sends `data` as application data records under the current (early) write state. */
  sendEarlyData(data: Uint8Array): void;

  /**
   * Reports a secret for the NSS key log (SSLKEYLOGFILE): `label` as that
   * format names it (CLIENT_RANDOM, CLIENT_HANDSHAKE_TRAFFIC_SECRET, ...).
   * The engine pairs it with this connection's client random and passes
   * the line on only when the application asked for a key log; it costs
   * nothing otherwise. TLS 1.2 and earlier log CLIENT_RANDOM with the
   * master secret where the key block is installed (bridge.installKeys).
   */
  keyLog(label: string, secret: Uint8Array): void;
}
