/**
 * status_request (RFC 6066 8), OCSP stapling.
 *
 *     struct { CertificateStatusType status_type;
 *              select (status_type) { case ocsp: OCSPStatusRequest; } request; } CertificateStatusRequest;
 *     struct { ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions; } OCSPStatusRequest;
 *     opaque ResponderID<1..2^16-1>;
 *     opaque Extensions<0..2^16-1>;      (DER, kept as bytes)
 *
 * The ServerHello (TLS 1.2) carries an empty body. In a TLS 1.3
 * CertificateEntry the body is a CertificateStatus (RFC 8446 4.4.2.1,
 * RFC 6066 8): `status_type` and `opaque OCSPResponse<1..2^24-1>`.
 * An unknown status_type in a request is kept as raw bytes: its
 * structure is not known, and the server simply will not staple.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { CertificateStatusType, ExtensionType } from '../../constants.js';
import { shortHex, type Extension, type ExtensionContext } from './extension.js';

export class StatusRequestExtension implements Extension {
  static readonly type = ExtensionType.status_request;
  readonly type = ExtensionType.status_request;

  /**
   * `statusType` undefined is the empty ServerHello form. For an OCSP
   * request: `responderIds` and `requestExtensions` (DER). For an unknown
   * type: `request` holds the raw body after the type. In a Certificate
   * entry: `ocspResponse` holds the DER OCSPResponse.
   */
  constructor(
    readonly statusType?: number,
    readonly responderIds: readonly Uint8Array[] = [],
    readonly requestExtensions: Uint8Array = new Uint8Array(0),
    readonly request?: Uint8Array,
    readonly ocspResponse?: Uint8Array,
  ) {}

  /** The ClientHello form asking for an OCSP response with no responder ids or extensions. */
  static ocsp(): StatusRequestExtension {
    return new StatusRequestExtension(CertificateStatusType.ocsp);
  }

  /** The CertificateEntry form carrying a stapled response. */
  static ocspResponse(response: Uint8Array): StatusRequestExtension {
    return new StatusRequestExtension(CertificateStatusType.ocsp, [], new Uint8Array(0), undefined, response.slice());
  }

  static read(p: Parser, ctx: ExtensionContext): StatusRequestExtension {
    // Empty in a ServerHello (RFC 6066 8) and in a TLS 1.3 CertificateRequest (RFC 8446 4.4.2.1).
    if (ctx.message === 'server_hello' || ctx.message === 'certificate_request') return new StatusRequestExtension();
    const statusType = p.u8('status_type');
    if (ctx.message === 'certificate') {
      return new StatusRequestExtension(statusType, [], new Uint8Array(0), undefined, p.vector(3, 'OCSPResponse', 1).slice());
    }
    if (statusType !== CertificateStatusType.ocsp) {
      return new StatusRequestExtension(statusType, [], new Uint8Array(0), p.rest().slice());
    }
    const responderIds = p.items(2, (q) => q.vector(2, 'ResponderID', 1).slice(), 'responder_id_list');
    const requestExtensions = p.vector16('request_extensions').slice();
    return new StatusRequestExtension(statusType, responderIds, requestExtensions);
  }

  write(w: Writer): void {
    if (this.statusType === undefined) return;
    w.u8(this.statusType);
    if (this.ocspResponse !== undefined) {
      w.vector24(this.ocspResponse);
    } else if (this.request !== undefined) {
      w.bytes(this.request);
    } else {
      w.prefixed(2, (w) => {
        for (const id of this.responderIds) w.vector16(id);
      });
      w.vector16(this.requestExtensions);
    }
  }

  toString(): string {
    if (this.statusType === undefined) return 'status_request()';
    const type = CertificateStatusType.nameOf(this.statusType);
    if (this.ocspResponse) return `status_request(${type}, response ${this.ocspResponse.length} bytes)`;
    if (this.request) return `status_request(${type}, ${shortHex(this.request)})`;
    return `status_request(${type}, ${this.responderIds.length} responder ids, ${this.requestExtensions.length} bytes of extensions)`;
  }
}
