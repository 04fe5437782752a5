/**
 * CertificateRequest.
 *
 * TLS 1.2 (RFC 5246 7.4.4); TLS 1.0/1.1 and SSLv3 lack the algorithm list:
 *
 *     struct {
 *         ClientCertificateType certificate_types<1..2^8-1>;
 *         SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;   (TLS 1.2 only)
 *         DistinguishedName certificate_authorities<0..2^16-1>;
 *     } CertificateRequest;
 *     opaque DistinguishedName<1..2^16-1>;     (DER, kept as bytes)
 *
 * TLS 1.3 (RFC 8446 4.3.2), chosen by `ctx.version`:
 *
 *     struct { opaque certificate_request_context<0..2^8-1>;
 *              Extension extensions<2..2^16-1>; } CertificateRequest;
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { ClientCertificateType, HandshakeType, SignatureScheme } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { TLSDecodeError } from '../errors.js';
import { atLeastTLS12, isTLS13, type MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

/** The fields of a CertificateRequest; which are present depends on the version. */
export interface CertificateRequestFields {
  /** TLS 1.2 and earlier. */
  readonly certificateTypes?: readonly number[];
  /** TLS 1.2 only; undefined marks the pre-1.2 form. */
  readonly supportedSignatureAlgorithms?: readonly number[];
  /** TLS 1.2 and earlier: DER DistinguishedNames. */
  readonly certificateAuthorities?: readonly Uint8Array[];
  /** TLS 1.3 only; its presence marks the TLS 1.3 form. */
  readonly certificateRequestContext?: Uint8Array;
  /** TLS 1.3 only. */
  readonly extensions?: Extensions;
}

export class CertificateRequest implements HandshakeBody {
  static readonly handshakeType = HandshakeType.certificate_request;
  readonly handshakeType = HandshakeType.certificate_request;

  readonly certificateTypes: readonly number[];
  readonly supportedSignatureAlgorithms: readonly number[] | undefined;
  readonly certificateAuthorities: readonly Uint8Array[];
  readonly certificateRequestContext: Uint8Array | undefined;
  readonly extensions: Extensions | undefined;

  constructor(fields: CertificateRequestFields) {
    this.certificateTypes = [...(fields.certificateTypes ?? [])];
    this.supportedSignatureAlgorithms = fields.supportedSignatureAlgorithms && [...fields.supportedSignatureAlgorithms];
    this.certificateAuthorities = (fields.certificateAuthorities ?? []).map((dn) => dn.slice());
    this.certificateRequestContext = fields.certificateRequestContext?.slice();
    this.extensions = fields.extensions;
  }

  static read(p: Parser, ctx: MessageContext = {}): CertificateRequest {
    if (isTLS13(ctx)) {
      const certificateRequestContext = p.vector8('certificate_request_context');
      const extensions = Extensions.read(p, { message: 'certificate_request', version: ctx.version });
      // extensions<2..2^16-1>: an empty block is out of range (and signature_algorithms is mandatory, RFC 8446 4.3.2)
      if (extensions.length === 0) throw new TLSDecodeError('CertificateRequest: empty extensions');
      return new CertificateRequest({ certificateRequestContext, extensions });
    }
    const certificateTypes = p.u8List(1, 'certificate_types', 1);
    const supportedSignatureAlgorithms = atLeastTLS12(ctx)
      ? p.u16List(2, 'supported_signature_algorithms', 2, 0xfffe)
      : undefined;
    const certificateAuthorities = p.items(2, (q) => q.vector(2, 'DistinguishedName', 1).slice(), 'certificate_authorities');
    return new CertificateRequest({ certificateTypes, supportedSignatureAlgorithms, certificateAuthorities });
  }

  write(w: Writer): void {
    if (this.certificateRequestContext !== undefined) {
      w.vector8(this.certificateRequestContext);
      (this.extensions ?? Extensions.of([])).write(w);
      return;
    }
    w.u8List(1, this.certificateTypes);
    if (this.supportedSignatureAlgorithms) w.u16List(2, this.supportedSignatureAlgorithms);
    w.prefixed(2, (w) => {
      for (const dn of this.certificateAuthorities) w.vector16(dn);
    });
  }

  toString(): string {
    if (this.certificateRequestContext !== undefined) {
      return `CertificateRequest(context=${toHex(this.certificateRequestContext)}, extensions=${this.extensions})`;
    }
    const types = this.certificateTypes.map((c) => ClientCertificateType.nameOf(c)).join(', ');
    const algs = this.supportedSignatureAlgorithms
      ? `, signature_algorithms=[${this.supportedSignatureAlgorithms.map((s) => SignatureScheme.nameOf(s)).join(', ')}]`
      : '';
    return `CertificateRequest(types=[${types}]${algs}, ${this.certificateAuthorities.length} CA names)`;
  }
}
