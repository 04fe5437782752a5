/**
 * What an application passes to a handshake: the seed's
 * `handshakeClientCert` / `handshakeClientAnonymous` / `handshakeServer`
 * arguments as option objects.
 *
 * @module
 */
import type { HandshakeSettings } from '../settings.js';
import type { Key } from '../x509/keys.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import type { Session } from '../session/session.js';
import type { SessionStore } from '../session/session-cache.js';
import type { TicketKeys } from '../session/ticket.js';
import type { VerifierLookup } from './key-exchange/srp.js';

/** The view of a connection a checker gets (the Engine, or TLSConnection). */
export interface CheckedConnection {
  /** The session just negotiated (peer certificates in `serverCertChain` / `clientCertChain`). */
  readonly session: Session | undefined;
  /** True on the client side. */
  readonly isClient?: boolean;
  /** True for an abbreviated (resumed) handshake. */
  readonly resumed?: boolean;
}

/**
 * Called after a successful handshake (handshake/checker.ts's Checker,
 * or a function); throwing (TLSAuthenticationError and subclasses) fails
 * the handshake and closes the connection without an alert, as the seed.
 */
export type CheckerFunction = (connection: CheckedConnection) => void;

/** Anything with the seed's Checker behaviour: a function, or an object with `check(connection)`. */
export type CheckerLike = CheckerFunction | { check(connection: CheckedConnection): void };

/** What a server knows of a client's early data when it decides whether to accept it. */
export interface EarlyDataRequest {
  /** The SNI host name of this connection, if any. */
  readonly serverName?: string;
  /** The ALPN protocol of this connection (the same as the resumed session's), if any. */
  readonly alpn?: Uint8Array;
  /** The session the ticket resumes (its client certificate chain, if the client had sent one). */
  readonly session: Session;
}

/**
 * One certificate chain a side can authenticate with, for `certificates`.
 * `ocspResponse` (servers): the DER OCSPResponse to staple with this chain.
 */
export interface CertificateCandidate {
  readonly certChain: X509CertChain;
  readonly privateKey: Key;
  readonly ocspResponse?: Uint8Array;
}

/** Options common to both sides. */
export interface CommonHandshakeOptions {
  /** Protocol versions, suites, extensions; default `new HandshakeSettings()`. Validated before use. */
  readonly settings?: HandshakeSettings;
  /** Run after the handshake; see `CheckerFunction`. */
  readonly checker?: CheckerLike;
  /** Our certificate chain (server: required unless `anon`; client: sent when the server asks). */
  readonly certChain?: X509CertChain;
  /** The private key of `certChain`'s end-entity certificate. */
  readonly privateKey?: Key;
  /**
   * Several chains to choose from (after `certChain`/`privateKey`, which
   * come first when given). A server takes the first the client can use
   * (signature_algorithms, supported_groups, suites), preferring one
   * issued by a CA the client named in certificate_authorities (RFC 8446
   * 4.2.4); a client takes the first the CertificateRequest accepts,
   * preferring one issued by a CA it names.
   */
  readonly certificates?: readonly CertificateCandidate[];
  /**
   * ALPN protocols (RFC 7301): the client offers them in order; the server
   * picks the first of its own list that the client offered.
   */
  readonly alpn?: ReadonlyArray<string | Uint8Array>;
  /**
   * NPN protocols (draft-agl-tls-nextprotoneg): the server advertises them;
   * the client picks the first of its list the server advertised (or its
   * first if none matches, as the draft's fallback).
   */
  readonly nextProtos?: ReadonlyArray<string | Uint8Array>;
}

