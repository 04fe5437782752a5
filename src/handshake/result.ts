/**
 * What a completed handshake hands to the engine: the negotiated
 * parameters, the session, and the secrets the exporter needs.
 *
 * @module
 */
import type { PrfAlgorithm } from '../crypto/prf.js';
import type { Session } from '../session/session.js';
import type { HeartbeatAgreement } from './heartbeat.js';
import type { KeyExchangeInfo } from './key-exchange-info.js';
import type { Tls13State } from './tls13-shared.js';

/** The outcome of a successful TLS 1.2 (or earlier) handshake. */
export interface HandshakeResult {
  /** Negotiated version (wire value). */
  readonly version: number;
  /** Negotiated cipher suite (code point). */
  readonly cipherSuite: number;
  /** The session (new or resumed). */
  readonly session: Session;
  /** True for an abbreviated (resumed) handshake. */
  readonly resumed: boolean;
  /** The protocol agreed through ALPN or NPN. */
  readonly nextProto?: Uint8Array;
  /** The SNI host name (sent by the client / received by the server). */
  readonly serverName?: string;
  /** "native" or "pure": who serves the bulk cipher. */
  readonly cipherImplementation: string;
  /** The master secret (RFC 5246 8.1), for the exporter. */
  readonly masterSecret: Uint8Array;
  readonly clientRandom: Uint8Array;
  readonly serverRandom: Uint8Array;
  /** The PRF of the negotiated version and suite (the exporter uses it, RFC 5705 4). */
  readonly prfAlgorithm: PrfAlgorithm;
  /** The key exchange's group and signature (for reports); empty after RSA or a resumption. */
  readonly keyExchange?: KeyExchangeInfo;
  /** TLS 1.3: early data (0-RTT) was accepted (RFC 8446 4.2.10). */
  readonly earlyDataAccepted?: boolean;
  /** Client: the DER OCSPResponse the server stapled (RFC 6066 8, RFC 8446 4.4.2.1), not validated. */
  readonly ocspResponse?: Uint8Array;
  /** The heartbeat extension (RFC 6520), when negotiated. */
  readonly heartbeat?: HeartbeatAgreement;
  /** TLS 1.3 only: the exporter secret and the post-handshake message handling. */
  readonly tls13?: Tls13State;
}
