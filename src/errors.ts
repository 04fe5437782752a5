/**
 * The error hierarchy (the seed's `tlslite.errors`), and the one place
 * that decides which alert an error becomes.
 *
 * Three families:
 * - `TLSAlert` (`TLSLocalAlert`, `TLSRemoteAlert`): a connection ended by
 *   an alert we sent or one we received; this is what applications see
 *   when a handshake or connection fails.
 * - `TLSProtocolException` and its subclasses: raised while processing
 *   what the peer sent; each names the alert to send. The connection
 *   catches them, sends the alert, closes, and surfaces a `TLSLocalAlert`.
 * - Everything else (`TLSAuthenticationError`, `TLSClosedConnectionError`,
 *   `TLSFaultError`, ...): local conditions the application must handle.
 *
 * Messages never contain secret values.
 *
 * @module
 */
import { AlertDescription, AlertLevel } from './constants.js';

/** Base class of every error this library raises for a TLS reason. */
export class TLSError extends Error {
  override name = 'TLSError';
}

/** The connection was closed cleanly (close_notify) and cannot be used. */
export class TLSClosedConnectionError extends TLSError {
  override name = 'TLSClosedConnectionError';
}

/** The transport closed without a close_notify (possible truncation attack). */
export class TLSAbruptCloseError extends TLSError {
  override name = 'TLSAbruptCloseError';
}

/** A connection ended by an alert. */
export class TLSAlert extends TLSError {
  override name = 'TLSAlert';
  /** The alert description number (see `AlertDescription`). */
  readonly description: number;
  /** The alert level (see `AlertLevel`). */
  readonly level: number;

  constructor(description: number, level: number = AlertLevel.fatal, message?: string) {
    const text = AlertDescription.nameOf(description);
    super(message ? `${text}: ${message}` : text);
    this.description = description;
    this.level = level;
  }

  /** The description's name, e.g. `"bad_record_mac"`. */
  get descriptionName(): string {
    return AlertDescription.nameOf(this.description);
  }
}

/** We sent this alert (because of what the peer did, or a local failure). */
export class TLSLocalAlert extends TLSAlert {
  override name = 'TLSLocalAlert';
}

/** The peer sent this alert. */
export class TLSRemoteAlert extends TLSAlert {
  override name = 'TLSRemoteAlert';
}

/** The handshake completed but the peer's authentication is not acceptable. */
export class TLSAuthenticationError extends TLSError {
  override name = 'TLSAuthenticationError';
}

/** The peer did not authenticate at all (e.g. no certificate) where it was required. */
export class TLSNoAuthenticationError extends TLSAuthenticationError {
  override name = 'TLSNoAuthenticationError';
}

/** The peer authenticated with an unexpected kind of credential. */
export class TLSAuthenticationTypeError extends TLSAuthenticationError {
  override name = 'TLSAuthenticationTypeError';
}

/** The peer's certificate fingerprint did not match the expected one. */
export class TLSFingerprintError extends TLSAuthenticationError {
  override name = 'TLSFingerprintError';
}

/** The peer authenticated, but is not authorized. */
export class TLSAuthorizationError extends TLSAuthenticationError {
  override name = 'TLSAuthorizationError';
}

/** The peer's certificate chain failed validation. */
export class TLSValidationError extends TLSAuthenticationError {
  override name = 'TLSValidationError';
  /** Details of the failure, if any. */
  readonly info: unknown;

  constructor(message: string, info?: unknown) {
    super(message);
    this.info = info;
  }
}

/** A fault was deliberately injected (test tooling, as the seed's Fault). */
export class TLSFaultError extends TLSError {
  override name = 'TLSFaultError';
}

/** The requested feature or parameter is not supported by this library or configuration. */
export class TLSUnsupportedError extends TLSError {
  override name = 'TLSUnsupportedError';
}

/** An internal inconsistency: a bug in this library, never the peer's doing. */
export class TLSInternalError extends TLSError {
  override name = 'TLSInternalError';
}

/**
 * Base of the exceptions raised while processing what the peer sent;
 * `alert` is the description the connection sends for it.
 */
export class TLSProtocolException extends TLSError {
  override name = 'TLSProtocolException';
  /** The alert description to send (see `AlertDescription`). */
  readonly alert: number = AlertDescription.internal_error;
}

/** A value received from the peer is not allowed (illegal_parameter). */
export class TLSIllegalParameterException extends TLSProtocolException {
  override name = 'TLSIllegalParameterException';
  override readonly alert: number = AlertDescription.illegal_parameter;
}

/** A message could not be decoded: too short, too long, or a length that does not fit (decode_error). */
export class TLSDecodeError extends TLSProtocolException {
  override name = 'TLSDecodeError';
  override readonly alert: number = AlertDescription.decode_error;
}

