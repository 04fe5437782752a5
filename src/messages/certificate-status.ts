/**
 * CertificateStatus (RFC 6066 8), sent by a TLS 1.2 (or earlier) server
 * right after its Certificate when it staples an OCSP response:
 *
 *     struct { CertificateStatusType status_type;
 *              select (status_type) { case ocsp: OCSPResponse; } response; } CertificateStatus;
 *     opaque OCSPResponse<1..2^24-1>;
 *
 * The OCSPResponse is DER (RFC 6960 4.2.1), kept as bytes: this library
 * carries it, it does not validate it. A status_type other than ocsp has
 * no defined body; it is kept raw so the handshake can refuse it.
 *
 * In TLS 1.3 the same CertificateStatus structure travels in the
 * status_request extension of a CertificateEntry instead (RFC 8446
 * 4.4.2.1; see extensions/status-request.ts).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { CertificateStatusType, HandshakeType } from '../constants.js';
import type { HandshakeBody } from './message.js';

export class CertificateStatus implements HandshakeBody {
  static readonly handshakeType = HandshakeType.certificate_status;
  readonly handshakeType = HandshakeType.certificate_status;
  /** The response: for `ocsp`, the DER OCSPResponse; for another type, the raw body after the type. */
  readonly response: Uint8Array;

  constructor(
    readonly statusType: number,
    response: Uint8Array,
  ) {
    this.response = response.slice();
  }

  /** The message stapling a DER OCSPResponse. */
  static ocsp(response: Uint8Array): CertificateStatus {
    return new CertificateStatus(CertificateStatusType.ocsp, response);
  }

  static read(p: Parser): CertificateStatus {
    const statusType = p.u8('status_type');
    if (statusType !== CertificateStatusType.ocsp) return new CertificateStatus(statusType, p.rest());
    return new CertificateStatus(statusType, p.vector(3, 'OCSPResponse', 1));
  }

  write(w: Writer): void {
    w.u8(this.statusType);
    if (this.statusType === CertificateStatusType.ocsp) w.vector24(this.response);
    else w.bytes(this.response);
  }

  toString(): string {
    return `CertificateStatus(${CertificateStatusType.nameOf(this.statusType)}, ${this.response.length} bytes)`;
  }
}