/** `Engine.handshakeClient` options (the seed's handshakeClientCert / handshakeClientAnonymous). */
export interface ClientHandshakeOptions extends CommonHandshakeOptions {
  /** A session to resume (by session ID, or by ticket when it carries one). */
  readonly session?: Session;
  /** The server name to send in SNI (RFC 6066 3); not sent for IP addresses. */
  readonly serverName?: string;
  /** Offer only anonymous (DH_anon, ECDH_anon) suites: the seed's handshakeClientAnonymous. */
  readonly anon?: boolean;
  /**
   * SRP user name (RFC 5054): with `srpPassword`, offer only the SRP
   * suites and send the srp extension (the seed's handshakeClientSRP).
   */
  readonly srpUsername?: string;
  /** SRP password (a string is used as UTF-8). */
  readonly srpPassword?: string | Uint8Array;
  /**
   * TLS 1.3 early data (0-RTT, RFC 8446 2.3): sent right after the
   * ClientHello when `session` holds a ticket that allows it (its
   * max_early_data_size is at least this long, its suite is offered, and
   * its ALPN protocol is among `alpn`); otherwise not sent at all. After
   * the handshake `earlyDataAccepted` says whether the server took it.
   * When it did not, none of it was delivered and it is NOT resent: the
   * application decides whether to send it again as ordinary data (RFC
   * 8446 4.2.10 advises against automatic resending). Early data has no
   * forward secrecy and may be replayed by an attacker (RFC 8446 8, E.5).
   */
  readonly earlyData?: Uint8Array;
  /**
   * TLS 1.3: offer post-handshake client authentication (the
   * post_handshake_auth extension, RFC 8446 4.2.6) and answer the
   * server's CertificateRequests after the handshake with `certChain`
   * (an empty Certificate without one). Default: offered when `certChain`
   * and `privateKey` are given, as tlslite-ng does.
   */
  readonly postHandshakeAuth?: boolean;
  /**
   * Ask the server to staple an OCSP response (status_request, RFC 6066 8;
   * RFC 8446 4.4.2.1), node:tls's `requestOCSP`. The response, if the
   * server sends one, is the connection's `ocspResponse`: DER bytes, not
   * validated by this library.
   */
  readonly requestOCSP?: boolean;
  /**
   * DER distinguished names of the CAs we trust, sent in the TLS 1.3
   * ClientHello's certificate_authorities (RFC 8446 4.2.4) so that a
   * server with several certificates can pick one we accept
   * (`certificateAuthoritiesOf(caCertificates)` makes the list).
   */
  readonly certificateAuthorities?: readonly Uint8Array[];
}

/** `Engine.handshakeServer` options (the seed's handshakeServer). */
export interface ServerHandshakeOptions extends CommonHandshakeOptions {
  /** Ask for a client certificate (CertificateRequest). The client may still send none. */
  readonly reqCert?: boolean;
  /** Fail the handshake (handshake_failure) if the client sends no certificate; implies reqCert. */
  readonly requireCert?: boolean;
  /** DER-encoded distinguished names for CertificateRequest.certificate_authorities. */
  readonly reqCAs?: readonly Uint8Array[];
  /**
   * A DER OCSPResponse (RFC 6960) for `certChain`'s end-entity
   * certificate, stapled when the client asks with status_request:
   * CertificateStatus after Certificate in TLS 1.2 (RFC 6066 8), the
   * end-entity CertificateEntry's status_request in TLS 1.3 (RFC 8446
   * 4.4.2.1). Sent as it is; this library does not check it.
   */
  readonly ocspResponse?: Uint8Array;
  /** Where full handshakes store sessions and session-ID resumption finds them. */
  readonly sessionCache?: SessionStore;
  /** Keys to issue and accept RFC 5077 tickets with; no tickets without them. */
  readonly ticketKeys?: TicketKeys;
  /** Offer anonymous suites (DH_anon, ECDH_anon) instead of certificate ones. */
  readonly anon?: boolean;
  /** Accept an SSLv2-format ClientHello (RFC 5246 E.2). Default true, as the seed. */
  readonly acceptSSLv2Hello?: boolean;
  /**
   * SRP verifiers (a `VerifierDB`): SRP suites are chosen for clients that
   * send the srp extension (SRP_SHA_RSA first when `certChain` holds an
   * RSA key); clients without it get the certificate suites when there is
   * a certificate, else handshake_failure.
   */
  readonly verifierDB?: VerifierLookup;
  /**
   * TLS 1.3: answer every first ClientHello with a HelloRetryRequest
   * carrying a cookie the client must echo (RFC 8446 4.2.2), a check that
   * the client receives at its address. Default false.
   */
  readonly retryWithCookie?: boolean;
  /**
   * TLS 1.3 early data (0-RTT, RFC 8446 2.3, 4.2.10). Default off: the
   * tickets do not offer it and a client's early data is skipped (up to
   * `settings.maxEarlyData` bytes). With `true`, tickets carry
   * max_early_data_size = `settings.maxEarlyData`, and a resumption whose
   * ticket allows it, with the ticket's suite and ALPN protocol and a
   * plausible ticket age, gets its early data accepted: delivered through
   * the engine's `earlyData` callback (TLSConnection: the 'earlyData'
   * event and `earlyData` property), never mixed with ordinary data. A
   * function decides per connection (tickets offer early data as with
   * `true`); returning false skips the early data.
   *
   * REPLAY: TLS gives early data no protection against replay (RFC 8446
   * 8, E.5): an attacker can deliver a copy of it to this server, or to
   * another that shares the ticket keys, any number of times within the
   * ticket's lifetime. Accept only requests that are safe to repeat
   * (idempotent), or keep your own record of what was seen.
   */
  readonly acceptEarlyData?: boolean | ((request: EarlyDataRequest) => boolean);
}