/** A message arrived that is not allowed at this point (unexpected_message). */
export class TLSUnexpectedMessage extends TLSProtocolException {
  override name = 'TLSUnexpectedMessage';
  override readonly alert: number = AlertDescription.unexpected_message;
}

/** A record or its plaintext exceeds the negotiated limit (record_overflow). */
export class TLSRecordOverflow extends TLSProtocolException {
  override name = 'TLSRecordOverflow';
  override readonly alert: number = AlertDescription.record_overflow;
}

/** Decryption failed (decryption_failed); only SSLv3 and TLS 1.0 may send it, later versions use bad_record_mac. */
export class TLSDecryptionFailed extends TLSProtocolException {
  override name = 'TLSDecryptionFailed';
  override readonly alert: number = AlertDescription.decryption_failed;
}

/** A record failed authentication, or its padding was wrong (bad_record_mac; the two are indistinguishable). */
export class TLSBadRecordMAC extends TLSProtocolException {
  override name = 'TLSBadRecordMAC';
  override readonly alert: number = AlertDescription.bad_record_mac;
}

/** The peer's parameters are too weak for our settings (insufficient_security). */
export class TLSInsufficientSecurity extends TLSProtocolException {
  override name = 'TLSInsufficientSecurity';
  override readonly alert: number = AlertDescription.insufficient_security;
}

/** The PSK or SRP identity is unknown (unknown_psk_identity). */
export class TLSUnknownPSKIdentity extends TLSProtocolException {
  override name = 'TLSUnknownPSKIdentity';
  override readonly alert: number = AlertDescription.unknown_psk_identity;
}

/** No acceptable set of parameters could be negotiated (handshake_failure). */
export class TLSHandshakeFailure extends TLSProtocolException {
  override name = 'TLSHandshakeFailure';
  override readonly alert: number = AlertDescription.handshake_failure;
}

/** A signature or Finished value did not verify (decrypt_error). */
export class TLSDecryptError extends TLSProtocolException {
  override name = 'TLSDecryptError';
  override readonly alert: number = AlertDescription.decrypt_error;
}

/** The peer's protocol version is not acceptable (protocol_version). */
export class TLSProtocolVersionError extends TLSProtocolException {
  override name = 'TLSProtocolVersionError';
  override readonly alert: number = AlertDescription.protocol_version;
}

/** A mandatory extension is absent (missing_extension, RFC 8446 4.2). */
export class TLSMissingExtension extends TLSProtocolException {
  override name = 'TLSMissingExtension';
  override readonly alert: number = AlertDescription.missing_extension;
}

/** An extension appeared in a message that may not carry it (unsupported_extension). */
export class TLSUnsupportedExtension extends TLSProtocolException {
  override name = 'TLSUnsupportedExtension';
  override readonly alert: number = AlertDescription.unsupported_extension;
}

/** A certificate is malformed or its signature does not verify (bad_certificate). */
export class TLSBadCertificate extends TLSProtocolException {
  override name = 'TLSBadCertificate';
  override readonly alert: number = AlertDescription.bad_certificate;
}

/** A fallback ClientHello below our highest version (inappropriate_fallback, RFC 7507 3). */
export class TLSInappropriateFallback extends TLSProtocolException {
  override name = 'TLSInappropriateFallback';
  override readonly alert: number = AlertDescription.inappropriate_fallback;
}

/** No ALPN protocol in common (no_application_protocol, RFC 7301 3.2). */
export class TLSNoApplicationProtocol extends TLSProtocolException {
  override name = 'TLSNoApplicationProtocol';
  override readonly alert: number = AlertDescription.no_application_protocol;
}

/** TLS 1.3: the server requires a client certificate and got none (certificate_required, RFC 8446 4.4.2.4). */
export class TLSCertificateRequired extends TLSProtocolException {
  override name = 'TLSCertificateRequired';
  override readonly alert: number = AlertDescription.certificate_required;
}

/**
 * The peer authenticated, but access control refused it (access_denied,
 * RFC 8446 6.2): the checker rejected a certificate received in TLS 1.3
 * post-handshake authentication.
 */
export class TLSAccessDenied extends TLSProtocolException {
  override name = 'TLSAccessDenied';
  override readonly alert: number = AlertDescription.access_denied;
}

/**
 * A 64-bit record sequence number would wrap (RFC 5246 6.1: it may not);
 * the connection must be closed (or, in TLS 1.3, rekeyed) first.
 */
export class TLSSequenceNumberExhausted extends TLSError {
  override name = 'TLSSequenceNumberExhausted';
}

/**
 * The alert description to send when a connection fails with `error`:
 * the error's own alert for protocol exceptions and local alerts,
 * `internal_error` for anything else (a bug, or a local failure the peer
 * should not learn details of).
 */
export function alertFor(error: unknown): number {
  if (error instanceof TLSProtocolException) return error.alert;
  if (error instanceof TLSLocalAlert) return error.description;
  return AlertDescription.internal_error;
}
