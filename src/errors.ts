/**
 * The error hierarchy (the seed's `tlslite.errors`). This file holds the
 * part the lower layers need; the record-layer issue completes it.
 *
 * Protocol exceptions carry the alert description that the connection
 * sends when it fails with them (one place maps errors to alerts).
 *
 * @module
 */

/** Alert descriptions used by the errors below (RFC 5246 7.2, RFC 8446 6). */
export const enum AlertCode {
  unexpected_message = 10,
  bad_record_mac = 20,
  decryption_failed = 21,
  record_overflow = 22,
  handshake_failure = 40,
  illegal_parameter = 47,
  decode_error = 50,
  decrypt_error = 51,
  insufficient_security = 71,
  internal_error = 80,
  unknown_psk_identity = 115,
}

/** Base class of every error this library raises for a TLS reason. */
export class TLSError extends Error {
  override name = 'TLSError';
}

/** Base of the exceptions raised by protocol processing; `alert` is what the peer is sent. */
export class TLSProtocolException extends TLSError {
  override name = 'TLSProtocolException';
  /** The alert description to send for this error. */
  readonly alert: number = AlertCode.internal_error;
}

/** A value received from the peer is not allowed (illegal_parameter). */
export class TLSIllegalParameterException extends TLSProtocolException {
  override name = 'TLSIllegalParameterException';
  override readonly alert: number = AlertCode.illegal_parameter;
}

/** A message could not be decoded: too short, too long, or a length that does not fit (decode_error). */
export class TLSDecodeError extends TLSProtocolException {
  override name = 'TLSDecodeError';
  override readonly alert: number = AlertCode.decode_error;
}
